"""The main menu on a desktop screen: every label stays on one line, in Chinese and in English."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from laoke.accounts.models import RoleChoices
from tests.browser.conftest import log_in
from tests.web import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("width", [800, 1300])
def test_manager_menu_labels_never_break_inside_a_word(
    page: Page, live_server: Any, language: str, width: int
) -> None:
    """A manager sees the longest menu; no label may wrap onto a second line (Chinese broke per character)."""
    f.user("boss", role=RoleChoices.MANAGER)
    url = live_server.url
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, url, "boss", f.PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": url}])
    page.goto(f"{url}/customers/")
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        page.locator("#main-nav.show").wait_for()
    labels = page.locator("#main-nav .nav-link, #main-nav .language-switch .btn")
    assert labels.count() >= 10
    for i in range(labels.count()):
        label = labels.nth(i)
        lines = label.evaluate(
            "el => { const s = getComputedStyle(el); const lh = parseFloat(s.lineHeight);"
            " const inner = el.getBoundingClientRect().height - parseFloat(s.paddingTop)"
            " - parseFloat(s.paddingBottom) - parseFloat(s.borderTopWidth) - parseFloat(s.borderBottomWidth);"
            " return Math.round(inner / lh); }"
        )
        assert lines == 1, f"{label.inner_text()!r} takes {lines} lines at {width} px in {language}"
