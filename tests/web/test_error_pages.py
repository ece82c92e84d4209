"""403, 404, 500 and the CSRF failure read as sentences in the reader's language, with a way home."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client, override_settings

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("production_errors"),
]

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def production_errors():  # type: ignore[no-untyped-def]
    with override_settings(DEBUG=False, ROOT_URLCONF="tests.web.error_urls"):
        yield


def chinese() -> Client:
    """A browser whose language cookie says Simplified Chinese (its Accept-Language says English)."""
    client = Client(raise_request_exception=False, **ENGLISH)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


def english() -> Client:
    return Client(raise_request_exception=False, **ENGLISH)


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def test_404_in_english() -> None:
    response = english().get("/no-such-page/")
    assert response.status_code == 404
    page = text(response)
    assert "Page not found" in page
    assert "This page does not exist, or it is not open to you." in page
    assert 'href="/"' in page and "Go to the start page" in page
    assert '<html lang="en">' in page


def test_404_in_chinese() -> None:
    response = chinese().get("/no-such-page/")
    assert response.status_code == 404
    page = text(response)
    assert "找不到这个页面" in page
    assert "这个页面不存在，或者您无权查看。" in page
    assert "返回首页" in page
    assert "Page not found" not in page


def test_403_in_both_languages() -> None:
    response = english().get("/test-forbidden/")
    assert response.status_code == 403
    assert "Your account may not open this page." in text(response)
    assert "ask your manager or the administrator" in text(response)
    response = chinese().get("/test-forbidden/")
    assert response.status_code == 403
    assert "您的账号无权打开这个页面。" in text(response)


def test_500_when_a_view_raises_in_both_languages() -> None:
    response = english().get("/test-boom/")
    assert response.status_code == 500
    page = text(response)
    assert "Something went wrong" in page
    assert "What you were doing may not have been saved." in page
    assert 'href="/"' in page
    response = chinese().get("/test-boom/")
    assert response.status_code == 500
    assert "出了点问题" in text(response)
    assert "Something went wrong" not in text(response)


def test_500_renders_without_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page needs no query: it renders while every query fails."""

    def no_database(*args: object, **kwargs: object) -> None:
        raise AssertionError("the 500 page ran a query")

    client = english()
    with connections["default"].execute_wrapper(no_database):
        response = client.get("/test-boom/")
    assert response.status_code == 500
    assert "Something went wrong" in text(response)


def test_a_form_without_its_csrf_token_is_explained_in_both_languages() -> None:
    client = Client(enforce_csrf_checks=True, **ENGLISH)
    response = client.post("/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "The form has expired" in text(response)
    assert "reload the page and send the form again" in text(response)
    assert "CSRF" not in text(response)
    zh = Client(enforce_csrf_checks=True, **ENGLISH)
    zh.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    response = zh.post("/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "表单已过期" in text(response)
