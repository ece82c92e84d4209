"""A first visit to the 360° page reads less (seventh round): the scorecard, forecast and edited
portrait come with the customer, the book version, the contacts and whether the reader sees the
customer are read once, the win-back panel skips the active-plan question when it knows the answer;
the blank complaint and personal-task fields are kept per language and day, the facts form is put
together from parts kept per field and value. Each test shows what the page shows after a change."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from laoke.accounts.models import User
from laoke.cadence.models import PlanStatusChoices, ReactivationPlan
from laoke.cadence.services.plans import may_start_plan
from laoke.company.models import ScoringPolicy
from laoke.core.scorecard.policy import Policy
from laoke.core.scorecard.policy_toml import policy_to_toml
from laoke.customers.models import Customer, CustomerShare, HandoverDossier
from laoke.pipeline.models import CustomerPortrait
from laoke.web.customer_360 import header_links
from laoke.web.customer_forms import ManualFactsForm
from laoke.web.customer_panels import facts_fields
from laoke.web.forms import InteractionQuickForm
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _page(client: Client, customer_id: int, language: str = "en") -> str:
    client.cookies["django_language"] = language
    response = client.get(f"/customers/{customer_id}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _part(html: str, start: str, end: str) -> str:
    at = html.index(start)
    return html[at : html.index(end, at)]


def test_a_first_visit_reads_each_thing_once(sales_client: Client, sales: User) -> None:
    """No query of its own for the scorecard, forecast or edited portrait, one book version, one
    read of the contacts and no second visibility check (each of these was there before)."""
    customer = f.customer(owner=sales)
    f.score(customer, grade="B")
    f.forecast(customer, dt.date(2025, 7, 1), dt.date(2025, 8, 1))
    f.contact(customer, "Anna")
    with CaptureQueriesContext(connection) as captured:
        _page(sales_client, customer.pk)
    sqls = [q["sql"] for q in captured.captured_queries]
    assert not [s for s in sqls if s.startswith('SELECT "retention_customerscore"')]
    assert not [s for s in sqls if s.startswith('SELECT "retention_forecast"')]
    assert not [s for s in sqls if s.startswith('SELECT "pipeline_customerportrait"')]
    assert len([s for s in sqls if "MAX(" in s and "orders_orderline" in s]) == 1
    assert len([s for s in sqls if s.startswith('SELECT "customers_contact"')]) == 1
    assert not [s for s in sqls if s.startswith('SELECT 1 AS "a" FROM "customers_customer"')]


def test_the_scorecard_forecast_and_portrait_read_with_the_customer_show_changes(
    manager_client: Client, sales: User
) -> None:
    """A new grade, a forecast, an edited portrait and a share show on the next visit; a customer
    without any of them shows none."""
    customer = f.customer(owner=sales)
    before = _page(manager_client, customer.pk)
    assert "grade-none" in before and "Gears and pumps" not in before
    f.score(customer, grade="C", total=42)
    f.forecast(customer, dt.date(2025, 7, 1), dt.date(2025, 8, 1))
    CustomerPortrait.objects.create(customer=customer, notes="Gears and pumps")
    page = _page(manager_client, customer.pk)
    assert "grade-c" in page and "Gears and pumps" in page
    assert '"window": ["2025-07", "2025-08"]' in page or "2025-08" in page
    other = f.customer(owner=sales)
    assert "Gears and pumps" not in _page(manager_client, other.pk)


def test_the_header_links_count_dossiers_and_shares(sales: User, other_sales: User) -> None:
    """The one statement answers as the ORM query did: no dossier and no share, then both."""
    customer = f.customer(owner=sales)
    assert header_links(customer) == (False, 0)
    HandoverDossier.objects.create(customer=customer, from_user=other_sales, to_user=sales)
    CustomerShare.objects.create(customer=customer, user=other_sales)
    assert header_links(customer) == (True, 1)
    assert header_links(f.customer(owner=sales)) == (False, 0)


def test_the_touch_form_offers_the_contacts_read_by_the_page(sales_client: Client, sales: User) -> None:
    """The contact choices given by the page are those the queryset gives, and a new contact shows
    on the next visit."""
    customer = f.customer(owner=sales)
    for contacts in ([], [f.contact(customer, "Zoe"), f.contact(customer, "Anna")]):
        given = InteractionQuickForm(customer=customer, contacts=list(customer.contacts.all()))
        assert str(given["contact"]) == str(InteractionQuickForm(customer=customer)["contact"])
        assert len(contacts) == 0 or "Anna" in str(given["contact"])
    f.contact(customer, "Bruno")
    touch = _part(_page(sales_client, customer.pk), '<form id="touch-form"', "</form>")
    assert "Bruno" in touch and "Zoe" in touch


def _policy_with(days: int) -> None:
    base = Policy()
    policy = dataclasses.replace(
        base, lifecycle=dataclasses.replace(base.lifecycle, complaint_open_days=days)
    )
    ScoringPolicy.objects.create(text=policy_to_toml(policy), note="t")


def test_the_kept_complaint_and_task_fields_follow_the_policy_and_the_day(
    sales_client: Client, sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The blank complaint form shows the policy's days and the deadline they give from today, the
    task form today's date; a new policy and the next day show on the next visit, in either language."""
    customer = f.customer(owner=sales)
    today = timezone.localdate()
    days = Policy().lifecycle.complaint_open_days
    page = _page(sales_client, customer.pk)
    complaint = _part(page, '<details class="complaint-form"', "</details>")
    assert f"After {days} days" in complaint
    assert f'value="{(today + dt.timedelta(days=days)).isoformat()}"' in complaint
    task = _part(page, '<details class="mt-3 border-top pt-2 personal-task-form"', "</details>")
    assert f'value="{today.isoformat()}"' in task

    _policy_with(days + 5)
    complaint = _part(_page(sales_client, customer.pk), '<details class="complaint-form"', "</details>")
    assert f"After {days + 5} days" in complaint
    assert f'value="{(today + dt.timedelta(days=days + 5)).isoformat()}"' in complaint
    chinese = _part(
        _page(sales_client, customer.pk, "zh-hans"), '<details class="complaint-form"', "</details>"
    )
    assert f"After {days + 5} days" not in chinese and str(days + 5) in chinese

    tomorrow = today + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: tomorrow)
    page = _page(sales_client, customer.pk)
    complaint = _part(page, '<details class="complaint-form"', "</details>")
    assert f'value="{(tomorrow + dt.timedelta(days=days + 5)).isoformat()}"' in complaint
    task = _part(page, '<details class="mt-3 border-top pt-2 personal-task-form"', "</details>")
    assert f'value="{tomorrow.isoformat()}"' in task and f'value="{today.isoformat()}"' not in task


def test_the_facts_form_from_its_kept_parts_is_the_whole_form(sales: User) -> None:
    """For many combinations of values, in both languages, the parts put together are the form's
    template drawn whole (a wrong field order, head or part fails it)."""
    levels = [None, 1, 3, 5]
    combos = itertools.islice(
        itertools.product(levels, [None, -2, 0, 2], levels, levels, ["", "TT"]), 0, None, 37
    )
    customers = [
        f.customer(
            owner=sales,
            relationship_level=a,
            market_trend=b,
            lifespan_risk=c,
            delivery_sensitivity=d,
            payment_terms=e,
        )
        for a, b, c, d, e in combos
    ]
    assert len(customers) > 5
    for language in ("en", "zh-hans"):
        with translation.override(language):
            for customer in customers:
                customer = Customer.objects.get(pk=customer.pk)
                whole = render_to_string(
                    "web/customer/_facts_fields.html", {"form": ManualFactsForm(customer=customer)}
                )
                assert facts_fields(customer) == whole


def test_the_win_back_panel_knows_an_active_plan(manager_client: Client, sales: User) -> None:
    """A lost customer: without any plan the panel offers to start one; with the newest plan active,
    or a newer plan closed while an older one is still active, it does not."""
    customer = f.customer(owner=sales)
    f.score(customer, grade="D", state="lost")
    start = "Start a win-back plan"
    assert start in _page(manager_client, customer.pk)
    assert may_start_plan(customer, state="lost", active=False)
    older = ReactivationPlan.objects.create(customer=customer, started_on=dt.date(2025, 1, 1))
    assert start not in _page(manager_client, customer.pk)
    ReactivationPlan.objects.create(
        customer=customer, started_on=dt.date(2025, 3, 1), status=PlanStatusChoices.CLOSED
    )
    assert older.status == PlanStatusChoices.ACTIVE
    assert start not in _page(manager_client, customer.pk)
    ReactivationPlan.objects.filter(pk=older.pk).update(status=PlanStatusChoices.CLOSED)
    assert start in _page(manager_client, customer.pk)
