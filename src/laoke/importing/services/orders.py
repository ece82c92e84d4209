"""Write a parsed order file into the database: customers, products, orders, lines, payments.

Natural keys make a re-import a no-op: customers by code, products by SKU, categories by name,
orders by order number (derived from customer and date when the file has none), lines by
(order, line number), payments by (order, due date). Existing lines whose values changed in the
file are updated; nothing is ever deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from laoke.customers.models import Customer
from laoke.fileio.common import ERROR_SCHEMA
from laoke.fileio.customers import PAYMENT_TERMS_WORDS
from laoke.fileio.orders import OrderFileResult
from laoke.importing.models import ImportBatch
from laoke.importing.services.lookups import (
    INSERT_BATCH,
    chunks,
    derived_order_no,
    fetch_by_key,
    resolve_users,
    run_in_batch,
)
from laoke.importing.services.order_lines import write_lines, write_payments
from laoke.importing.services.report import ImportReport, add_errors, new_report
from laoke.importing.services.salespeople import unknown_salespeople_warnings
from laoke.orders.models import Category, Order, Product

ProgressCallback = Callable[[str, int, int], None]

#: Lengths of the natural keys in the database (longer values are row errors, never truncated).
_KEY_LENGTHS = {"customer_id": 100, "order_no": 100, "product": 100, "currency": 3}


def import_orders(
    *,
    result: OrderFileResult,
    user: Any = None,
    partial: bool = False,
    dry_run: bool = False,
    file_name: str = "",
    file_sha256: str = "",
    progress: ProgressCallback | None = None,
    lang: str = "en",
    batch: ImportBatch | None = None,
) -> ImportReport:
    """Write the good lines of ``result`` into the database and record the run in ImportBatch.

    All-or-nothing unless ``partial``: when any row was rejected (by the file reader, or here
    against the database, e.g. an order number that belongs to another customer), only a failed
    ImportBatch is recorded and ``report.ok`` is False. With ``partial`` the good rows are
    written and the rejected ones reported. ``dry_run`` checks everything and writes nothing.
    ``batch`` is a row the caller created beforehand (a background import shows its progress
    there); without one, a new row is created.
    The caller owns the transaction (wrap the call in ``transaction.atomic()``).
    Errors found here are added to ``result.error_frame``, so a rejects file written after the
    call lists them too.
    """
    lines = _with_order_numbers(result.lines_with_extras())
    db_errors = _check_against_database(lines)
    add_errors(result, db_errors)
    if db_errors.height:
        lines = lines.filter(~pl.col("source_row").is_in(db_errors["row"].unique().implode()))
    report = new_report(result, kind="orders", partial=partial, dry_run=dry_run, lang=lang)
    report.warnings.extend(unknown_salespeople_warnings(lines["salesperson"].to_list(), lang=lang))
    if dry_run:
        return report
    run_in_batch(
        batch=batch,
        kind=ImportBatch.Kind.ORDERS,
        report=report,
        user=user,
        file_name=file_name,
        file_sha256=file_sha256,
        partial=partial,
        write=lambda written_batch: _write(lines, batch=written_batch, report=report, progress=progress),
    )
    return report


def _with_order_numbers(lines: pl.DataFrame) -> pl.DataFrame:
    """Add ``order_no``: the file's order id, or a hash of customer and date when it has none."""
    missing = lines.filter(pl.col("order_id").is_null()).select("customer_id", "order_date").unique()
    derived = missing.with_columns(
        pl.Series(
            "derived_no",
            [derived_order_no(c, d.isoformat()) for c, d in missing.iter_rows()],
            dtype=pl.String,
        )
    )
    lines = lines.join(derived, on=["customer_id", "order_date"], how="left", maintain_order="left")
    return lines.with_columns(pl.coalesce("order_id", "derived_no").alias("order_no")).drop("derived_no")


def _check_against_database(lines: pl.DataFrame) -> pl.DataFrame:
    """Row errors only the database can reveal: keys too long, an order of another customer."""
    parts = []
    for column, limit in _KEY_LENGTHS.items():
        too_long = lines.filter(pl.col(column).str.len_chars() > limit)
        parts.append(
            too_long.select(
                pl.col("source_row").alias("row"),
                pl.lit("order_id" if column == "order_no" else column).alias("field"),
                pl.lit("too_long").alias("code"),
                pl.col(column).alias("value"),
                pl.lit(str(limit)).alias("high"),
            )
        )
    order_nos = lines["order_no"].unique().to_list()
    existing = fetch_by_key(Order, "order_no", order_nos, "customer__code")
    if existing:
        owners = pl.DataFrame(
            {"order_no": list(existing), "db_customer": [row[1] for row in existing.values()]},
            schema={"order_no": pl.String, "db_customer": pl.String},
        )
        conflicts = lines.join(owners, on="order_no").filter(pl.col("db_customer") != pl.col("customer_id"))
        parts.append(
            conflicts.select(
                pl.col("source_row").alias("row"),
                pl.lit("customer_id").alias("field"),
                pl.lit("order_conflict").alias("code"),
                pl.col("order_no").alias("order"),
                pl.col("db_customer").alias("other"),
            )
        )
    frames = [pl.DataFrame(schema=ERROR_SCHEMA)] + [
        p.with_columns(pl.col("row").cast(pl.Int64)) for p in parts if p.height
    ]
    return pl.concat(frames, how="diagonal_relaxed").select(list(ERROR_SCHEMA)).cast(ERROR_SCHEMA)  # type: ignore[arg-type]


def _write(
    lines: pl.DataFrame, *, batch: ImportBatch, report: ImportReport, progress: ProgressCallback | None
) -> None:
    users = resolve_users(lines["salesperson"].drop_nulls().unique().to_list())
    customers = _ensure_customers(lines, users, report)
    products = _ensure_products(lines, report)
    orders, new_orders = _ensure_orders(lines, customers, users, batch, report)
    write_lines(
        lines, orders=orders, new_orders=new_orders, products=products, report=report, progress=progress
    )
    write_payments(lines, orders=orders, customers=customers, report=report)


def _first_per(lines: pl.DataFrame, key: str, columns: list[str]) -> pl.DataFrame:
    """One row per ``key``: the first non-null value of each column, in file order."""
    return lines.group_by(key, maintain_order=True).agg(pl.col(c).drop_nulls().first() for c in columns)


def _terms_code(text: str | None) -> str:
    if not text:
        return ""
    key = "".join(ch for ch in text.lower() if ch not in " _-/%.")
    return PAYMENT_TERMS_WORDS.get(key, "")


def _ensure_customers(lines: pl.DataFrame, users: dict[str, Any], report: ImportReport) -> dict[str, int]:
    """Customers by code; those not in the database yet are created from their first lines."""
    heads = _first_per(
        lines, "customer_id", ["customer_name", "country", "currency", "payment_terms", "salesperson"]
    )
    existing = fetch_by_key(Customer, "code", heads["customer_id"].to_list(), "pk")
    codes = {code: row[1] for code, row in existing.items()}
    new = [
        Customer(
            code=code,
            name=(name or code)[:200],
            country=country or "",
            currency=currency or "",
            payment_terms=_terms_code(terms),
            owner=users.get(salesperson) if salesperson else None,
        )
        for code, name, country, currency, terms, salesperson in heads.iter_rows()
        if code not in codes
    ]
    Customer.objects.bulk_create(new, batch_size=INSERT_BATCH)
    report.created["customers"] += len(new)
    report.unchanged["customers"] += len(existing)
    if new:
        codes.update(
            {c: row[1] for c, row in fetch_by_key(Customer, "code", [n.code for n in new], "pk").items()}
        )
    return codes


def _ensure_products(lines: pl.DataFrame, report: ImportReport) -> dict[str, int]:
    """Categories by name and products by SKU; missing ones are created."""
    with_product = lines.filter(pl.col("product").is_not_null())
    names = with_product["category"].drop_nulls().unique().to_list()
    categories = {k: row[1] for k, row in fetch_by_key(Category, "name", names, "pk").items()}
    new_categories = [Category(name=n[:200]) for n in names if n not in categories]
    Category.objects.bulk_create(new_categories, batch_size=INSERT_BATCH)
    report.created["categories"] += len(new_categories)
    if new_categories:
        categories.update({k: row[1] for k, row in fetch_by_key(Category, "name", names, "pk").items()})
    heads = _first_per(with_product, "product", ["product_name", "category"])
    existing = {
        k: row[1] for k, row in fetch_by_key(Product, "sku", heads["product"].to_list(), "pk").items()
    }
    new = [
        Product(sku=sku, name=(name or "")[:300], category_id=categories.get(category) if category else None)
        for sku, name, category in heads.iter_rows()
        if sku not in existing
    ]
    for part in chunks(new, INSERT_BATCH * 5):
        Product.objects.bulk_create(part, batch_size=INSERT_BATCH)
    report.created["products"] += len(new)
    report.unchanged["products"] += len(existing)
    if new:
        existing.update(
            {k: row[1] for k, row in fetch_by_key(Product, "sku", [p.sku for p in new], "pk").items()}
        )
    return existing


def _ensure_orders(
    lines: pl.DataFrame,
    customers: dict[str, int],
    users: dict[str, Any],
    batch: ImportBatch,
    report: ImportReport,
) -> tuple[dict[str, int], set[int]]:
    """Orders by number: create the new ones, update date/currency/salesperson of changed ones."""
    heads = _first_per(lines, "order_no", ["customer_id", "order_date", "currency", "salesperson"])
    existing = fetch_by_key(
        Order, "order_no", heads["order_no"].to_list(), "pk", "order_date", "currency", "salesperson_id"
    )
    new, changed = [], []
    for order_no, code, order_date, currency, salesperson in heads.iter_rows():
        seller = users.get(salesperson) if salesperson else None
        if order_no not in existing:
            new.append(
                Order(
                    order_no=order_no,
                    customer_id=customers[code],
                    order_date=order_date,
                    currency=currency,
                    salesperson=seller,
                    import_batch=batch,
                )
            )
            continue
        _no, pk, db_date, db_currency, db_seller = existing[order_no]
        seller_id = seller.pk if seller is not None else db_seller
        if (db_date, db_currency, db_seller) != (order_date, currency, seller_id):
            changed.append(Order(pk=pk, order_date=order_date, currency=currency, salesperson_id=seller_id))
    for part in chunks(new, INSERT_BATCH * 5):
        Order.objects.bulk_create(part, batch_size=INSERT_BATCH)
    if changed:
        Order.objects.bulk_update(changed, ["order_date", "currency", "salesperson"], batch_size=500)
    report.created["orders"] += len(new)
    report.updated["orders"] += len(changed)
    report.unchanged["orders"] += len(existing) - len(changed)
    numbers = {no: row[1] for no, row in existing.items()}
    new_numbers = fetch_by_key(Order, "order_no", [o.order_no for o in new], "pk")
    numbers.update({no: row[1] for no, row in new_numbers.items()})
    return numbers, {row[1] for row in new_numbers.values()}
