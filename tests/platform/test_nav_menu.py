"""The apps' menu entries (``laoke.platform.nav``) are kept per process under whether the reader is
a manager, the script prefix, the URLconf and the language: each page asks for them (the context
processor and the kept pages' reader key) and a ``reverse()`` per entry cost ~0.1 ms a call; what
is kept is what the entries read afresh would be."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import get_script_prefix, path, set_script_prefix, set_urlconf
from django.utils import translation

from laoke.accounts.models import User
from laoke.platform import nav
from tests.web.conftest import manager, sales

__all__ = ["manager", "sales"]

pytestmark = pytest.mark.django_db


def _request(user: Any) -> HttpRequest:
    request = RequestFactory().get("/")
    request.user = user
    return request


def _fresh(user: User) -> list[tuple[str, str, str]]:
    """The entries as read without the memo: each app's, reversed now."""
    return [(key, str(label), href) for key, label, href in nav._entries(bool(user.is_manager))]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_kept_menu_is_the_menu_read_afresh(language: str, sales: User, manager: User) -> None:
    """A manager's menu (the managers' entries too) and a salesperson's, each the entries read
    afresh, labels in the reader's language, asked twice (the second time from the memo)."""
    nav.forget_menus()
    with translation.override(language):
        for user in (sales, manager, sales, manager):
            shown = [(key, str(label), href) for key, label, href in nav.nav_items(_request(user))["app_nav"]]
            assert shown == _fresh(user)
            assert list(nav.shown_menu(_request(user))) == shown
        assert {"audit", "jobs"} <= {key for key, _label, _href in _fresh(manager)}
        assert not {"audit", "jobs"} & {key for key, _label, _href in nav.shown_menu(_request(sales))}
    with translation.override("en"):
        english = nav.shown_menu(_request(sales))
    with translation.override("zh-hans"):
        chinese = nav.shown_menu(_request(sales))
    assert [label for _key, label, _href in english] != [label for _key, label, _href in chinese]
    assert [href for _key, _label, href in english] == [href for _key, _label, href in chinese]


def test_an_anonymous_reader_has_no_app_menu() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert nav.nav_items(_request(AnonymousUser())) == {"app_nav": []}
    assert nav.shown_menu(_request(AnonymousUser())) == ()


def test_the_menu_follows_the_script_prefix(sales: User) -> None:
    """Served under another prefix the links carry it, and back at the root they do not."""
    before = get_script_prefix()
    try:
        for prefix in ("/", "/crm/", "/"):
            set_script_prefix(prefix)
            hrefs = [href for _key, _label, href in nav.nav_items(_request(sales))["app_nav"]]
            assert hrefs == [href for _key, _label, href in _fresh(sales)]
            assert all(href.startswith(prefix) for href in hrefs)
            assert any(href.startswith("/crm/") for href in hrefs) == (prefix == "/crm/")
            assert [href for _key, _label, href in nav.shown_menu(_request(sales))] == hrefs
    finally:
        set_script_prefix(before)


def _kpi(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


class _OnlyKpis:
    """A URLconf with one of the menu's pages, somewhere else."""

    urlpatterns = [path("figures/", _kpi, name="kpi")]


def test_the_menu_follows_the_urlconf(sales: User) -> None:
    """A request served by another URLconf gets that URLconf's entries (those it can reverse)."""
    assert len(nav.nav_items(_request(sales))["app_nav"]) > 1
    set_urlconf(_OnlyKpis)
    try:
        assert nav.nav_items(_request(sales))["app_nav"] == [
            (key, label, "/figures/") for key, label, _href in nav._entries(False) if key == "kpi"
        ]
        assert [key for key, _label, _href in nav.shown_menu(_request(sales))] == ["kpi"]
    finally:
        set_urlconf(None)
    assert len(nav.nav_items(_request(sales))["app_nav"]) > 1
