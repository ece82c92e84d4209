"""The 360° page's alerts and complaints (eighth round): each read in one query (the open ones and
the latest dismissed or resolved ones, split in Python), and the open alerts' cards drawn in Python
(``laoke.web.customer_cards.alert_cards``) as ``web/partials/alert.html`` draws them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from laoke.accounts.models import User
from laoke.customers.book_cache import version_columns
from laoke.interactions.models import Interaction
from laoke.retention.models import Alert
from laoke.web import customer_cards
from tests.web import factories as f

pytestmark = pytest.mark.django_db

_PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+"')
_CLOCK = re.compile(r'(name="occurred_at" value=")[^"]*')


def _page(client: Client, customer_id: int, language: str = "en") -> str:
    client.cookies["django_language"] = language
    response = client.get(f"/customers/{customer_id}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return _CLOCK.sub(r"\1", _PER_REQUEST.sub(r'\1…"', response.content.decode()))


def _part(html: str, start: str, end: str) -> str:
    at = html.index(start)
    return html[at : html.index(end, at)]


def _reads(sql: str, table: str) -> bool:
    """Whether a query reads ``table`` (not in the book version's columns, which ask every table's
    newest id: the page reads them with its other small answers)."""
    for column in version_columns():
        sql = sql.replace(column, "")
    return f'FROM "{table}"' in sql


def _alerts(customer: object) -> list[Alert]:
    """Open alerts of every shape: each severity, with and without a suggested action, text to
    escape, a worded message, a confidence of 0 and of 1, an id past a thousand."""
    today = timezone.localdate()
    made = [
        f.alert(customer, severity=3, reason_en="Silent <90> days & more", confidence=0.875),
        f.alert(customer, severity=2, action_en="", action_zh="", confidence=0.0),
        f.alert(
            customer,
            severity=1,
            confidence=1.0,
            reason_msg=[f.said("alert.long_silence.reason", years=2.5, days=93)],
        ),
        f.alert(customer, severity=2, action_en='Ask "why" <now>', action_zh="问 <为什么>"),
    ]
    Alert.objects.filter(pk=made[1].pk).update(raised_on=today - dt.timedelta(days=3))
    Alert.objects.filter(pk=made[-1].pk).update(id=12345)
    return list(Alert.objects.filter(customer=customer).order_by("pk"))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_alert_cards_drawn_in_python_are_the_template(
    language: str, sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each open alert's card with its dismiss form, in both languages, with and without a CSRF
    token: the same HTML as ``{% include "web/partials/alert.html" %}`` for each."""
    alerts = _alerts(f.customer(owner=sales))
    reference = Template('{% for alert in alerts %}{% include "web/partials/alert.html" %}{% endfor %}')
    fast = Template("{% load laoke_web %}{% alert_cards alerts %}")
    with translation.override(language):
        for token in ("abc123", None):
            context = {"alerts": alerts, "csrf_token": token}
            expected = reference.render(Context(context))
            assert fast.render(Context(context)) == expected
            assert expected.count('class="alert-card') == 4 and "12,345" not in expected
            monkeypatch.setitem(customer_cards._alert_checked, "ok", False)  # an edited template
            assert fast.render(Context(context)) == expected
            monkeypatch.undo()


def test_an_edited_alert_template_is_used_as_it_is() -> None:
    customer_cards._alert_checked.clear()
    assert customer_cards.templates_unchanged(customer_cards.ALERT_TEMPLATES, customer_cards._alert_checked)


def test_alerts_are_read_in_one_query_and_dismissed_ones_follow(
    sales_client: Client, sales: User, manager: User
) -> None:
    """Open alerts by severity, then the five latest dismissed with who dismissed them, from one
    query on alerts (two before); a dismissal shows on the next visit."""
    customer = f.customer(owner=sales)
    alerts = _alerts(customer)
    now = timezone.now()
    for n in range(7):  # dismissed an hour apart: the newest five are shown, newest first
        f.alert(
            customer,
            reason_en=f"Old {n}",
            dismissed_at=now - dt.timedelta(hours=10 - n),
            dismissed_by=manager if n % 2 else None,
            dismissed_note=f"note {n}",
        )
    with CaptureQueriesContext(connection) as captured:
        html = _page(sales_client, customer.pk)
    assert len([q for q in captured.captured_queries if "retention_alert" in q["sql"]]) == 1
    shown = _part(html, 'id="h-alerts"', "</section>")
    assert shown.count('class="alert-card') == 4
    high, older_medium, low, medium = alerts  # by id; shown by severity, then newest first
    assert [int(s) for s in re.findall(r'class="alert-card[^"]*" id="alert-(\d+)"', shown)] == [
        a.pk for a in (high, medium, older_medium, low)
    ]
    dismissed = re.findall(r"<li>Old (\d) — note \d \(([^,]*),", shown)
    assert dismissed == [("6", ""), ("5", str(manager)), ("4", ""), ("3", str(manager)), ("2", "")]

    Alert.objects.filter(pk=alerts[0].pk).update(dismissed_at=now, dismissed_by=sales, dismissed_note="done")
    shown = _part(_page(sales_client, customer.pk), 'id="h-alerts"', "</section>")
    assert shown.count('class="alert-card') == 3 and f'id="alert-{alerts[0].pk}"' not in shown
    assert re.findall(r"<li>[^<]*— ([\w ]+) \(", shown) == ["done", "note 6", "note 5", "note 4", "note 3"]


def test_complaints_are_chosen_in_one_query(sales_client: Client, sales: User) -> None:
    """The open complaints by deadline and the five latest resolved, newest first, chosen and read
    by one query on the customer's complaints (two, then three before); a resolved one moves on the
    next visit."""
    customer = f.customer(owner=sales)
    today = timezone.localdate()
    now = timezone.now()
    open_ones = [
        f.interaction(customer, "complaint", subject=f"Open {n}", deadline=today + dt.timedelta(days=d))
        for n, d in enumerate([9, -2, 4])
    ]
    for n in range(7):
        f.interaction(
            customer,
            "complaint",
            subject=f"Done {n}",
            resolved_at=now - dt.timedelta(days=10 - n),
            resolved_by=sales if n % 2 else None,
            resolution=f"fixed {n}",
        )
    f.interaction(customer, "call", subject="Not a complaint")
    with CaptureQueriesContext(connection) as captured:
        html = _page(sales_client, customer.pk)
    assert len([q for q in captured.captured_queries if "'complaint'" in q["sql"]]) == 1
    assert len([q for q in captured.captured_queries if _reads(q["sql"], "interactions_interaction")]) == 1
    shown = _part(html, 'id="h-complaints"', "</section>")
    assert re.findall(r'<div class="fw-semibold">Open (\d)</div>', shown) == ["1", "2", "0"]
    assert re.findall(r'<span class="fw-semibold">Done (\d)</span>', shown) == ["6", "5", "4", "3", "2"]
    assert "Not a complaint" not in shown and "3 open" in shown

    Interaction.objects.filter(pk=open_ones[1].pk).update(resolved_at=now, resolution="credit")
    shown = _part(_page(sales_client, customer.pk), 'id="h-complaints"', "</section>")
    assert re.findall(r'<div class="fw-semibold">Open (\d)</div>', shown) == ["2", "0"]
    assert re.findall(r'<span class="fw-semibold">(\w+ \d)</span>', shown) == [
        "Open 1",
        "Done 6",
        "Done 5",
        "Done 4",
        "Done 3",
    ]


def test_a_customer_without_complaints_or_plans_reads_one_query_for_each(
    sales_client: Client, sales: User
) -> None:
    """Most customers have no complaint and never had a win-back plan: one query of ids each (the
    complaints took two queries and the plan one that counted its attempts)."""
    customer = f.customer(owner=sales)
    f.interaction(customer, "call", subject="Just a call")
    with CaptureQueriesContext(connection) as captured:
        html = _page(sales_client, customer.pk)
    sqls = [q["sql"] for q in captured.captured_queries]
    assert len([s for s in sqls if _reads(s, "interactions_interaction")]) == 1
    assert len([s for s in sqls if _reads(s, "cadence_reactivationplan")]) == 1
    assert not [s for s in sqls if "cadence_reactivationattempt" in s]
    assert "No open complaints." in html and 'id="h-winback"' not in html
