"""The follow-up plan in a real browser: the engine's agenda, a kind filter, a mail draft, the calendar."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect

from laoke.cadence.services.agenda import refresh_agenda
from laoke.customers.models import Contact
from laoke.interactions.models import Interaction
from laoke.retention.models import Task
from tests.browser.conftest import log_in
from tests.web import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_salesperson_follows_the_ladder_from_the_agenda(page: Page, live_server: Any) -> None:
    """An unanswered mail puts 'ask whether it arrived' on Today; its draft (in the contact's English)
    states the day of the mail and opens as a mailto."""
    today = timezone.localdate()
    sales = f.user("sales1", first_name="Li")
    customer = f.customer("Berger Lacke GmbH", owner=sales, country="DE")
    f.score(customer, grade="B")
    Contact.objects.create(
        customer=customer, name="Jonas Berger", email="jonas@berger.de", language="en", is_primary=True
    )
    Interaction.objects.create(
        customer=customer,
        user=sales,
        kind="email_out",
        direction="out",
        subject="New pigment range",
        occurred_at=timezone.now() - dt.timedelta(days=4),
    )
    refresh_agenda(as_of=today)
    ladder = Task.objects.get(kind="ladder_ask")
    url = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": url}])
    log_in(page, url, "sales1", f.PASSWORD)

    row = page.locator(f"#task-{ladder.pk}")
    expect(row).to_contain_text("Ask whether the mail arrived")
    expect(row).to_contain_text("New pigment range")
    page.locator('a.kind-chip[data-kind="ladder_ask"]').click()
    expect(page.locator(".task-row")).to_have_count(1)

    page.locator(f"#task-{ladder.pk}").get_by_role("link", name="Draft mail").click()
    expect(page.get_by_role("heading", name="Mail draft")).to_be_visible()
    expect(page.get_by_label("Subject")).to_have_value("Following up on my last mail")
    sent = Interaction.objects.get(kind="email_out").occurred_at
    mail_day = timezone.localtime(sent).date().strftime("%-d %B %Y")
    expect(page.get_by_label("Message")).to_have_value(re.compile(f"I wrote to you on {mail_day}"))
    page.get_by_label("Subject").fill("Quick check, Jonas")
    mailto = page.get_by_role("link", name="Open in my mail program").get_attribute("href") or ""
    assert mailto.startswith("mailto:jonas@berger.de?subject=Quick%20check%2C%20Jonas")
    expect(page.get_by_role("button", name="Send through the company's mail server")).to_have_count(0)

    response = page.request.get(f"{url}/cadence/calendar.ics")
    events = [str(e["SUMMARY"]) for e in Calendar.from_ical(response.body()).walk("VEVENT")]
    assert any("Ask whether the mail arrived — Berger Lacke GmbH" in s for s in events)

    page.get_by_role("link", name="Follow-up plan").first.click()
    expect(page.get_by_role("heading", name="Response time to customer mails (last 90 days)")).to_be_visible()
