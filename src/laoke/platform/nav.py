"""Menu entries contributed by other apps.

An app lists its pages in its ``AppConfig.nav_items`` (labels marked for translation in that
app, so they live in its own catalogue); the main navigation shows them after the built-in ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from laoke.platform.memo import kept


@dataclass(frozen=True)
class NavItem:
    """One menu entry: URL name, label, the ``nav`` key that marks it active, who sees it."""

    url_name: str
    label: Any
    key: str
    managers_only: bool = False


#: A menu's entries per (whether a manager, script prefix, URLconf, language): every page asks for
#: the menu (this context processor, and the kept pages' reader key), and a ``reverse()`` per entry
#: cost some 0.1 ms a call; what they read changes only with these (the apps' entries are fixed
#: in the process).
_MENUS: dict[tuple[Any, ...], tuple[tuple[str, Any, str], ...]] = {}
#: The same menus as text (labels in the key's language): what a kept page's key holds of them.
_SHOWN: dict[tuple[Any, ...], tuple[tuple[str, str, str], ...]] = {}
MENUS_MAX = 64


def _entries(manager: bool) -> tuple[tuple[str, Any, str], ...]:
    entries = []
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", ()):
            if item.managers_only and not manager:
                continue
            try:
                href = reverse(item.url_name)
            except NoReverseMatch:
                continue
            entries.append((item.key, item.label, href))
    return tuple(entries)


def _menu_key(user: Any) -> tuple[Any, ...]:
    manager = bool(getattr(user, "is_manager", False))
    return (manager, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, get_language())


def nav_items(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``app_nav`` holds (key, label, href) for the current user."""
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"app_nav": []}
    key = _menu_key(user)
    entries = kept(_MENUS, key, MENUS_MAX, lambda: _entries(key[0]))
    return {"app_nav": list(entries)}


def shown_menu(request: HttpRequest) -> tuple[tuple[str, str, str], ...]:
    """The entries :func:`nav_items` gives ``request``, labels as text in the active language: the
    menu as a kept page shows it (part of its key)."""
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ()
    key = _menu_key(user)

    def shown() -> tuple[tuple[str, str, str], ...]:
        entries = kept(_MENUS, key, MENUS_MAX, lambda: _entries(key[0]))
        return tuple((name, str(label), href) for name, label, href in entries)

    return kept(_SHOWN, key, MENUS_MAX, shown)


def forget_menus() -> None:
    """Forget the kept menus (tests: an app's entries changed)."""
    _MENUS.clear()
    _SHOWN.clear()
