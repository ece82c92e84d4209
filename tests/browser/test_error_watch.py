"""The browser fixture really notices console errors and uncaught exceptions."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import watch_errors

pytestmark = pytest.mark.browser


def test_console_errors_and_page_errors_are_collected(browser: Browser) -> None:
    """It records a console.error call and an uncaught exception."""
    context = browser.new_context()
    tab = context.new_page()
    errors = watch_errors(tab)
    tab.set_content(
        "<script>console.error('boom'); setTimeout(() => { throw new Error('kaput'); });</script>"
    )
    tab.wait_for_timeout(200)
    context.close()
    assert any("boom" in e for e in errors)
    assert any("kaput" in e for e in errors)
