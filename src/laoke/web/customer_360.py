"""Everything the customer 360° page shows, gathered with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Q, Sum
from django.utils.dates import MONTHS_3
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from laoke.cadence.models import ReactivationPlan
from laoke.company.currency import SETTINGS_ID, currency_or_default
from laoke.company.models import CompanySettings, ScoringPolicy
from laoke.customers.book_cache import version_columns, version_of
from laoke.customers.models import Contact, Customer, CustomerShare, HandoverDossier
from laoke.importing.services.preview import home_currency
from laoke.orders.models import Order, Payment
from laoke.platform.memo import kept
from laoke.platform.prepared import PreparedModels, PreparedRows
from laoke.retention.messages import DIMENSION_LABELS as DIMENSION_LABELS  # one list: the policy page's too
from laoke.retention.messages import explanation_text
from laoke.retention.models import Alert, CustomerScore, Forecast, LossRecord

RECENT_ROWS = 20
#: An id no customer has, to compile the page's fixed-shape queries once.
_STAND_IN = 987654321
#: Dismissed alerts shown under the open ones.
DISMISSED_ROWS = 5

#: The scorecard's level codes (laoke.core.scorecard: excellent/good/fair/poor) as shown: 优/良/中/差.
LEVEL_LABELS = {
    "excellent": gettext_lazy("Excellent"),
    "good": gettext_lazy("Good"),
    "fair": gettext_lazy("Fair"),
    "poor": gettext_lazy("Poor"),
    "unknown": gettext_lazy("unknown"),
}


@dataclass(frozen=True)
class DimensionRow:
    """One scorecard dimension as shown: score is None when unknown."""

    code: str
    label: str
    score: float | None
    level: str
    explanation: str


def _level_label(code: Any) -> str:
    if not code:
        return ""
    return str(LEVEL_LABELS.get(str(code), code))


def dimension_rows(score: CustomerScore | None, *, currency: str | None = None) -> list[DimensionRow]:
    """The dimensions of the score in the policy's display order, unknown ones included.

    Explanations are worded now, in the reader's language; amounts in ``currency`` (default:
    the home currency).
    """
    if score is None:
        return []
    if currency is None:
        currency = home_currency()
    dims: dict[str, Any] = score.dimensions if isinstance(score.dimensions, dict) else {}
    order = [c for c in DIMENSION_LABELS if c in dims] + [c for c in dims if c not in DIMENSION_LABELS]
    language = get_language() or ""
    labels = kept(_WORDS, language, 20, _labels_in_language)
    rows = []
    for code in order:
        dim = dims.get(code) or {}
        raw = dim.get("score") if isinstance(dim, dict) else None
        level = dim.get("level") if isinstance(dim, dict) else None
        rows.append(
            DimensionRow(
                code=code,
                label=labels.get(code) or str(DIMENSION_LABELS.get(code, code)),
                score=None if raw is None else round(float(raw), 1),
                level=(labels.get(("level", level)) if isinstance(level, str) else None)
                or _level_label(level),
                explanation=_explanation(dim, language, currency),
            )
        )
    return rows


#: Per language: the dimensions' and levels' labels (lazy translations, worded once).
_WORDS: dict[str, dict[Any, str]] = {}
#: Per language, currency and stored explanation: its words (most dimensions take a handful of
#: explanations across a book: relationship, trends, risks; a first visit finds them worded).
_EXPLAINED: dict[tuple[str, str, str], str] = {}
_EXPLAINED_LIMIT = 20_000


def _labels_in_language() -> dict[Any, str]:
    words: dict[Any, str] = {code: str(label) for code, label in DIMENSION_LABELS.items()}
    words.update({("level", code): str(label) for code, label in LEVEL_LABELS.items()})
    return words


def _explanation(dim: Any, language: str, currency: str) -> str:
    """:func:`explanation_text` of a stored dimension, kept per language, currency and explanation
    (its words depend on nothing else: the messages, their parameters and the reader's language)."""
    if not isinstance(dim, dict) or "explanation" not in dim:
        return explanation_text(dim, currency=currency)
    stored = dim["explanation"]
    key = (language, currency, repr(stored))
    return kept(_EXPLAINED, key, _EXPLAINED_LIMIT, lambda: explanation_text(dim, currency=currency))


def radar_chart(rows: list[DimensionRow]) -> dict[str, Any]:
    """ECharts radar data; unknown dimensions are drawn at 0 and named as unknown."""
    return {
        "indicators": [{"name": r.label, "max": 100} for r in rows],
        "values": [r.score if r.score is not None else 0 for r in rows],
        "unknown": [r.score is None for r in rows],
        "seriesName": _("Scorecard"),
        "unknownLabel": _("unknown"),
    }


def _month_add(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class OrderRow:
    """One order as the "Latest orders" card draws it: ``total`` is the sum of its lines in home
    currency (None for an order without lines)."""

    order_no: str
    order_date: dt.date
    currency: str
    total: Decimal | None


#: Each order of a customer with its total, newest first: compiled once (``PreparedRows``).
_ORDER_TOTALS = PreparedRows(
    lambda customer_id: (
        Order.objects.filter(customer_id=customer_id)
        .order_by("-order_date", "-pk")
        .values_list("pk", "order_no", "order_date", "currency")
        .annotate(total=Sum("lines__amount"))
    ),
    _STAND_IN,
)


def order_history(customer_id: int) -> tuple[dict[dt.date, Decimal], list[OrderRow]]:
    """Sales (home currency) per calendar month, keyed by the first day of the month, and the
    latest :data:`RECENT_ROWS` orders, newest first, from one query of each order's total.

    A month holds the orders dated in it that have lines (an order without lines adds nothing,
    as when its lines were summed by month); reading orders, not lines, and adding them up here
    replaces a second query that truncated every line's date (a Python function per line on
    SQLite) and built a model instance per order.
    """
    rows = _ORDER_TOTALS.rows(customer_id)
    monthly: dict[dt.date, Decimal] = {}
    recent: list[OrderRow] = []
    for _pk, order_no, order_date, currency, total in rows:
        if len(recent) < RECENT_ROWS:
            recent.append(OrderRow(order_no, order_date, currency, total))
        if total is not None:
            month = order_date.replace(day=1)
            monthly[month] = monthly.get(month, Decimal(0)) + total
    return dict(sorted(monthly.items())), recent


#: (first month, last month) → the months from one to the other and their labels ("2025-06").
_BARS: dict[tuple[dt.date, dt.date], tuple[tuple[dt.date, ...], tuple[str, ...]]] = {}
#: Per language: the months of the year's short names, capitalised.
_MONTH_NAMES: dict[str, tuple[str, ...]] = {}


def _bars(start: dt.date, end: dt.date) -> tuple[tuple[dt.date, ...], tuple[str, ...]]:
    months = []
    month = start
    while month <= end:
        months.append(month)
        month = _month_add(month, 1)
    return tuple(months), tuple(m.strftime("%Y-%m") for m in months)


def _month_names() -> tuple[str, ...]:
    return tuple(str(MONTHS_3[i]).capitalize() for i in range(1, 13))


def orders_chart(
    monthly: dict[dt.date, Decimal], forecast: Forecast | None, today: dt.date, months: int = 36
) -> dict[str, Any]:
    """Bars of the last ``months`` months of sales, stretched to cover the forecast window."""
    end = today.replace(day=1)
    if forecast is not None and forecast.window_end is not None:
        end = max(end, forecast.window_end.replace(day=1))
    start = _month_add(today.replace(day=1), -(months - 1))
    # The months and their labels are the same for every customer of the day: kept per process.
    bars, labels = kept(_BARS, (start, end), 64, lambda: _bars(start, end))
    values = [float(monthly.get(month, 0)) for month in bars] if monthly else [0.0] * len(bars)
    window = None
    if forecast is not None and forecast.window_start and forecast.window_end:
        window = [
            max(forecast.window_start.replace(day=1), start).strftime("%Y-%m"),
            forecast.window_end.strftime("%Y-%m"),
        ]
    return {
        "labels": list(labels),
        "values": values,
        "window": window,
        "seriesName": _("Sales"),
        "windowLabel": _("Next order window"),
    }


def seasonality_chart(monthly: dict[dt.date, Decimal]) -> dict[str, Any]:
    """Year × month-of-year heatmap of sales."""
    years = sorted({m.year for m in monthly})
    cells = [[m.month - 1, years.index(m.year), float(v)] for m, v in monthly.items() if v and float(v) > 0]
    # The months' names in the reader's language: kept per process.
    months: tuple[str, ...] = kept(_MONTH_NAMES, get_language() or "", 20, _month_names)
    return {
        "years": [str(y) for y in years],
        "months": list(months),
        "cells": cells,
        "max": max((c[2] for c in cells), default=0),
        "seriesName": _("Sales"),
    }


def next_birthday(contact: Contact, today: dt.date) -> dt.date | None:
    """The contact's next birthday on or after today (29 Feb falls on 28 Feb in common years)."""
    if contact.birthday is None:
        return None
    for year in (today.year, today.year + 1):
        try:
            day = contact.birthday.replace(year=year)
        except ValueError:
            day = dt.date(year, 2, 28)
        if day >= today:
            return day
    return None


@dataclass(frozen=True)
class PaymentRow:
    """One payment as the "Payments" card draws it."""

    due_date: dt.date
    paid_date: dt.date | None
    amount: Decimal


#: A customer's latest payments: compiled once (``PreparedRows``).
_LATEST_PAYMENTS = PreparedRows(
    lambda customer_id: (
        Payment.objects.filter(customer_id=customer_id)
        .order_by("-due_date", "-pk")
        .values_list("due_date", "paid_date", "amount")[:RECENT_ROWS]
    ),
    _STAND_IN,
)


def payment_rows(customer_id: int, today: dt.date) -> list[dict[str, Any]]:
    """The latest payments with days late (paid) or days overdue (still open)."""
    rows = []
    for due, paid, amount in _LATEST_PAYMENTS.rows(customer_id):
        rows.append(
            {
                "payment": PaymentRow(due, paid, amount),
                "days_late": None if paid is None else (paid - due).days,
                "days_overdue": (today - due).days if paid is None else None,
            }
        )
    return rows


def header_links(customer: Customer) -> tuple[bool, int]:
    """Whether the customer has a handover dossier, and with how many colleagues it is shared: the
    header's two links (:func:`page_facts` reads them with the rest)."""
    facts = page_facts(customer.pk)
    return facts.has_dossier, facts.share_count


@dataclass(frozen=True)
class PageFacts:
    """Small answers the 360° page needs about one customer, read in one statement: the header's
    links (a handover dossier, the number of shares), the win-back panel's newest plan and open
    loss, the text of the policy in force (the blank complaint form's days) and the company's home
    currency."""

    has_dossier: bool
    share_count: int
    newest_plan: int | None
    open_loss: bool
    policy_text: str | None
    currency: str
    #: The book version (:func:`laoke.customers.book_cache.book_version`), read with the rest.
    version: str = field(default="", compare=False)


#: The statement of :func:`page_facts`, per database vendor (written once a process).
_PAGE_FACTS_SQL: dict[str, str] = {}


def _page_facts_sql() -> str:
    quote = connection.ops.quote_name

    def table(model: Any) -> tuple[str, Any]:
        return quote(model._meta.db_table), model._meta

    def col(meta: Any, name: str) -> str:
        return quote(meta.get_field(name).column)

    dossiers, d = table(HandoverDossier)
    shares, s = table(CustomerShare)
    plans, p = table(ReactivationPlan)
    losses, loss = table(LossRecord)
    policies, policy = table(ScoringPolicy)
    settings, company = table(CompanySettings)
    plan_pk, policy_pk = quote(p.pk.column), quote(policy.pk.column)
    return (  # names from the models, the customer's id and the settings row's as parameters
        f"SELECT EXISTS(SELECT 1 FROM {dossiers} WHERE {col(d, 'customer')} = %s),"
        f" (SELECT COUNT(*) FROM {shares} WHERE {col(s, 'customer')} = %s),"
        f" (SELECT {plan_pk} FROM {plans} WHERE {col(p, 'customer')} = %s"
        f" ORDER BY {col(p, 'started_on')} DESC, {plan_pk} DESC LIMIT 1),"
        f" EXISTS(SELECT 1 FROM {losses} WHERE {col(loss, 'customer')} = %s"
        f" AND {col(loss, 'reopened_on')} IS NULL),"
        f" (SELECT {col(policy, 'text')} FROM {policies}"
        f" ORDER BY {col(policy, 'created_at')} DESC, {policy_pk} DESC LIMIT 1),"
        f" (SELECT {col(company, 'home_currency')} FROM {settings} WHERE {quote(company.pk.column)} = %s),"
        # The book version's columns: one query less for the page (its kept cards respect it).
        f" {', '.join(version_columns())}"
    )


def page_facts(customer_id: int) -> PageFacts:
    """:class:`PageFacts` of the customer, one query written out (six before: the header's links,
    the newest win-back plan, an open loss, the policy, the home currency): the ORM took longer to
    build them than the database to answer."""
    sql = _PAGE_FACTS_SQL.get(connection.vendor)
    if sql is None:
        sql = _PAGE_FACTS_SQL[connection.vendor] = _page_facts_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [customer_id] * 4 + [SETTINGS_ID])
        row = cursor.fetchone()
    has_dossier, n_shares, plan, loss, text, currency = row[:6]
    newest = None if plan is None else int(plan)
    home = currency_or_default(currency)
    return PageFacts(bool(has_dossier), int(n_shares), newest, bool(loss), text, home, version_of(row[6:]))


#: A customer's open alerts and the latest dismissed ones, with who dismissed them: compiled once
#: (``PreparedModels``).
_ALERTS = PreparedModels(
    lambda customer_id: (
        Alert.objects.filter(customer_id=customer_id)
        .filter(
            Q(dismissed_at__isnull=True)
            | Q(
                pk__in=Alert.objects.filter(customer_id=customer_id, dismissed_at__isnull=False)
                .order_by("-dismissed_at")
                .values("pk")[:DISMISSED_ROWS]
            )
        )
        .select_related("dismissed_by")
    ),
    _STAND_IN,
)


def alert_cards(customer: Customer) -> tuple[list[Alert], list[Alert]]:
    """The customer's open alerts (most severe, then newest, first) and the :data:`DISMISSED_ROWS`
    most recently dismissed, with who dismissed them: one query (the open ones, and the latest
    dismissed ones chosen by a subquery), compiled once, split here."""
    shown: list[Alert] = []
    dismissed: list[tuple[dt.datetime, Alert]] = []
    for alert in _ALERTS.models(
        customer.pk
    ):  # the model's order: severity, then the day raised, newest first
        if alert.dismissed_at is None:
            shown.append(alert)
        else:
            dismissed.append((alert.dismissed_at, alert))
    dismissed.sort(key=lambda row: row[0], reverse=True)
    return shown, [alert for _at, alert in dismissed]
