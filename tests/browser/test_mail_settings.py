"""A salesperson connects a mailbox in a real browser: a clear error first, then a sync."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from laoke.interactions.models import Interaction
from tests.browser.conftest import log_in
from tests.mailbox import seed
from tests.mailbox.servers import Dovecot, running_dovecot
from tests.web import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def imap_server() -> Iterator[Dovecot]:
    """A real Dovecot with one mailbox holding part of the seeded inbox."""
    with running_dovecot() as server:
        server.add_user("li", "right-password")
        server.append("li", "INBOX", seed.first_five())
        yield server


def test_connect_with_wrong_password_then_right_one_and_sync(
    page: Page, live_server: Any, imap_server: Dovecot
) -> None:
    """The wrong password is named on the page; the right one connects; Sync now stores customer mail."""
    sales = f.user("sales1", email=seed.US)
    seed.customers(sales)
    url = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": url}])
    log_in(page, url, "sales1", f.PASSWORD)
    page.get_by_role("link", name="Mailbox").click()
    expect(page.get_by_role("heading", name="Connect a mailbox")).to_be_visible()
    page.get_by_label("IMAP server").fill(imap_server.host)
    page.get_by_label("IMAP port").fill(str(imap_server.port))
    page.get_by_label("IMAP security").select_option("none")
    page.get_by_label("Login name").fill("li")
    page.get_by_label("Password or app password").fill("wrong-password")
    page.get_by_role("button", name="Check and save").click()
    expect(page.locator("#mailbox-error")).to_contain_text("refused the login for “li”")
    expect(page.get_by_label("Password or app password")).to_have_value("")  # never sent back

    page.get_by_label("Password or app password").fill("right-password")
    page.get_by_role("button", name="Check and save").click()
    expect(page.get_by_role("status")).to_contain_text("Mailbox connected: the login works.")
    page.get_by_role("button", name="Sync now").click()
    expect(page.locator("[data-job=mailbox] [data-job=result]")).to_contain_text("5 new messages, 3 stored.")
    expect(page.get_by_text("carl@acme.com")).to_be_visible()
    assert Interaction.objects.filter(mail_account__isnull=False).count() == 3

    page.get_by_role("button", name="中文").click()
    expect(page.get_by_role("heading", name="邮箱设置")).to_be_visible()
