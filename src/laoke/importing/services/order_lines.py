"""Order lines and payments of an order import: insert the new, update the changed, keep the rest."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import polars as pl
from django.db import connection

from laoke.importing.services.lookups import INSERT_BATCH, LOOKUP_CHUNK, chunks, run_progress
from laoke.importing.services.report import ImportReport
from laoke.orders.models import OrderLine, Payment

#: Lines written at a time (bounded memory on a million lines). Progress is reported after each
#: slice, so a slice is also the step of the progress bar: 20,000 left a 30,000-line import with
#: one figure between 0 and done.
WRITE_SLICE = 5_000

#: Line values compared on re-import, with the decimals the database keeps.
_LINE_VALUES = {
    "product_pk": None,
    "quantity": 4,
    "unit_price": 6,
    "amount_original": 2,
    "currency": None,
    "amount": 2,
    "cost": 2,
}


def _key_frame(mapping: dict[str, int], key: str, value: str) -> pl.DataFrame:
    return pl.DataFrame(
        {key: list(mapping), value: list(mapping.values())}, schema={key: pl.String, value: pl.Int64}
    )


def _as_decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(repr(value))


def _rounded(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.col(c).round(d) for c, d in _LINE_VALUES.items() if d is not None)


def write_lines(
    lines: pl.DataFrame,
    *,
    orders: dict[str, int],
    new_orders: set[int],
    products: dict[str, int],
    report: ImportReport,
    progress: Callable[[str, int, int], None] | None,
) -> None:
    """Insert new lines in chunks and update lines whose values changed since the last import."""
    frame = (
        lines.join(
            _key_frame(orders, "order_no", "order_pk"), on="order_no", how="left", maintain_order="left"
        )
        .join(_key_frame(products, "product", "product_pk"), on="product", how="left", maintain_order="left")
        .select("order_pk", "line_no", *_LINE_VALUES)
    )
    frame = _rounded(frame)
    old_orders = sorted(set(orders.values()) - new_orders)
    existing = _existing_lines(old_orders)
    joined = frame.join(existing, on=["order_pk", "line_no"], how="left", suffix="_db")
    is_new = pl.col("line_pk").is_null()
    changed_expr = pl.any_horizontal([pl.col(c).ne_missing(pl.col(f"{c}_db")) for c in _LINE_VALUES])
    new_lines = joined.filter(is_new)
    changed = joined.filter(~is_new & changed_expr)
    report.unchanged["lines"] += joined.height - new_lines.height - changed.height
    total = new_lines.height + changed.height
    done = 0
    run_progress(progress, "lines", done, total)
    for part in new_lines.iter_slices(WRITE_SLICE):
        _insert_lines(
            part.select(
                "order_pk",
                "line_no",
                "product_pk",
                *[
                    pl.col(c).cast(pl.Decimal(18, d)) if d is not None else pl.col(c)
                    for c, d in _LINE_VALUES.items()
                    if c != "product_pk"
                ],
            )
        )
        done += part.height
        report.created["lines"] += part.height
        run_progress(progress, "lines", done, total)
    if changed.height:
        updates = [
            OrderLine(
                pk=row["line_pk"],
                product_id=row["product_pk"],
                **{
                    c: _as_decimal(row[c])
                    for c in ("quantity", "unit_price", "amount_original", "amount", "cost")
                },
                currency=row["currency"],
            )
            for row in changed.iter_rows(named=True)
        ]
        OrderLine.objects.bulk_update(
            updates,
            ["product", "quantity", "unit_price", "amount_original", "currency", "amount", "cost"],
            batch_size=500,
        )
        report.updated["lines"] += len(updates)
        run_progress(progress, "lines", total, total)


#: Columns of the fast insert, in the order of the rows ``write_lines`` builds.
_INSERT_FIELDS = (
    "order",
    "line_no",
    "product",
    "quantity",
    "unit_price",
    "amount_original",
    "currency",
    "amount",
    "cost",
)


def _insert_lines(frame: pl.DataFrame) -> None:
    """Insert order lines (columns in ``_INSERT_FIELDS`` order, decimals already rounded).

    ``bulk_create`` spends ~10x the time of the database itself building model objects and
    per-field SQL for 800 k lines; the values here are already typed and validated, so they go
    straight to the driver inside the caller's transaction: on PostgreSQL as one ``COPY`` of the
    frame written as CSV (no Python object per value), elsewhere with ``executemany`` in chunks.
    """
    meta = OrderLine._meta
    quote = connection.ops.quote_name
    fields = {f.name: f.column for f in meta.concrete_fields}
    columns = ", ".join(quote(fields[f]) for f in _INSERT_FIELDS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN WITH (FORMAT csv)"
            with cursor.cursor.copy(sql) as copy:
                copy.write(frame.write_csv(include_header=False).encode())
            return
        placeholders = ", ".join(["%s"] * len(_INSERT_FIELDS))
        sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"
        for part in chunks(frame.rows(), INSERT_BATCH):
            cursor.executemany(sql, part)


def _existing_lines(order_pks: list[int]) -> pl.DataFrame:
    """The stored lines of the given orders, with the compared values as floats."""
    schema = {
        "line_pk": pl.Int64,
        "order_pk": pl.Int64,
        "line_no": pl.Int64,
        **{
            f"{c}": (pl.String if c == "currency" else pl.Int64 if c == "product_pk" else pl.Float64)
            for c in _LINE_VALUES
        },
    }
    parts = []
    for part in chunks(order_pks, LOOKUP_CHUNK):
        rows = OrderLine.objects.filter(order_id__in=part).values_list(
            "pk",
            "order_id",
            "line_no",
            "product_id",
            "quantity",
            "unit_price",
            "amount_original",
            "currency",
            "amount",
            "cost",
        )
        data = [tuple(float(v) if isinstance(v, Decimal) else v for v in row) for row in rows]
        if data:
            parts.append(pl.DataFrame(data, schema=schema, orient="row"))
    if not parts:
        return pl.DataFrame(schema=schema)
    return pl.concat(parts).rename({c: f"{c}_db" for c in _LINE_VALUES})


def write_payments(
    lines: pl.DataFrame, *, orders: dict[str, int], customers: dict[str, int], report: ImportReport
) -> None:
    """One payment per order that has a due or paid date, keyed by (order, due date)."""
    dated = lines.filter(pl.col("due_date").is_not_null() | pl.col("paid_date").is_not_null())
    if dated.height == 0:
        return
    order_numbers = dated["order_no"].unique().implode()
    per_order = (
        lines.filter(pl.col("order_no").is_in(order_numbers))
        .group_by("order_no", maintain_order=True)
        .agg(
            pl.col("customer_id").first(),
            pl.coalesce(
                pl.col("due_date").drop_nulls().first(), pl.col("paid_date").drop_nulls().first()
            ).alias("due"),
            pl.col("paid_date").drop_nulls().max().alias("paid"),
            pl.col("amount").sum().round(2),
            pl.col("amount_original").sum().round(2),
            pl.col("currency").first(),
        )
    )
    order_pks = [orders[n] for n in per_order["order_no"].to_list()]
    stored: dict[tuple[int, object], tuple[int, object, Decimal]] = {}
    for part in chunks(order_pks, LOOKUP_CHUNK):
        for pk, order_id, due, paid, amount in Payment.objects.filter(order_id__in=part).values_list(
            "pk", "order_id", "due_date", "paid_date", "amount"
        ):
            stored[(order_id, due)] = (pk, paid, amount)
    new, changed = [], []
    for order_no, code, due, paid, amount, amount_original, currency in per_order.iter_rows():
        order_pk = orders[order_no]
        amount_dec = _as_decimal(amount) or Decimal(0)
        found = stored.get((order_pk, due))
        if found is None:
            new.append(
                Payment(
                    customer_id=customers[code],
                    order_id=order_pk,
                    due_date=due,
                    paid_date=paid,
                    amount=amount_dec,
                    amount_original=_as_decimal(amount_original),
                    currency=currency,
                )
            )
        elif (found[1], found[2]) != (paid, amount_dec):
            changed.append(Payment(pk=found[0], paid_date=paid, amount=amount_dec))
    Payment.objects.bulk_create(new, batch_size=INSERT_BATCH)
    if changed:
        Payment.objects.bulk_update(changed, ["paid_date", "amount"], batch_size=500)
    report.created["payments"] += len(new)
    report.updated["payments"] += len(changed)
    report.unchanged["payments"] += len(per_order) - len(new) - len(changed)
