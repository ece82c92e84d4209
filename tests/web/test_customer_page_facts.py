"""The 360° page reads its small answers in one query (ninth round): the header's links, the
win-back panel's newest plan and open loss, the policy in force and the home currency
(``laoke.web.customer_360.page_facts``). Each test shows what the page shows after a change."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from laoke.accounts.models import User
from laoke.cadence.models import PlanStatusChoices, ReactivationPlan
from laoke.company.models import CompanySettings
from laoke.customers.models import CustomerShare, DimensionChange, HandoverDossier, ManualFieldChoices
from laoke.retention.models import LossReasonChoices, LossRecord
from laoke.web.customer_360 import PageFacts, page_facts
from tests.web import factories as f

pytestmark = pytest.mark.django_db

START = "Start a win-back plan"


def _page(client: Client, customer_id: int, language: str = "en") -> str:
    client.cookies["django_language"] = language
    response = client.get(f"/customers/{customer_id}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return str(response.content.decode())


def _part(html: str, start: str, end: str) -> str:
    at = html.index(start)
    return html[at : html.index(end, at)]


def test_a_first_visit_asks_the_small_answers_in_one_query(sales_client: Client, sales: User) -> None:
    """No query of their own for the home currency, the policy, the newest win-back plan or an
    open loss (each was one before) or the book version (read with them), and 12 queries in all (17
    before) for a customer with a scorecard, a contact, an order and a payment."""
    customer = f.customer(owner=sales)
    f.score(customer, grade="B")
    f.contact(customer, "Anna")
    f.order(customer, dt.date(2025, 3, 1))
    f.payment(customer, dt.date(2025, 4, 1), None)
    _page(sales_client, f.customer(owner=sales).pk)  # the company's time zone, kept by the process
    with CaptureQueriesContext(connection) as captured:
        page = _page(sales_client, customer.pk)
    sqls = [q["sql"] for q in captured.captured_queries]
    assert "Anna" in page
    assert not [s for s in sqls if s.startswith('SELECT "company_companysettings"."home_currency"')]
    assert not [s for s in sqls if s.startswith('SELECT "company_scoringpolicy"."text"')]
    assert not [s for s in sqls if s.startswith('SELECT "id" FROM "cadence_reactivationplan"')]
    assert not [s for s in sqls if s.startswith('SELECT 1 FROM "retention_lossrecord"')]
    assert not [s for s in sqls if s.startswith("SELECT (SELECT MAX(")]
    # Besides the products check a line without a product asks (the portrait's uptake).
    assert len([s for s in sqls if not s.startswith('SELECT 1 AS "a" FROM "orders_product"')]) == 12, sqls


def test_the_facts_answer_as_the_separate_queries_did(sales: User, other_sales: User) -> None:
    """Nothing, then a dossier, two shares, two plans (the newest started wins), a reopened loss
    (not open) then an open one, a saved currency."""
    customer, other = f.customer(owner=sales), f.customer(owner=sales)
    assert page_facts(customer.pk) == PageFacts(False, 0, None, False, None, "USD")
    HandoverDossier.objects.create(customer=customer, from_user=other_sales, to_user=sales)
    CustomerShare.objects.create(customer=customer, user=other_sales)
    CustomerShare.objects.create(customer=customer, user=sales)
    ReactivationPlan.objects.create(
        customer=customer, started_on=dt.date(2025, 3, 1), status=PlanStatusChoices.CLOSED
    )
    newest = ReactivationPlan.objects.create(customer=customer, started_on=dt.date(2025, 5, 1))
    ReactivationPlan.objects.create(customer=other, started_on=dt.date(2025, 6, 1))
    reason = LossReasonChoices.values[0]
    LossRecord.objects.create(
        customer=customer, lost_on=dt.date(2025, 1, 1), reason=reason, reopened_on=dt.date(2025, 2, 1)
    )
    facts = page_facts(customer.pk)
    assert (facts.has_dossier, facts.share_count, facts.newest_plan, facts.open_loss) == (
        True,
        2,
        newest.pk,
        False,
    )
    LossRecord.objects.create(customer=customer, lost_on=dt.date(2025, 4, 1), reason=reason)
    CompanySettings.objects.update_or_create(pk=1, defaults={"home_currency": "EUR"})
    facts = page_facts(customer.pk)
    assert facts.open_loss and facts.currency == "EUR"
    assert page_facts(other.pk) == PageFacts(False, 0, facts.newest_plan + 1, False, None, "EUR")


def test_a_loss_and_a_plan_show_in_the_win_back_panel_on_the_next_visit(
    manager_client: Client, sales: User
) -> None:
    """An active customer: no panel; marked lost: the start button; a plan started: its link and no
    button; the plan closed and the loss reopened: nothing again, in either language."""
    customer = f.customer(owner=sales)
    f.score(customer, state="active")
    assert 'id="h-winback"' not in _page(manager_client, customer.pk)
    loss = LossRecord.objects.create(
        customer=customer, lost_on=dt.date(2025, 4, 1), reason=LossReasonChoices.values[0]
    )
    assert START in _part(_page(manager_client, customer.pk), 'id="h-winback"', "</section>")
    chinese = _part(_page(manager_client, customer.pk, "zh-hans"), 'id="h-winback"', "</section>")
    assert "休眠激活计划" in chinese and START not in chinese and "<button" in chinese
    plan = ReactivationPlan.objects.create(customer=customer, started_on=dt.date(2025, 5, 1))
    panel = _part(_page(manager_client, customer.pk), 'id="h-winback"', "</section>")
    assert f'href="/cadence/plans/{plan.pk}/"' in panel
    assert START not in panel
    ReactivationPlan.objects.filter(pk=plan.pk).update(status=PlanStatusChoices.CLOSED)
    assert START in _page(manager_client, customer.pk)
    LossRecord.objects.filter(pk=loss.pk).update(reopened_on=dt.date(2025, 6, 1))
    panel = _part(_page(manager_client, customer.pk), 'id="h-winback"', "</section>")
    assert START not in panel and f'href="/cadence/plans/{plan.pk}/"' in panel


def test_a_new_home_currency_shows_on_the_next_visit(manager_client: Client, sales: User) -> None:
    """The orders card's amounts are in the saved home currency (USD when none is saved)."""
    customer = f.customer(owner=sales)
    f.order(customer, dt.date(2025, 3, 1), amount="1234")
    assert "Amount (USD)</th>" in _page(manager_client, customer.pk)
    CompanySettings.objects.update_or_create(pk=1, defaults={"home_currency": "EUR"})
    after = _page(manager_client, customer.pk)
    assert "Amount (EUR)</th>" in after and "Amount (USD)" not in after


def test_a_salesperson_never_sees_another_ones_customer(sales_client: Client, other_sales: User) -> None:
    """The facts are read only for a customer the reader may see: another's customer is a 404."""
    theirs = f.customer(owner=other_sales)
    HandoverDossier.objects.create(customer=theirs, from_user=other_sales, to_user=other_sales)
    assert sales_client.get(f"/customers/{theirs.pk}/").status_code == 404


def test_a_visit_builds_no_orm_query_for_the_customer_its_alerts_contacts_or_fact_changes(
    sales_client: Client, sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the first visit of the process, those four reads run their compiled statements
    (``PreparedModels``): the ORM compiles none of them again, and the page still shows them."""
    first, second = f.customer(owner=sales), f.customer(owner=sales, name="Second Ltd")
    f.contact(second, "Bruno")
    f.alert(second, reason_en="Orders slowing down")
    _page(sales_client, first.pk)
    built: list[str] = []
    as_sql = SQLCompiler.as_sql

    def counted(self: SQLCompiler, *args: object, **kwargs: object) -> object:
        built.append(self.query.model._meta.label if self.query.model else "")
        return as_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counted)
    page = _page(sales_client, second.pk)
    assert "Second Ltd" in page and "Bruno" in page and "Orders slowing down" in page
    read = {"customers.Customer", "retention.Alert", "customers.Contact", "customers.DimensionChange"}
    assert not read & set(built), built


def test_new_alerts_dismissals_contacts_and_fact_changes_show_on_the_next_visit(
    manager_client: Client, manager: User, sales: User
) -> None:
    """The compiled reads answer as the querysets did: the five latest dismissed alerts, newest
    first, with who dismissed them; the twenty latest fact changes with who made them; a new
    contact; and nothing of another customer's."""
    customer, other = f.customer(owner=sales), f.customer(owner=sales)
    _page(manager_client, customer.pk)
    f.contact(customer, "Zoe Contact")
    f.contact(other, "Not Mine")
    now = timezone.now()
    for n in range(7):
        f.alert(
            customer,
            reason_en=f"Dismissed {n}",
            dismissed_at=now - dt.timedelta(days=10 - n),
            dismissed_by=manager,
            dismissed_note=f"note {n}",
        )
    f.alert(other, reason_en="Another one", dismissed_at=now, dismissed_by=manager, dismissed_note="x")
    f.alert(customer, reason_en="Still open")
    field = ManualFieldChoices.values[0]
    for n in range(22):
        DimensionChange.objects.create(
            customer=customer,
            field=field,
            note=f"Change note {n:02d}",
            changed_by=sales,
            changed_at=now - dt.timedelta(hours=30 - n),
        )
    DimensionChange.objects.create(customer=other, field=field, note="Change note other", changed_by=sales)
    page = _page(manager_client, customer.pk)
    assert "Zoe Contact" in page and "Not Mine" not in page and "Still open" in page
    dismissed = _part(page, "Recently dismissed", "</details>")
    shown = re.findall(r"Dismissed (\d) — note \d \(([^,]+),", dismissed)
    assert shown == [(str(n), str(manager)) for n in (6, 5, 4, 3, 2)], shown
    assert "Another one" not in page
    history = _part(page, '<ul class="list-unstyled small mb-0 fact-history">', "</ul>")
    assert re.findall(r"Change note (\d\d)", history) == [f"{n:02d}" for n in range(21, 1, -1)]
    assert history.count(f" · {sales}") == 20 and "other" not in history
