"""Small factories for web tests: each builds one row with sensible defaults."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from django.utils import timezone

from laoke.accounts.models import RoleChoices, User
from laoke.customers.models import Contact, Customer
from laoke.interactions.models import Interaction
from laoke.orders.models import Order, OrderLine, Payment
from laoke.retention.models import Alert, CustomerScore, Forecast, Task

PASSWORD = "secret-pass-1"
_seq = itertools.count(1)


def user(username: str, *, role: str = RoleChoices.SALESPERSON, **fields: Any) -> User:
    """A user who can log in with PASSWORD."""
    return User.objects.create_user(username, password=PASSWORD, role=role, **fields)


def customer(name: str | None = None, **fields: Any) -> Customer:
    """A customer with a unique code."""
    n = next(_seq)
    fields.setdefault("code", f"C{n:05d}")
    fields.setdefault("country", "DE")
    fields.setdefault("currency", "EUR")
    return Customer.objects.create(name=name or f"Customer {n}", **fields)


def score(cust: Customer, **fields: Any) -> CustomerScore:
    """A scorecard for the customer."""
    fields.setdefault("as_of", timezone.localdate())
    fields.setdefault("grade", "B")
    fields.setdefault("state", "active")
    fields.setdefault("total", 60.0)
    return CustomerScore.objects.create(customer=cust, **fields)


def order(cust: Customer, on: dt.date, amount: float | str = "1000", **fields: Any) -> Order:
    """An order with one line of ``amount`` in home currency."""
    fields.setdefault("currency", cust.currency or "USD")
    header = Order.objects.create(order_no=f"SO-{next(_seq)}", customer=cust, order_date=on, **fields)
    OrderLine.objects.create(
        order=header,
        line_no=1,
        amount_original=Decimal(str(amount)),
        currency=header.currency,
        amount=Decimal(str(amount)),
    )
    return header


def payment(cust: Customer, due: dt.date, paid: dt.date | None, amount: str = "500") -> Payment:
    """A payment due on ``due`` and paid on ``paid`` (None: still open)."""
    return Payment.objects.create(customer=cust, due_date=due, paid_date=paid, amount=Decimal(amount))


def task(cust: Customer | None, assignee: User | None, due: dt.date, **fields: Any) -> Task:
    """An open task with English and Chinese title and reason."""
    n = next(_seq)
    fields.setdefault("kind", "monthly_mail")
    fields.setdefault("title_en", f"Send the monthly mail {n}")
    fields.setdefault("title_zh", f"发送月度邮件 {n}")
    fields.setdefault("why_en", "No mail for 30 days")
    fields.setdefault("why_zh", "30 天没有邮件")
    return Task.objects.create(customer=cust, assignee=assignee, due_on=due, **fields)


def alert(cust: Customer, **fields: Any) -> Alert:
    """An open alert with reason and action in both languages."""
    n = next(_seq)
    today = timezone.localdate()
    fields.setdefault("key", f"silent:{cust.pk}:{n}")
    fields.setdefault("code", "silent")
    fields.setdefault("severity", 3)
    fields.setdefault("reason_en", "Silent for three months")
    fields.setdefault("reason_zh", "三个月没有联系")
    fields.setdefault("action_en", "Call the buyer")
    fields.setdefault("action_zh", "给采购打电话")
    return Alert.objects.create(customer=cust, raised_on=today, last_seen_on=today, **fields)


def forecast(cust: Customer, start: dt.date, end: dt.date, **fields: Any) -> Forecast:
    """A next-order forecast with its window."""
    fields.setdefault("next_order_on", start + (end - start) / 2)
    fields.setdefault("p_order_90d", 0.7)
    return Forecast.objects.create(
        customer=cust, as_of=timezone.localdate(), window_start=start, window_end=end, **fields
    )


def contact(cust: Customer, name: str, **fields: Any) -> Contact:
    """A contact at the customer."""
    return Contact.objects.create(customer=cust, name=name, **fields)


def interaction(cust: Customer, kind: str = "call", **fields: Any) -> Interaction:
    """An interaction that happened now (unless told otherwise)."""
    fields.setdefault("occurred_at", timezone.now())
    return Interaction.objects.create(customer=cust, kind=kind, **fields)


def said(code: str, **params: Any) -> dict[str, Any]:
    """One stored message of an explanation: a code and its figures (laoke.core.messages)."""
    return {"code": code, "params": params}


DIMENSIONS: dict[str, dict[str, Any]] = {
    "profit": {
        "score": 82.0,
        "level": "excellent",
        "explanation": [said("scorecard.profit.margin", margin=0.28, profit=48612.4, months=12)],
    },
    "volume": {
        "score": 64.0,
        "level": "good",
        "explanation": [said("scorecard.volume.sales", sales=173514.0, months=12, ahead_of=0.7)],
    },
    "loyalty": {
        "score": 45.0,
        "level": "fair",
        "explanation": [
            said("scorecard.loyalty.tenure", years=3.5),
            said("scorecard.loyalty.disputes", count=1),
        ],
    },
    "payment_risk": {
        "score": 30.0,
        "level": "poor",
        "explanation": [said("scorecard.payment_risk.days_late", days=21.0)],
    },
    "market_trend": {"score": None, "level": None, "explanation": [said("scorecard.market_trend.unknown")]},
}


def rich_customer(owner: User, name: str = "Hamburg Tools GmbH") -> Customer:
    """A customer with a score, forecast, orders over three years, alerts, contacts and payments."""
    today = timezone.localdate()
    cust = customer(name, owner=owner, relationship_level=4, kind="distributor", payment_terms="TT")
    score(
        cust,
        grade="A",
        total=71.5,
        revenue_12m=123456.0,
        dimensions=DIMENSIONS,
        reasons=[
            {"dimension": "profit", "explanation": DIMENSIONS["profit"]["explanation"]},
            {"dimension": "payment_risk", "explanation": DIMENSIONS["payment_risk"]["explanation"]},
        ],
    )
    for months_ago in range(0, 36, 2):
        on = today - dt.timedelta(days=30 * months_ago + 3)
        order(cust, on, amount=str(1000 + 150 * (months_ago % 5)))
    forecast(cust, today + dt.timedelta(days=20), today + dt.timedelta(days=50))
    alert(cust)
    contact(
        cust,
        "Anna Schmidt",
        role="Buyer",
        email="anna@example.com",
        birthday=dt.date(1980, 5, 17),
        is_primary=True,
    )
    payment(cust, today - dt.timedelta(days=60), today - dt.timedelta(days=40))
    payment(cust, today - dt.timedelta(days=10), None)
    interaction(cust, "email_out", subject="New catalogue", user=owner)
    return cust
