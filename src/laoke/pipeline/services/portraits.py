"""Customer portraits and the target portrait, as of a date (derived from the stored facts + edits)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from laoke.core.portrait.derive import derive_portrait, derive_portraits
from laoke.core.portrait.lookalike import TargetPortrait, target_portrait
from laoke.customers.book_cache import cached_for_everyone
from laoke.customers.models import Customer
from laoke.orders.models import OrderLine, Payment, Product
from laoke.pipeline import repositories
from laoke.pipeline.models import CustomerPortrait
from laoke.platform.prepared import PreparedRows
from laoke.platform.unset import UNSET, Unset
from laoke.retention.models import CustomerScore
from laoke.retention.services.scoring import current_policy


def best_grades() -> tuple[str, ...]:
    """The grades of the best customers: the policy's top grade."""
    return (current_policy().grades.names[0],)


def book_portraits(*, as_of: dt.date, ids: list[int] | None = None) -> pl.DataFrame:
    """Portrait frame (``id`` = customer pk as text, ``grade``) of every customer, or of ``ids``."""
    return derive_portraits(
        repositories.customers_frame(ids),
        repositories.order_lines_frame(as_of, ids),
        as_of=as_of,
        payments=repositories.payments_frame(as_of, ids),
        products=repositories.products_frame(),
        edits=repositories.edits_frame(ids),
        scores=repositories.scores_frame(ids),
    )


#: Stand-ins no row holds, to compile the two queries of :func:`customer_portrait` once.
_ID, _SINCE, _UNTIL = 987654321, dt.date(1901, 2, 3), dt.date(1901, 4, 5)
#: A customer's order lines dated in (since, until]: the sums and the ranking need no order (the
#: models' default one costs a sort).
_LINES = PreparedRows(
    lambda customer_id, since, until: (
        OrderLine.objects.filter(
            order__customer_id=customer_id, order__order_date__gt=since, order__order_date__lte=until
        )
        .order_by()
        .values_list(
            "order__order_date", "amount", "product__category__name", "product__launched_on", "product_id"
        )
    ),
    _ID,
    _SINCE,
    _UNTIL,
)
#: A customer's payments due in (since, until].
_PAYMENTS = PreparedRows(
    lambda customer_id, since, until: (
        Payment.objects.filter(customer_id=customer_id, due_date__gt=since, due_date__lte=until)
        .order_by()
        .values_list("due_date", "paid_date")
    ),
    _ID,
    _SINCE,
    _UNTIL,
)


def customer_portrait(
    *,
    customer: Customer,
    as_of: dt.date,
    edited: CustomerPortrait | Unset | None = UNSET,
    score: CustomerScore | Unset | None = UNSET,
) -> dict[str, Any]:
    """One customer's portrait as ``{dimension key: value}`` (None = unknown) plus ``id`` and ``grade``:
    the row :func:`book_portraits` gives for it, derived in plain Python from the customer's order
    lines and payments (two queries). ``edited`` and ``score``, when the caller has read them (the
    360° page has), save their queries."""
    since = as_of - repositories.LOOKBACK
    lines = _LINES.rows(customer.pk, since, as_of)
    # Without any product in the book, uptake is unknown; a line with a product shows there is one.
    products_known = any(line[4] is not None for line in lines) or (bool(lines) and Product.objects.exists())
    payments = _PAYMENTS.rows(customer.pk, since, as_of)
    if isinstance(edited, Unset):
        edited = CustomerPortrait.objects.filter(customer_id=customer.pk).first()
    if isinstance(score, Unset):
        score = CustomerScore.objects.filter(customer_id=customer.pk).first()
    loyalty = ((score.dimensions or {}).get("loyalty") or {}).get("score") if score is not None else None
    return derive_portrait(
        customer_id=str(customer.pk),
        as_of=as_of,
        customer={
            "kind": customer.kind,
            "headcount": customer.headcount,
            "turnover": customer.turnover,
            "payment_terms": customer.payment_terms,
            "delivery_sensitivity": customer.delivery_sensitivity,
        },
        lines=[(day, float(amount), category, launched) for day, amount, category, launched, _ in lines],
        products_known=products_known,
        payments=payments,
        edit=None
        if edited is None
        else {
            "channel": edited.channel_role,
            "brand": edited.brand_role,
            "product_line": edited.product_line,
            "attributes": edited.attributes,
            "new_products_rating": edited.new_products_rating,
        },
        grade=score.grade if score is not None else None,
        loyalty_score=None if loyalty is None else float(loyalty),
    )


def cached_customer_portrait(
    *,
    customer: Customer,
    as_of: dt.date,
    edited: CustomerPortrait | Unset | None = UNSET,
    score: CustomerScore | Unset | None = UNSET,
    version: str | None = None,
) -> dict[str, Any]:
    """:func:`customer_portrait`, kept per customer, day and book version (the 360° page draws it on
    every visit; its inputs, the customer, orders, payments, products, scorecard and the edited
    portrait, all move the book version when they change). ``version``: the book version the
    caller read in this request, not read again."""
    return cached_for_everyone(
        "customer-portrait",
        (customer.pk, as_of.isoformat()),
        lambda: customer_portrait(customer=customer, as_of=as_of, edited=edited, score=score),
        version=version,
    )


def book_target(*, as_of: dt.date) -> TargetPortrait:
    """What the best customers have in common."""
    return target_portrait(book_portraits(as_of=as_of), best_grades=best_grades())


def save_portrait(*, customer: Customer, values: dict[str, Any]) -> CustomerPortrait:
    """Create or update the edited part of ``customer``'s portrait."""
    portrait, _created = CustomerPortrait.objects.get_or_create(customer=customer)
    for name, value in values.items():
        setattr(portrait, name, value)
    portrait.full_clean()
    portrait.save()
    return portrait


def parse_attributes(text: str) -> list[str]:
    """``"purity; particle size, REACH"`` → ``["purity", "particle size", "REACH"]`` (deduplicated)."""
    seen: dict[str, str] = {}
    for part in text.replace("；", ";").replace("，", ",").replace(";", ",").split(","):
        cleaned = " ".join(part.split())
        if cleaned and cleaned.lower() not in seen:
            seen[cleaned.lower()] = cleaned[:60]
    return list(seen.values())
