"""Drafts in the reader's language with a proper salutation; own templates; festival switches per company."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import User
from laoke.cadence.models import FestivalSwitch, MailTemplate
from laoke.cadence.services.agenda import refresh_agenda
from laoke.customers.models import Contact
from laoke.interactions.models import Interaction
from laoke.retention.models import Task
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _task(owner: User, *, kind: str, country: str = "DE", details: dict[str, object], **contact: str) -> Task:
    cust = f.customer("Weber Chemie GmbH", owner=owner)
    cust.country = country
    cust.save(update_fields=["country"])
    Contact.objects.create(customer=cust, email="s.weber@example.de", is_primary=True, **contact)
    return f.task(
        cust, owner, timezone.localdate(), kind=kind, rule_key=f"t:{kind}:{cust.pk}", details=details
    )


def _draft(client: Client, task: Task) -> str:
    return client.get(f"/cadence/tasks/{task.pk}/draft/").content.decode()


def test_german_contact_gets_a_german_mail_with_the_real_date_of_the_last_mail(
    sales_client: Client, sales: User
) -> None:
    """ "Sehr geehrter Herr Weber," and the day the last mail actually went out, not the task's due day."""
    task = _task(
        sales,
        kind="ladder_ask",
        details={"interaction_id": 1, "step": 1},
        name="Stefan Weber",
        language="de",
        form_of_address="mr",
    )
    sent = timezone.make_aware(dt.datetime(2026, 12, 4, 10, 0))
    Interaction.objects.create(customer=task.customer, kind="email_out", direction="out", occurred_at=sent)
    page = _draft(sales_client, task)
    assert "Sehr geehrter Herr Weber," in page
    assert "Am 4. Dezember 2026 hatte ich Ihnen geschrieben" in page
    assert "Dear" not in page


def test_without_a_form_of_address_the_german_greeting_stays_neutral(
    sales_client: Client, sales: User
) -> None:
    """No gender on record: "Guten Tag Stefan Weber," (no guess); no last mail: that sentence is left out."""
    task = _task(sales, kind="ladder_ask", details={}, name="Stefan Weber", language="de")
    page = _draft(sales_client, task)
    assert "Guten Tag Stefan Weber," in page
    body = page.split('id="draft-body"')[1].split("</textarea>")[0]
    assert "geschrieben" not in body and "{" not in body


def test_language_comes_from_the_country_when_the_contact_has_none(sales_client: Client, sales: User) -> None:
    """A Japanese customer's contact without a language gets Japanese, addressed by family name with 様."""
    on = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    task = _task(
        sales,
        kind="festival",
        country="JP",
        details={"festival": "new_year", "festival_en": "New Year", "festival_zh": "新年", "on": on},
        name="Hiroshi Sato",
    )
    page = _draft(sales_client, task)
    assert "Sato様" in page and "謹んで新年のお慶びを申し上げます" in page


def test_chinese_contact_is_greeted_with_family_name_and_title(sales_client: Client, sales: User) -> None:
    """王伟, purchasing manager: "王经理您好："."""
    on = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    task = _task(
        sales,
        kind="festival",
        country="SG",
        details={
            "festival": "lunar_new_year",
            "festival_en": "Lunar New Year",
            "festival_zh": "春节",
            "on": on,
        },
        name="王伟",
        role="采购经理",
        language="zh",
    )
    assert "王经理您好：" in _draft(sales_client, task)


def test_a_festival_greeting_after_the_festival_has_no_draft(sales_client: Client, sales: User) -> None:
    """A greeting for a festival two months past is not drafted (no Eid wishes in December)."""
    past = (timezone.localdate() - dt.timedelta(days=60)).isoformat()
    task = _task(
        sales,
        kind="festival",
        details={
            "festival": "eid_al_fitr",
            "festival_en": "Eid al-Fitr",
            "festival_zh": "开斋节",
            "on": past,
        },
        name="Ahmed Ali",
        language="ar",
    )
    assert sales_client.get(f"/cadence/tasks/{task.pk}/draft/").status_code == 404


def test_a_salesperson_keeps_an_own_template_that_wins_over_the_companys(
    sales_client: Client, sales: User, other_sales: User
) -> None:
    """Own template for German birthday wishes: used for their drafts only; the company's for others."""
    MailTemplate.objects.create(
        kind="birthday", language="de", subject="Firma: Alles Gute", body="{salutation}"
    )
    on = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    mine = _task(sales, kind="birthday", details={"on": on}, name="Stefan Weber", language="de")
    theirs = _task(other_sales, kind="birthday", details={"on": on}, name="Stefan Weber", language="de")
    response = sales_client.post(
        "/cadence/templates/birthday/de/mine/",
        {"subject": "Alles Gute, {contact}!", "body": "{salutation}\n\nx"},
    )
    assert response.status_code == 302
    assert MailTemplate.objects.get(owner=sales, kind="birthday", language="de")
    assert "Alles Gute, Stefan Weber!" in _draft(sales_client, mine)
    other = Client()
    other.force_login(other_sales)
    assert "Firma: Alles Gute" in _draft(other, theirs)
    listing = sales_client.get("/cadence/templates/?lang=de").content.decode()
    assert "Deutsch" in listing and "Alles Gute, {contact}!" in listing
    # A salesperson cannot change the company's template.
    assert (
        sales_client.post("/cadence/templates/birthday/de/", {"subject": "x", "body": "y"}).status_code == 403
    )


def test_festival_page_lists_markets_and_a_manager_switches_a_greeting_off(
    manager_client: Client, sales: User
) -> None:
    """Korea without Christmas: the page shows it off and the agenda proposes no Christmas greeting there."""
    page = manager_client.get("/cadence/festivals/").content.decode()
    assert 'id="country-SG"' in page and 'data-festival="lunar_new_year" data-on="1"' in page
    assert page.count('<tr id="country-') == 41
    korea = ["new_year", "lunar_new_year", "mid_autumn"]  # Christmas left unticked
    manager_client.post("/cadence/festivals/", {"country": "KR", "on": korea})
    assert FestivalSwitch.objects.get(country="KR", festival="christmas").enabled is False
    page = manager_client.get("/cadence/festivals/").content.decode()
    row = page.split('id="country-KR"')[1].split("</tr>")[0]
    assert 'data-festival="christmas" data-on="0"' in row
    cust = f.customer("Kim Chemical", owner=sales)
    cust.country = "KR"
    cust.save(update_fields=["country"])
    refresh_agenda(as_of=dt.date(2026, 12, 10))
    kinds = set(
        Task.objects.filter(customer=cust, kind="festival").values_list("details__festival", flat=True)
    )
    assert "christmas" not in kinds
    seller = Client()
    seller.force_login(sales)
    assert seller.post("/cadence/festivals/", {"country": "KR", "on": ["christmas"]}).status_code == 403
    assert (
        "Korea" in seller.get("/cadence/festivals/").content.decode()
        or "韩国" in seller.get("/cadence/festivals/").content.decode()
    )


def test_festival_page_names_the_festivals_in_the_readers_language(manager_client: Client) -> None:
    """The festival names come from the cadence catalogue: English, and Chinese for a Chinese reader."""
    row = manager_client.get("/cadence/festivals/").content.decode().split('id="country-SG"')[1]
    assert "Lunar New Year" in row.split("</tr>")[0] and "Diwali" in row.split("</tr>")[0]
    manager_client.cookies["django_language"] = "zh-hans"
    row = manager_client.get("/cadence/festivals/").content.decode().split('id="country-SG"')[1]
    assert "春节" in row.split("</tr>")[0] and "排灯节" in row.split("</tr>")[0]
