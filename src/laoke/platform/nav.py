"""Menu entries contributed by other apps.

An app lists its pages in its ``AppConfig.nav_items`` (labels marked for translation in that
app, so they live in its own catalogue); the main navigation shows them after the built-in ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    """One menu entry: URL name, label, the ``nav`` key that marks it active, who sees it."""

    url_name: str
    label: Any
    key: str
    managers_only: bool = False


def nav_items(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``app_nav`` holds (key, label, href) for the current user."""
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"app_nav": []}
    entries = []
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", ()):
            if item.managers_only and not getattr(user, "is_manager", False):
                continue
            try:
                href = reverse(item.url_name)
            except NoReverseMatch:
                continue
            entries.append((item.key, item.label, href))
    return {"app_nav": entries}
