"""A handover in a real browser: the manager hands a leaving salesperson's customers over; the new
owner reads the dossier; the old account cannot log in; the audit log shows it (no console errors)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from laoke.accounts.models import RoleChoices
from tests.browser.conftest import log_in
from tests.web import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_hands_over_and_the_new_owner_reads_the_dossier(page: Page, live_server: Any) -> None:
    """Team → Hand over → tick a colleague → confirm; the heir sees the customer and its dossier."""
    f.user("boss", role=RoleChoices.MANAGER)
    leaver = f.user("leaver", first_name="Lea")
    f.user("heir", first_name="Hai")
    customer = f.customer("Hamburg Tools GmbH", owner=leaver, notes="Prefers WhatsApp")
    f.score(customer, grade="A", revenue_12m=5000.0)
    f.task(customer, leaver, timezone.localdate())
    url = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": url}])

    log_in(page, url, "boss", f.PASSWORD)
    page.get_by_role("link", name="Team").click()
    expect(page.get_by_role("heading", name="Team", exact=True)).to_be_visible()
    page.locator("#team-table tr", has_text="leaver").get_by_role("link", name="Hand over").click()
    expect(page.get_by_role("cell", name="Hamburg Tools GmbH")).to_be_visible()
    page.get_by_label("Hai").check()
    page.get_by_label("Note for the new owners").fill("Call them on Mondays")
    page.get_by_label("Deactivate the account").check()
    page.get_by_role("button", name="Hand over and deactivate").click()
    expect(page.get_by_text("1 customers of Lea handed over")).to_be_visible()
    page.get_by_role("link", name="Audit log").click()
    expect(page.locator("#audit-table")).to_contain_text("Handover")
    expect(page.locator("#audit-table")).to_contain_text("Account deactivated")
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": url}])

    page.goto(f"{url}/login/")
    page.get_by_label("Username").fill("leaver")
    page.get_by_label("Password").fill(f.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("correct username and password")).to_be_visible()

    log_in(page, url, "heir", f.PASSWORD)
    page.goto(f"{url}/customers/{customer.pk}/")
    page.get_by_role("link", name="Handover dossier").click()
    expect(page.locator(".dossier")).to_contain_text("Prefers WhatsApp")
    expect(page.locator(".dossier")).to_contain_text("Call them on Mondays")
