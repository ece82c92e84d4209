"""Alerts computed by the core are stored as message codes and read in the reader's language.

The customer page (open and dismissed alerts) and the managers' alert inbox word an alert's
reason and suggested action at display time, in English and Chinese; a row stored before the
codes (its own texts, no messages) still shows its text.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import polars as pl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from laoke.accounts.models import User
from laoke.core.forecast.alerts import CODES, order_alerts, relationship_alerts
from laoke.core.forecast.wording import CHANCE_CODES
from laoke.core.schema import CUSTOMER_SCHEMA, PROMISE_SCHEMA
from laoke.customers.models import Customer
from laoke.platform.messages import registered
from laoke.retention.alert_messages import CATALOGUE
from laoke.retention.models import Alert
from laoke.retention.services import storage
from laoke.retention.services.scoring import SEVERITY
from tests.web import factories as f

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 3, 1)


def _rows(code: str) -> list[dict[str, object]]:
    """The core's alerts for a monthly buyer silent since June 2025, two promises not kept, owner gone."""
    days = [dt.date(y, m, 10) for y in (2023, 2024) for m in range(1, 13)]
    days += [dt.date(2025, m, 10) for m in range(1, 7)]
    orders = pl.DataFrame(
        {"customer_id": [code] * len(days), "order_date": days, "amount": [1000.0] * len(days)},
        schema={"customer_id": pl.String, "order_date": pl.Date, "amount": pl.Float64},
    )
    promises = pl.DataFrame(
        {
            "customer_id": [code, code],
            "due_date": [dt.date(2026, 1, 15), dt.date(2026, 2, 1)],
            "kept": [False, None],
            "kept_on": [None, None],
        },
        schema=PROMISE_SCHEMA,
    )
    customers = pl.DataFrame(
        {"customer_id": [code], "owner": ["Zhang Wei"], "owner_active": [False]}
    ).with_columns(
        [
            pl.lit(None, dtype=t).alias(c)
            for c, t in CUSTOMER_SCHEMA.items()
            if c not in ("customer_id", "owner", "owner_active")
        ]
    )
    chance = pl.DataFrame({"customer_id": [code], "p_order": [0.15]})
    frame = pl.concat(
        [
            order_alerts(orders, as_of=AS_OF, p_order=chance, p_order_days=90),
            relationship_alerts(as_of=AS_OF, customers=customers, promises=promises),
        ]
    )
    return [{**row, "severity": SEVERITY[row["severity"]]} for row in frame.iter_rows(named=True)]


@pytest.fixture
def warned(sales: User) -> Customer:
    """A customer of the salesperson with the core's alerts stored by the scoring run's storage."""
    cust = f.customer("Hamburg Tools GmbH", owner=sales)
    storage.sync_alerts(rows=_rows(cust.code), as_of=AS_OF, ids={cust.code: cust.pk})
    return cust


def _page(client: Client, user: User, url: str, language: str) -> str:
    client.force_login(user)
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


RHYTHM_EN = re.compile(r"Usually orders every \d+ days; \d+ days since the last order \(\d+ days late\)\.")
RHYTHM_ZH = re.compile(r"通常每\d+天下一单；距上次下单已\d+天（晚了\d+天）。")


def test_new_alerts_are_stored_as_codes_without_texts(warned: Customer) -> None:
    """The storage writes the messages and leaves the old text columns empty for new rows."""
    overdue = Alert.objects.get(customer=warned, code="overdue")
    assert [m["code"] for m in overdue.reason_msg] == ["alert.overdue.rhythm", "forecast.chance.one_in"]
    assert overdue.action_msg == [{"code": "alert.overdue.action", "params": {}}]
    assert (overdue.reason_en, overdue.reason_zh, overdue.action_en, overdue.action_zh) == ("", "", "", "")
    with translation.override("en"):
        assert overdue.reason.endswith("About 1 in 7 chance of an order in the next 90 days.")
    with translation.override("zh-hans"):
        assert overdue.reason.endswith("未来90天内下单的可能性约七分之一。")


def test_customer_page_words_the_alerts_in_english(client: Client, sales: User, warned: Customer) -> None:
    page = _page(client, sales, reverse("customer_detail", args=[warned.pk]), "en")
    assert RHYTHM_EN.search(page)
    assert "About 1 in 7 chance of an order in the next 90 days." in page
    assert "Contact the customer now about their next order: share new products and current prices." in page
    assert "2 promises or rebates past due and not kept." in page
    assert "Deliver the promise or rebate now, or explain and agree a new date." in page
    assert "Its salesperson Zhang Wei has left the company." in page
    assert "alert.overdue" not in page and "forecast.chance" not in page


def test_customer_page_words_the_alerts_in_chinese(client: Client, sales: User, warned: Customer) -> None:
    page = _page(client, sales, reverse("customer_detail", args=[warned.pk]), "zh-hans")
    assert RHYTHM_ZH.search(page)
    assert "未来90天内下单的可能性约七分之一。" in page
    assert "立即联系客户询问下一单：发送新品和最新报价。" in page
    assert "有2项承诺或返利已到期未兑现。" in page
    assert "立即兑现承诺或返利，或说明原因并约定新的日期。" in page
    assert "该客户的负责业务员Zhang Wei已离职。" in page
    assert "指定新的负责业务员，并亲自向客户介绍交接。" in page
    assert "Usually orders every" not in page


def test_a_dismissed_alert_is_listed_with_its_worded_reason(
    client: Client, sales: User, warned: Customer
) -> None:
    Alert.objects.filter(customer=warned, code="broken_promise").update(
        dismissed_at=timezone.now(), dismissed_by=sales, dismissed_note="Rebate paid by hand"
    )
    en = _page(client, sales, reverse("customer_detail", args=[warned.pk]), "en")
    assert "2 promises or rebates past due and not kept. — Rebate paid by hand" in en
    zh = _page(client, sales, reverse("customer_detail", args=[warned.pk]), "zh-hans")
    assert "有2项承诺或返利已到期未兑现。 — Rebate paid by hand" in zh


def test_alert_inbox_words_the_reasons(client: Client, manager: User, warned: Customer) -> None:
    en = _page(client, manager, "/alerts/", "en")
    assert RHYTHM_EN.search(en) and "About 1 in 7 chance of an order in the next 90 days." in en
    assert "2 promises or rebates past due and not kept." in en
    zh = _page(client, manager, "/alerts/", "zh-hans")
    assert RHYTHM_ZH.search(zh) and "未来90天内下单的可能性约七分之一。" in zh
    assert "有2项承诺或返利已到期未兑现。" in zh and "该客户的负责业务员Zhang Wei已离职。" in zh


def test_an_alert_stored_the_old_way_still_shows_its_text(client: Client, sales: User, manager: User) -> None:
    """A row with its own texts and no messages reads as stored, in the reader's language."""
    cust = f.customer("Old Row Ltd", owner=sales)
    f.alert(cust, code="overdue", reason_en="Silent for three months", reason_zh="三个月没有联系")
    url = reverse("customer_detail", args=[cust.pk])
    en = _page(client, sales, url, "en")
    assert "Silent for three months" in en and "Call the buyer" in en
    zh = _page(client, sales, url, "zh-hans")
    assert "三个月没有联系" in zh and "给采购打电话" in zh
    assert "三个月没有联系" in _page(client, manager, "/alerts/", "zh-hans")


def test_recomputing_an_old_row_keeps_its_texts_and_words_the_codes(client: Client, sales: User) -> None:
    """An alert stored before the codes, computed again, gains the messages; its old texts stay."""
    cust = f.customer("Kept Key GmbH", owner=sales)
    rows = _rows(cust.code)
    overdue = next(r for r in rows if r["code"] == "overdue")
    old = f.alert(cust, code="overdue", key=overdue["key"], reason_en="Overdue.", reason_zh="已逾期。")
    storage.sync_alerts(rows=rows, as_of=AS_OF, ids={cust.code: cust.pk})
    old.refresh_from_db()
    assert (old.reason_en, old.reason_zh, old.action_en) == ("Overdue.", "已逾期。", "Call the buyer")
    assert old.reason_msg and old.action_msg
    zh = _page(client, sales, reverse("customer_detail", args=[cust.pk]), "zh-hans")
    assert RHYTHM_ZH.search(zh) and "已逾期。" not in zh


def test_every_code_the_core_says_is_worded_and_registered() -> None:
    """Each alert code has its reason and action wording, each chance its own; stored rows find them."""
    expected = (
        {f"alert.{c}.action" for c in CODES}
        | {f"alert.{c}.reason" for c in CODES if c != "overdue"}
        | {"alert.overdue.rhythm"}
        | set(CHANCE_CODES)
    )
    assert set(CATALOGUE) == expected
    assert all(registered(code) for code in expected)
