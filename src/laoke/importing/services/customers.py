"""Write a parsed customer list into the database: create new customers, update changed ones.

A blank cell (or a column the file does not have) leaves the stored value as it is, so a partial
list never erases what salespeople entered by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import polars as pl
from django.utils import timezone

from laoke.customers.models import Customer
from laoke.fileio.common import ERROR_SCHEMA
from laoke.fileio.customers import CustomerFileResult
from laoke.importing.models import ImportBatch
from laoke.importing.services.lookups import (
    INSERT_BATCH,
    fetch_by_key,
    resolve_users,
    run_in_batch,
    run_progress,
)
from laoke.importing.services.report import ImportReport, add_errors, new_report

#: File field → Customer attribute, for the fields copied as they are.
_PLAIN_FIELDS = (
    "name",
    "country",
    "currency",
    "kind",
    "payment_terms",
    "credit_days",
    "relationship_level",
    "market_trend",
    "lifespan_risk",
    "delivery_sensitivity",
    "headcount",
    "founded_year",
    "source_channel",
    "notes",
    "is_target",
)
_UPDATED_FIELDS = [*_PLAIN_FIELDS, "turnover", "owner"]


def import_customers(
    *,
    result: CustomerFileResult,
    user: Any = None,
    partial: bool = False,
    dry_run: bool = False,
    file_name: str = "",
    file_sha256: str = "",
    progress: Callable[[str, int, int], None] | None = None,
    lang: str = "en",
    batch: ImportBatch | None = None,
) -> ImportReport:
    """Create or update customers by code; all-or-nothing unless ``partial`` (see ``import_orders``).

    The owner column holds a login (or a full name); an unknown one rejects the row.
    ``batch`` is a row the caller created beforehand (a background import shows its progress
    there); without one, a new row is created. The caller owns the transaction.
    """
    frame = result.frame
    users = resolve_users(frame["owner"].drop_nulls().unique().to_list())
    unknown = frame.filter(pl.col("owner").is_not_null() & ~pl.col("owner").is_in(list(users)))
    too_long = frame.filter(pl.col("customer_id").str.len_chars() > 100)
    db_errors = pl.concat(
        [
            unknown.select(
                pl.col("source_row").alias("row"),
                pl.lit("owner").alias("field"),
                pl.lit("unknown_user").alias("code"),
                pl.col("owner").alias("value"),
            ),
            too_long.select(
                pl.col("source_row").alias("row"),
                pl.lit("customer_id").alias("field"),
                pl.lit("too_long").alias("code"),
                pl.col("customer_id").alias("value"),
                pl.lit("100").alias("high"),
            ),
        ],
        how="diagonal_relaxed",
    )
    db_errors = pl.concat([pl.DataFrame(schema=ERROR_SCHEMA), db_errors], how="diagonal_relaxed").select(
        list(ERROR_SCHEMA)
    )
    add_errors(result, db_errors)
    frame = frame.filter(~pl.col("source_row").is_in(db_errors["row"].unique().implode()))
    report = new_report(result, kind="customers", partial=partial, dry_run=dry_run, lang=lang)
    if dry_run:
        return report
    run_in_batch(
        batch=batch,
        kind=ImportBatch.Kind.CUSTOMERS,
        report=report,
        user=user,
        file_name=file_name,
        file_sha256=file_sha256,
        partial=partial,
        write=lambda _batch: _write(frame, users=users, report=report, progress=progress),
    )
    return report


def _values(row: dict[str, Any], users: dict[str, Any]) -> dict[str, Any]:
    """The attributes a file row sets (its non-blank cells), in model types."""
    values = {f: row[f] for f in _PLAIN_FIELDS if row[f] is not None}
    if values.get("name"):
        values["name"] = values["name"][:200]
    if row["turnover"] is not None:
        values["turnover"] = Decimal(repr(round(row["turnover"], 2)))
    if row["owner"] is not None:
        values["owner"] = users[row["owner"]]
    return values


def _write(frame: pl.DataFrame, *, users: dict[str, Any], report: ImportReport, progress: Any) -> None:
    existing = fetch_by_key(Customer, "code", frame["customer_id"].to_list())
    new, changed = [], []
    for row in frame.iter_rows(named=True):
        values = _values(row, users)
        customer = existing.get(row["customer_id"])
        if customer is None:
            new.append(Customer(code=row["customer_id"], **values))
            continue
        differs = False
        for attr, value in values.items():
            current = customer.owner if attr == "owner" else getattr(customer, attr)
            if current != value:
                setattr(customer, attr, value)
                differs = True
        if differs:
            changed.append(customer)
    run_progress(progress, "customers", 0, len(new) + len(changed))
    Customer.objects.bulk_create(new, batch_size=INSERT_BATCH)
    if changed:
        for customer in changed:
            customer.updated_at = timezone.now()
        Customer.objects.bulk_update(changed, [*_UPDATED_FIELDS, "updated_at"], batch_size=500)
    run_progress(progress, "customers", len(new) + len(changed), len(new) + len(changed))
    report.created["customers"] += len(new)
    report.updated["customers"] += len(changed)
    report.unchanged["customers"] += len(existing) - len(changed)
