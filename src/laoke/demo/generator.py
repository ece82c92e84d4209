"""The demo book generator: pure and deterministic (same seed and date → the same book).

No Django and no I/O here, so it is fast and testable; :mod:`laoke.demo.services` writes the result.
The book is an exporter of pigments, additives and resins whose home currency is USD.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import polars as pl

from laoke.demo import activity, followup, people, prospects, trade
from laoke.demo.archetypes import assign_archetypes, draw_rhythm, schedule
from laoke.demo.book import (
    CATEGORY_COLUMNS,
    COMPANY_NAME,
    CONTACT_COLUMNS,
    COUNTRY_POLICY_COLUMNS,
    CURRENCY_POLICY_COLUMNS,
    CUSTOMER_COLUMNS,
    INTERACTION_COLUMNS,
    LOSS_COLUMNS,
    ORDER_LINE_COLUMNS,
    PAYMENT_COLUMNS,
    PRODUCT_COLUMNS,
    PROMISE_COLUMNS,
    PROSPECT_COLUMNS,
    RATE_COLUMNS,
    TASK_COLUMNS,
    DemoBook,
    DemoCompany,
    frame,
)
from laoke.demo.reference import COUNTRIES, CURRENCIES, HOME_CURRENCY

DEFAULT_SEED = 2024
DEFAULT_CUSTOMERS = 300
DEFAULT_YEARS = 7
SALESPEOPLE = 8

#: yearly value in home currency by archetype: (log-mean, log-sd) of a log-normal
VALUE = {
    "neglected_small": (9.3, 0.4),
    "one_off": (10.0, 0.8),
    "new": (10.5, 0.8),
    "trial_grower": (11.8, 0.6),
}


def generate_book(
    *,
    seed: int = DEFAULT_SEED,
    today: dt.date,
    customers: int = DEFAULT_CUSTOMERS,
    years: int = DEFAULT_YEARS,
) -> DemoBook:
    """Generate the whole demo book as of ``today`` with ``customers`` customers and ``years`` of orders."""
    if years < 3:
        raise ValueError("the demo needs at least 3 years of history")
    rng = np.random.default_rng(seed)
    start = today - dt.timedelta(days=365 * years)
    users = people.make_users(salespeople=SALESPEOPLE, today=today)
    sales = [u for u in users if u.role == "salesperson"]
    departed = next(u for u in sales if u.left_on is not None)
    assert departed.left_on is not None
    products = trade.make_products(rng, today=today, start=start)
    by_sku = {str(p["sku"]): p for p in products}
    old_skus = [s for s, p in by_sku.items() if p["launched_on"] < start]
    rates = trade.make_rates(rng, today=today, start=start)
    owner_p = np.array(people.OWNER_WEIGHTS[: len(sales)])
    owner_p = owner_p / owner_p.sum()

    customer_rows: list[dict[str, Any]] = []
    contact_rows: list[dict[str, Any]] = []
    interaction_rows: list[dict[str, Any]] = []
    promise_rows: list[dict[str, Any]] = []
    loss_rows: list[dict[str, Any]] = []
    book_trade = trade.Trade()
    order_numbers: dict[int, int] = {}
    owner_left_quota = max(1, customers // 120)
    for i, archetype in enumerate(assign_archetypes(rng, customers)):
        code = f"C{1001 + i}"
        owner = sales[int(rng.choice(len(sales), p=owner_p))]
        reason = followup.loss_reason(rng) if archetype == "churned" else None
        if archetype == "churned" and owner_left_quota > 0:
            owner_left_quota -= 1
            owner, reason = departed, "owner_left"
        rhythm = draw_rhythm(
            rng,
            archetype,
            today=today,
            start=start,
            departed_on=departed.left_on if reason == "owner_left" else None,
        )
        orders = schedule(rng, rhythm, today=today)
        mean, sd = VALUE.get(archetype, (11.2, 1.0))
        yearly_value = float(rng.lognormal(mean, sd))
        country = people.pick_country(rng)
        row = people.make_customer(
            rng,
            code=code,
            rhythm=rhythm,
            country=country,
            owner=owner.username,
            yearly_value=yearly_value,
            today=today,
        )
        row["first_order"] = orders[0][0] if orders else None
        customer_rows.append(row)
        contact_rows += people.make_contacts(rng, row, country)
        buyer = trade.Buyer(
            code=code,
            country=country.code,
            currency=str(row["currency"]),
            salesperson=owner.username,
            margin=float(row["margin"]),
            payer=str(row["payer"]),
            credit_days=int(row["credit_days"]),
            yearly_value=yearly_value,
            cycle_days=rhythm.cycle_days,
            skus=tuple(rng.choice(old_skus, size=int(rng.integers(2, 6)), replace=False)),
            likes_new=archetype in {"growing", "trial_grower", "dropping_grower"} or rng.random() < 0.25,
        )
        trade.add_orders(
            rng,
            book_trade,
            buyer=buyer,
            orders=orders,
            products=by_sku,
            rates=rates,
            today=today,
            order_numbers=order_numbers,
        )
        dates = [d for d, _ in orders]
        interaction_rows += activity.customer_interactions(
            rng, row, orders=dates, today=today, owner=owner.username, loss_reason=reason
        )
        promise_rows += followup.promise_rows(
            rng,
            code=code,
            orders=dates,
            today=today,
            owner=owner.username,
            must_break=reason == "broken_promise",
            value=yearly_value,
        )
        if reason is not None and dates:
            loss_rows.append(
                followup.loss_row(
                    rng, code=code, reason=reason, last_order=dates[-1], today=today, recorder="manager"
                )
            )

    customers_frame = frame(customer_rows, CUSTOMER_COLUMNS)
    lines = _renumber(frame(book_trade.lines, ORDER_LINE_COLUMNS))
    lines = lines.with_columns(
        salesperson=pl.when(
            (pl.col("salesperson") == departed.username) & (pl.col("order_date") > departed.left_on)
        )
        .then(pl.lit("manager"))
        .otherwise(pl.col("salesperson"))
    )
    payments = frame(book_trade.payments, PAYMENT_COLUMNS)
    payments = (
        payments.join(_number_map(book_trade.lines), on="order_id", how="left")
        .with_columns(order_id=pl.col("new_id"))
        .drop("new_id")
    )
    active = customers_frame.filter(~pl.col("archetype").is_in(["churned", "one_off", "dormant"]))
    by_owner = {
        u.username: active.filter(pl.col("owner") == u.username)["customer_id"].to_list() for u in sales
    }
    won = customers_frame.filter(pl.col("archetype") == "new")["customer_id"].to_list()
    active_sales = [u.username for u in sales if u.is_active]
    current_prospects = followup.prospect_rows(
        rng, count=max(10, customers // 5), today=today, owners=active_sales, won=won
    )
    first_orders = dict(lines.group_by("customer_id").agg(pl.col("order_date").min()).iter_rows())
    current_prospects = prospects.complete(
        current_prospects, seed=seed, first_orders=first_orders, today=today
    )
    past_prospects = prospects.history_prospects(
        seed=seed,
        customers=customers_frame,
        order_lines=lines,
        today=today,
        start=start,
        owners=active_sales,
        skip=set(won),
    )
    return DemoBook(
        seed=seed,
        today=today,
        company=DemoCompany(COMPANY_NAME, HOME_CURRENCY, 1),
        users=users,
        categories=frame(trade.make_categories(), CATEGORY_COLUMNS),
        products=frame(products, PRODUCT_COLUMNS),
        customers=customers_frame,
        contacts=frame(contact_rows, CONTACT_COLUMNS),
        exchange_rates=_rates_frame(rates),
        order_lines=lines,
        payments=payments.sort("due_date", "customer_id"),
        interactions=frame(interaction_rows, INTERACTION_COLUMNS).sort(
            "occurred_at", "customer_id", maintain_order=True
        ),
        promises=frame(promise_rows, PROMISE_COLUMNS),
        losses=frame(loss_rows, LOSS_COLUMNS),
        prospects=frame(current_prospects + past_prospects, PROSPECT_COLUMNS),
        tasks=frame(
            followup.task_rows(
                rng, by_owner=by_owner, today=today, manager="manager", departed=departed.username
            ),
            TASK_COLUMNS,
        ),
        country_policies=frame(
            [{"country": c.code, "risk": c.policy_risk, "note": c.policy_note} for c in COUNTRIES],
            COUNTRY_POLICY_COLUMNS,
        ),
        currency_policies=frame(
            [
                {"currency": c, "volatility_pct": v, "note": _currency_note(d)}
                for c, (_l, v, d) in CURRENCIES.items()
            ],
            CURRENCY_POLICY_COLUMNS,
        ),
    )


def _currency_note(drift: float) -> str:
    if drift <= -10:
        return "Falling fast against USD 对美元快速贬值"
    return "Pegged or stable 稳定" if abs(drift) < 1 else ""


def _number_map(lines: list[dict[str, Any]]) -> pl.DataFrame:
    """Provisional order number → final number: ``SO2021-00042`` counted by date within each year."""
    heads = (
        pl.DataFrame(
            {
                "order_id": [r["order_id"] for r in lines],
                "order_date": [r["order_date"] for r in lines],
                "customer_id": [r["customer_id"] for r in lines],
            }
        )
        .unique("order_id")
        .sort("order_date", "customer_id", "order_id")
        .with_columns(prefix=pl.col("order_id").str.slice(0, 2), year=pl.col("order_date").dt.year())
    )
    seq = pl.int_range(1, pl.len() + 1).over("prefix", "year")
    return heads.with_columns(
        new_id=pl.format("{}{}-{}", "prefix", "year", seq.cast(pl.String).str.zfill(5))
    ).select("order_id", "new_id")


def _renumber(lines: pl.DataFrame) -> pl.DataFrame:
    mapping = _number_map(lines.select("order_id", "order_date", "customer_id").to_dicts())
    return (
        lines.join(mapping, on="order_id", how="left")
        .with_columns(order_id=pl.col("new_id"))
        .drop("new_id")
        .sort("order_date", "order_id", "line_no")
    )


def _rates_frame(rates: dict[str, dict[dt.date, float]]) -> pl.DataFrame:
    rows = [
        {"currency": currency, "valid_from": day, "rate_to_home": value}
        for currency, by_month in rates.items()
        for day, value in by_month.items()
    ]
    return frame(rows, RATE_COLUMNS)
