"""Customer portraits and the target portrait, as of a date (derived from the stored facts + edits)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from laoke.core.portrait.derive import derive_portraits
from laoke.core.portrait.dimensions import DIMENSIONS
from laoke.core.portrait.lookalike import TargetPortrait, target_portrait
from laoke.customers.book_cache import cached_for_everyone
from laoke.customers.models import Customer
from laoke.pipeline import repositories
from laoke.pipeline.models import CustomerPortrait
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


def customer_portrait(*, customer: Customer, as_of: dt.date) -> dict[str, Any]:
    """One customer's portrait as ``{dimension key: value}`` (None = unknown) plus ``grade``."""
    frame = book_portraits(as_of=as_of, ids=[customer.pk])
    if frame.is_empty():
        return {d.key: None for d in DIMENSIONS}
    return frame.row(0, named=True)


def cached_customer_portrait(*, customer: Customer, as_of: dt.date) -> dict[str, Any]:
    """:func:`customer_portrait`, kept per customer, day and book version (the 360° page draws it on
    every visit; its inputs, the customer, orders, payments, products, scorecard and the edited
    portrait, all move the book version when they change)."""
    return cached_for_everyone(
        "customer-portrait",
        (customer.pk, as_of.isoformat()),
        lambda: customer_portrait(customer=customer, as_of=as_of),
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
