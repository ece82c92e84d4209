"""``laoke import orders --retail`` of Online Retail II beside its floor, in one run.

Run from the repository root::

    .venv/bin/python bench/import_floor.py                      # SQLite files in a temporary folder
    .venv/bin/python bench/import_floor.py --database-url postgres://postgres@127.0.0.1:5432/postgres

Two fresh, migrated databases (SQLite files, or scratch PostgreSQL databases created next to the
one ``--database-url`` names and dropped afterwards): one gets ``laoke import orders FILE --retail``,
the other the floor, a plain script that does the same writes with the least work:

* Polars reads the CSV and applies the retail rules (no cancellations, a customer id, quantity
  and price > 0); orders are numbered invoices, lines numbered within their invoice;
* customers and products (a few thousand) are created with ``bulk_create``; orders (with their
  ids) and order lines go in with ``COPY`` on PostgreSQL, ``executemany`` on SQLite, in one
  transaction, into the same tables with the same keys and indexes.

Each runs in its own process, timed from outside: wall time (includes the database server's
work, on PostgreSQL), the process's CPU time and its peak memory.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from score_floor import LAOKE, PYTHON, Database, retail_file, timed


def floor(path: str) -> None:
    """Child process with Django set up on ``LAOKE_DATABASE_URL``: the floor's import."""
    import django
    import polars as pl

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")
    django.setup()
    from django.db import connection, transaction

    from laoke.customers.models import Customer
    from laoke.orders.models import Order, OrderLine, Product
    from laoke.retention.services.storage import bulk_insert

    lines = (
        pl.read_csv(path, schema_overrides={"Invoice": pl.String, "StockCode": pl.String})
        .filter(
            ~pl.col("Invoice").str.starts_with("C"),
            pl.col("CustomerID").is_not_null(),
            pl.col("Quantity") > 0,
            pl.col("Price") > 0,
        )
        .with_columns(
            pl.col("CustomerID").cast(pl.Int64).cast(pl.String).alias("customer"),
            pl.col("InvoiceDate").str.slice(0, 10).alias("order_date"),
            (pl.col("Quantity") * pl.col("Price")).round(2).alias("amount"),
        )
    )
    with transaction.atomic():
        heads = lines.unique("customer", keep="first", maintain_order=True)
        Customer.objects.bulk_create(
            [Customer(code=code, name=code, currency="GBP") for code in heads["customer"]], batch_size=2000
        )
        skus = lines.unique("StockCode", keep="first", maintain_order=True)
        Product.objects.bulk_create(
            [
                Product(sku=sku, name=name or "")
                for sku, name in skus.select("StockCode", "Description").rows()
            ],
            batch_size=2000,
        )
        customer_pk = pl.DataFrame(
            list(Customer.objects.values_list("code", "id")), schema=["customer", "customer_pk"], orient="row"
        )
        product_pk = pl.DataFrame(
            list(Product.objects.values_list("sku", "id")), schema=["StockCode", "product_pk"], orient="row"
        )
        orders = (
            lines.unique("Invoice", keep="first", maintain_order=True)
            .join(customer_pk, on="customer", maintain_order="left")
            .with_columns(pl.int_range(1, pl.len() + 1).alias("order_pk"))
        )
        bulk_insert(
            Order,
            ["id", "order_no", "customer", "order_date", "currency"],
            orders.select(
                "order_pk", "Invoice", "customer_pk", "order_date", pl.lit("GBP").alias("currency")
            ).iter_rows(),
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('orders_order', 'id'), {orders.height})"
                )
        rows = (
            lines.join(orders.select("Invoice", "order_pk"), on="Invoice", maintain_order="left")
            .join(product_pk, on="StockCode", maintain_order="left")
            .select(
                "order_pk",
                (pl.int_range(1, pl.len() + 1).over("Invoice")).alias("line_no"),
                "product_pk",
                pl.col("Quantity").cast(pl.Float64),
                "Price",
                pl.col("amount").alias("amount_original"),
                pl.lit("GBP").alias("currency"),
                "amount",
                pl.lit(None, pl.Float64).alias("cost"),
            )
        )
        fields = [
            "order",
            "line_no",
            "product",
            "quantity",
            "unit_price",
            "amount_original",
            "currency",
            "amount",
            "cost",
        ]
        for part in rows.iter_slices(100_000):
            bulk_insert(OrderLine, fields, part.iter_rows())
    print(f"{lines.height} lines, {orders.height} orders")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a PostgreSQL URL to create scratch databases next to")
    parser.add_argument("--file", type=Path, default=retail_file())
    parser.add_argument("--floor-into", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_into:
        floor(args.floor_into)
        return
    with tempfile.TemporaryDirectory() as folder:
        results = {}
        for name in ("floor", "laoke"):
            db = Database(args.database_url, folder, f"import_{name}")
            try:
                if name == "floor":
                    command = [str(PYTHON), __file__, "--floor-into", str(args.file)]
                else:
                    command = [str(LAOKE), "import", "orders", str(args.file), "--retail", "--quiet"]
                results[name] = timed(command, db.env)
            finally:
                db.drop()
        database = "PostgreSQL" if args.database_url else "SQLite"
        print(f"== import Online Retail II into {database} ({results['floor'][3].strip()})")
        print(f"{'run':<36}{'wall s':>8}{'× floor':>9}{'CPU s':>8}{'× floor':>9}{'peak RSS MiB':>14}")
        base_wall, base_cpu = results["floor"][0], results["floor"][1]
        for name, (wall, cpu, peak, _out) in results.items():
            label = "floor (Polars + COPY/executemany)" if name == "floor" else "laoke import orders --retail"
            print(
                f"{label:<36}{wall:>8.1f}{wall / base_wall:>9.1f}"
                f"{cpu:>8.1f}{cpu / base_cpu:>9.1f}{peak:>14.0f}"
            )


if __name__ == "__main__":
    main()
