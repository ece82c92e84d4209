"""Demo products, exchange rates, orders with their lines, credit notes and payments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from laoke.demo.reference import CATEGORIES, CURRENCIES, HOME_CURRENCY, PRODUCTS


def make_categories() -> list[dict[str, Any]]:
    """Return the category tree rows (parents first)."""
    return [{"name": name, "parent": parent or None} for name, parent in CATEGORIES]


def make_products(rng: np.random.Generator, *, today: dt.date, start: dt.date) -> list[dict[str, Any]]:
    """Return the catalogue; products marked new were launched within the last two years."""
    rows = []
    for sku, name, category, price, months in PRODUCTS:
        if months:
            launched = today - dt.timedelta(days=30 * months)
        else:
            launched = start - dt.timedelta(days=int(rng.integers(365, 8 * 365)))
        rows.append(
            {"sku": sku, "name": name, "category": category, "launched_on": launched, "base_price": price}
        )
    return rows


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def make_rates(
    rng: np.random.Generator, *, today: dt.date, start: dt.date
) -> dict[str, dict[dt.date, float]]:
    """Return monthly rates to the home currency per currency: a random walk ending near today's level."""
    months = []
    day = _month_start(start - dt.timedelta(days=62))
    while day <= today:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    rates: dict[str, dict[dt.date, float]] = {}
    for currency, (level, vol, drift) in CURRENCIES.items():
        if currency == HOME_CURRENCY:
            continue
        steps = rng.normal(drift / 100 / 12, vol / 100 / np.sqrt(12), size=len(months))
        path = np.cumsum(steps)
        path = path - path[-1]  # today's value is the reference level
        rates[currency] = {m: float(round(level * np.exp(p), 8)) for m, p in zip(months, path, strict=True)}
    return rates


def rate_on(rates: dict[str, dict[dt.date, float]], currency: str, day: dt.date) -> float:
    """Home-currency value of one unit of ``currency`` on ``day`` (the month's rate)."""
    if currency == HOME_CURRENCY:
        return 1.0
    return rates[currency][_month_start(day)]


@dataclass
class Trade:
    """What the customers' orders produce."""

    lines: list[dict[str, Any]] = field(default_factory=list)
    payments: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Buyer:
    """What the order generator needs to know about one customer."""

    code: str
    country: str
    currency: str
    salesperson: str
    margin: float
    payer: str
    credit_days: int
    yearly_value: float
    cycle_days: float
    skus: tuple[str, ...]
    likes_new: bool


def _paid_date(rng: np.random.Generator, payer: str, due: dt.date, today: dt.date) -> dt.date | None:
    if payer == "punctual":
        delay = int(np.clip(round(rng.normal(-1.5, 2)), -7, 3))
    elif payer == "slow":
        delay = int(rng.integers(3, 36))
    else:
        delay = int(rng.integers(10, 121))
        if (today - due).days < 200 and rng.random() < 0.3:
            return None  # overdue and still unpaid
    paid = due + dt.timedelta(days=delay)
    return paid if paid <= today else None


def add_orders(
    rng: np.random.Generator,
    trade: Trade,
    *,
    buyer: Buyer,
    orders: list[tuple[dt.date, float]],
    products: dict[str, dict[str, Any]],
    rates: dict[str, dict[dt.date, float]],
    today: dt.date,
    order_numbers: dict[int, int],
) -> None:
    """Append the lines and payments of ``buyer``'s orders (and a few credit notes) to ``trade``."""
    new_skus = [s for s, p in products.items() if (today - p["launched_on"]).days < 2 * 365]
    for day, size in orders:
        value = buyer.yearly_value * buyer.cycle_days / 365.0 * size
        rate = rate_on(rates, buyer.currency, day)
        n_lines = int(np.clip(1 + value // 25_000 + rng.integers(0, 2), 1, 5))
        skus = list(rng.choice(buyer.skus, size=min(n_lines, len(buyer.skus)), replace=False))
        launched = [s for s in new_skus if products[s]["launched_on"] + dt.timedelta(days=30) <= day]
        if buyer.likes_new and launched and rng.random() < 0.5:
            skus.append(str(rng.choice(launched)))
        order_id = _next_number(order_numbers, day, "SO")
        shares = rng.dirichlet(np.ones(len(skus)))
        total_home = 0.0
        total_original = 0.0
        for line_no, (sku, share) in enumerate(zip(skus, shares, strict=True), start=1):
            product = products[str(sku)]
            price_home = (
                float(product["base_price"]) * (1 + 0.025 * (day.year - 2015)) * rng.normal(1.0, 0.04)
            )
            quantity = max(25.0, round(value * share / price_home / 25) * 25)
            unit_price = round(price_home / rate, 6)
            amount_original = round(quantity * unit_price, 2)
            amount = round(amount_original * rate, 2)
            margin = float(np.clip(buyer.margin + rng.normal(0, 0.03), -0.05, 0.6))
            cost = None if rng.random() < 0.015 else round(amount * (1 - margin), 2)
            trade.lines.append(
                _line(
                    buyer,
                    order_id,
                    line_no,
                    day,
                    product,
                    quantity,
                    unit_price,
                    amount,
                    cost,
                    amount_original,
                )
            )
            total_home += amount
            total_original += amount_original
        due = day + dt.timedelta(days=buyer.credit_days)
        trade.payments.append(
            {
                "customer_id": buyer.code,
                "order_id": order_id,
                "due_date": due,
                "paid_date": _paid_date(rng, buyer.payer, due, today),
                "amount": round(total_home, 2),
                "amount_original": round(total_original, 2),
                "currency": buyer.currency,
            }
        )
        returned_on = day + dt.timedelta(days=int(rng.integers(20, 60)))
        if rng.random() < 0.015 and returned_on <= today:
            _credit_note(rng, trade, buyer, trade.lines[-1], returned_on, order_numbers)


def _credit_note(
    rng: np.random.Generator,
    trade: Trade,
    buyer: Buyer,
    line: dict[str, Any],
    day: dt.date,
    order_numbers: dict[int, int],
) -> None:
    share = float(rng.uniform(0.1, 0.3))
    quantity = -max(25.0, round(float(line["quantity"]) * share / 25) * 25)
    unit_price = float(line["unit_price"])
    amount_original = round(quantity * unit_price, 2)
    rate = float(line["amount"]) / float(line["amount_original"])
    amount = round(amount_original * rate, 2)
    cost = (
        None if line["cost"] is None else round(float(line["cost"]) * quantity / float(line["quantity"]), 2)
    )
    order_id = _next_number(order_numbers, day, "CN")
    product = {"sku": line["product"], "category": line["category"]}
    trade.lines.append(
        _line(buyer, order_id, 1, day, product, quantity, unit_price, amount, cost, amount_original)
    )


def _line(
    buyer: Buyer,
    order_id: str,
    line_no: int,
    day: dt.date,
    product: dict[str, Any],
    quantity: float,
    unit_price: float,
    amount: float,
    cost: float | None,
    amount_original: float,
) -> dict[str, Any]:
    return {
        "customer_id": buyer.code,
        "order_id": order_id,
        "line_no": line_no,
        "order_date": day,
        "product": product["sku"],
        "category": product["category"],
        "quantity": quantity,
        "unit_price": unit_price,
        "amount": amount,
        "cost": cost,
        "currency": buyer.currency,
        "amount_original": amount_original,
        "country": buyer.country,
        "salesperson": buyer.salesperson,
    }


def _next_number(counters: dict[int, int], day: dt.date, prefix: str) -> str:
    """Order numbers are provisional here; the generator renumbers them by date afterwards."""
    key = 0 if prefix == "SO" else 1
    counters[key] = counters.get(key, 0) + 1
    return f"{prefix}-TMP-{counters[key]:07d}"
