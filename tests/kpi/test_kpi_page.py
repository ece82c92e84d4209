"""The KPI page and its Excel export: figures from the database, the period selector, visibility."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from python_calamine import CalamineWorkbook

from laoke.accounts.models import RoleChoices
from laoke.audit.models import AuditEvent
from laoke.core.kpi import KPI_CODES, Period
from laoke.interactions.models import Interaction
from laoke.kpi.messages import DEFINITIONS, definition, definition_message
from laoke.kpi.services import kpi_pack, resolve_period
from laoke.retention.models import LossRecord, StateChange
from tests.web import factories as f

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def book() -> dict[str, Any]:
    """sales1 owns A (bought 2024 and 2025) and B (2024 only); sales2 owns C (2024 and 2025, lost 2025)."""
    s1, s2 = f.user("sales1", first_name="Li"), f.user("sales2", first_name="Wang")
    boss = f.user("boss", role=RoleChoices.MANAGER)
    a = f.customer("A", owner=s1)
    b = f.customer("B", owner=s1)
    c = f.customer("C", owner=s2)
    f.order(a, D(2024, 5, 1), "1000")
    f.order(a, D(2025, 5, 1), "3000")
    f.order(b, D(2024, 6, 1), "500")
    f.order(c, D(2024, 7, 1), "2000")
    f.order(c, D(2025, 2, 1), "7000")
    for customer, changes in (
        (a, [(D(2023, 1, 1), "active")]),
        (c, [(D(2023, 1, 1), "active"), (D(2025, 9, 1), "lost")]),
    ):
        for on, state in changes:
            StateChange.objects.create(customer=customer, changed_on=on, state=state)
    LossRecord.objects.create(customer=c, lost_on=D(2025, 9, 1), reason="competitor")
    on = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
    f.interaction(a, "email_in", user=s1, occurred_at=on, reply_hours=0.1)
    f.interaction(c, "email_in", user=s2, occurred_at=on, reply_hours=4.0)
    return {"sales1": s1, "sales2": s2, "boss": boss, "a": a, "b": b, "c": c}


YEAR = {"preset": "custom", "start": "2025-01-01", "end": "2025-12-31"}


def _client(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_the_pack_reads_the_book_a_manager_sees(book: dict[str, Any]) -> None:
    """2025 vs 2024: A and C came back, B did not → 2/3; C (lost 1 Sep 2025) took the 7000 of Feb 2025."""
    pack = kpi_pack(user=book["boss"], period=Period(D(2025, 1, 1), D(2025, 12, 31)))
    assert (pack.reorder.company.base, pack.reorder.company.hits) == (3, 2)
    assert (pack.retention.company.base, pack.retention.company.hits) == (2, 1)
    competitor = next(r for r in pack.losses if r.reason == "competitor")
    assert (competitor.customers, competitor.revenue_lost) == (1, 7000.0)
    assert [(pack.name(o.owner_id), o.revenue) for o in pack.owners] == [("Wang", 7000.0), ("Li", 3000.0)]
    assert pack.response.company.median_hours == pytest.approx(2.05)


def test_a_salesperson_gets_the_pack_of_their_own_customers(book: dict[str, Any]) -> None:
    """sales1: A came back, B did not → 1/2; nothing of C (no loss, no mail, no sales)."""
    pack = kpi_pack(user=book["sales1"], period=Period(D(2025, 1, 1), D(2025, 12, 31)))
    assert (pack.reorder.company.base, pack.reorder.company.hits) == (2, 1)
    assert sum(r.customers for r in pack.losses) == 0
    assert [o.owner_id for o in pack.owners] == [book["sales1"].pk]
    assert pack.response.company.mails == 1


def test_the_page_shows_every_kpi_for_the_chosen_period(book: dict[str, Any]) -> None:
    """The manager's page for 2025: the reorder rate 67 %, both owners, the loss reason, the charts' data."""
    response = _client(book["boss"]).get("/kpi/", YEAR)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-figure="reorder">67' in html
    assert "Wang" in html and "Li" in html
    assert "Competitor approached them" in html
    assert 'id="kpi-data"' in html and "chart-pareto" in html
    assert "Reorder rate: of the customers who bought" in html
    assert "Above 30% is flagged." in html and "in the 12 months before they were lost" in html


def test_the_definitions_are_worded_in_the_readers_language(book: dict[str, Any]) -> None:
    """Each KPI's definition is worded by the KPI app's catalogue in English or Chinese."""
    client = _client(book["boss"])
    client.cookies["django_language"] = "zh-hans"
    html = client.get("/kpi/", YEAR).content.decode()
    assert "翻单率：在所选期间之前" in html
    assert "超过 30% 会被标出。" in html and "流失前 12 个月的销售额" in html
    assert "Reorder rate: of the customers" not in html
    codes = {code: definition_message(code).code for code in KPI_CODES}
    assert set(codes.values()) == set(DEFINITIONS)
    for language in ("en", "zh-hans"):
        with translation.override(language):
            worded = [definition(code) for code in KPI_CODES]
        assert all(worded) and len(set(worded)) == len(KPI_CODES)


def test_a_salespersons_page_does_not_name_colleagues(book: dict[str, Any]) -> None:
    """sales1 reads "My KPIs" with their own figures; sales2's name and loss do not appear."""
    html = _client(book["sales1"]).get("/kpi/", YEAR).content.decode()
    assert "My KPIs" in html
    assert 'data-figure="reorder">50' in html
    assert "Wang" not in html


def test_the_period_selector_changes_the_figures(book: dict[str, Any]) -> None:
    """Q1 2025 against Q4 2024: nobody bought in Q4 2024 → no reorder base."""
    html = _client(book["boss"]).get(
        "/kpi/", {"preset": "custom", "start": "2025-01-01", "end": "2025-03-31"}
    )
    assert 'data-figure="reorder">—' in html.content.decode()


def test_presets_resolve_against_the_books_date() -> None:
    """Last quarter, last year, year to date; a reversed custom span falls back to 12 months."""
    as_of = D(2025, 8, 20)
    assert resolve_period("last_quarter", None, None, as_of=as_of).period == Period(
        D(2025, 4, 1), D(2025, 6, 30)
    )
    assert resolve_period("last_year", None, None, as_of=as_of).period == Period(
        D(2024, 1, 1), D(2024, 12, 31)
    )
    assert resolve_period("ytd", None, None, as_of=as_of).period == Period(D(2025, 1, 1), as_of)
    fallback = resolve_period("custom", D(2025, 5, 1), D(2025, 1, 1), as_of=as_of)
    assert (fallback.preset, fallback.period) == ("12m", Period(D(2024, 8, 21), as_of))


def test_absurd_custom_dates_fall_back_to_the_last_12_months(book: dict[str, Any]) -> None:
    """Year 1 (whose period before does not exist) or a reversed span → the default period, no error."""
    client = _client(book["boss"])
    for start, end in (
        ("0001-01-01", "0001-12-31"),
        ("2025-05-01", "2025-01-01"),
        ("1990-01-01", "2025-01-01"),
    ):
        response = client.get("/kpi/", {"preset": "custom", "start": start, "end": end})
        assert response.status_code == 200
        assert response.context["choice"].preset == "12m"
    assert (
        client.get(
            "/kpi/export.xlsx", {"preset": "custom", "start": "0001-01-01", "end": "0001-02-01"}
        ).status_code
        == 200
    )


def test_the_excel_export_has_a_sheet_per_kpi_and_is_audited(book: dict[str, Any]) -> None:
    """The workbook has the definitions and one sheet per KPI; the export is in the audit log."""
    response = _client(book["boss"]).get("/kpi/export.xlsx", YEAR)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('laoke-kpi-20250101-20251231.xlsx"')
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert workbook.sheet_names[:3] == ["Definitions", "Reorder rate", "Retention rate"]
    assert "Losses by reason" in workbook.sheet_names
    reorder = workbook.get_sheet_by_name("Reorder rate").to_python()
    assert reorder[-1][:3] == ["Company", 3.0, 2.0]
    event = AuditEvent.objects.get(action="export")
    assert event.user == book["boss"] and event.rows and event.rows > 0


def test_the_page_needs_a_login(book: dict[str, Any]) -> None:
    """Anonymous visitors are sent to the login page."""
    assert Client().get("/kpi/").status_code == 302
    assert Interaction.objects.count() == 2
