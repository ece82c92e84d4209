"""``laoke score`` against its floor, side by side, on Online Retail II and on a generated book.

Run from the repository root::

    .venv/bin/python bench/score_floor.py                      # Online Retail II + 2 M lines, SQLite
    .venv/bin/python bench/score_floor.py --lines 10000000     # the 10 M-line / 100 k-customer book
    .venv/bin/python bench/score_floor.py --database-url postgres://postgres@127.0.0.1:5432/postgres

For each book a fresh database is made (a SQLite file in a temporary folder, or on PostgreSQL a
database created next to the one ``--database-url`` names and dropped afterwards) and migrated.
Online Retail II is imported with ``laoke import orders --retail`` (as ``bench/import_orders.py``
does); the generated book (seeded: skewed customer sizes, each customer with its own active
years, orders of 1-15 lines) is written straight into the tables.

Then, each in its own process, timed from the outside (wall time including the interpreter's
start-up, peak resident memory from ``wait4``):

* **floor**: a plain script (no Django) that reads the order lines through the same joins as
  ``laoke score``, does one Polars group-by per customer and writes one row per customer into a
  scratch table (``executemany`` on SQLite, ``COPY`` on PostgreSQL);
* ``laoke score`` (the first run, which also fits last year's accuracy check);
* ``laoke score`` again on the unchanged book (the re-score: the stored check is reused).

``--no-agenda`` leaves out the follow-up plan (``laoke agenda``) from both Laoke runs.
``--book FILE`` scores a copy of a SQLite book generated before (generating 10 M lines takes
over ten minutes): make one with ``LAOKE_DATABASE_URL=sqlite:///FILE laoke migrate`` then
``LAOKE_DATABASE_URL=sqlite:///FILE python bench/score_floor.py --generate-into LINES CUSTOMERS SEED``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PYTHON = REPO / ".venv" / "bin" / "python"
LAOKE = REPO / ".venv" / "bin" / "laoke"
RETAIL_AS_OF = "2011-12-09"
GENERATED_AS_OF = dt.date(2025, 12, 31)

#: The floor's read: the joins of ``laoke.retention.repositories.load_order_lines``.
FLOOR_SQL = """
    SELECT c.code, o.order_no, l.line_no, CAST(o.order_date AS TEXT), p.sku, cat.name,
           CAST(l.quantity AS DOUBLE PRECISION), CAST(l.unit_price AS DOUBLE PRECISION),
           CAST(l.amount AS DOUBLE PRECISION), CAST(l.cost AS DOUBLE PRECISION), l.currency,
           CAST(l.amount_original AS DOUBLE PRECISION), c.country, u.username
    FROM orders_orderline l
    JOIN orders_order o ON o.id = l.order_id
    JOIN customers_customer c ON c.id = o.customer_id
    LEFT JOIN orders_product p ON p.id = l.product_id
    LEFT JOIN orders_category cat ON cat.id = p.category_id
    LEFT JOIN accounts_user u ON u.id = o.salesperson_id
"""

#: The floor itself, run as ``python -c FLOOR url``: read, one group-by, one row per customer.
FLOOR = f'''
import sys
import polars as pl
url = sys.argv[1]
postgres = url.startswith("postgres")
if postgres:
    import psycopg
    conn = psycopg.connect(url.replace("postgres://", "postgresql://", 1))
else:
    import sqlite3
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
names = ["customer_id", "order_id", "line_no", "order_date", "product", "category", "quantity",
         "unit_price", "amount", "cost", "currency", "amount_original", "country", "salesperson"]
cursor = conn.cursor()
cursor.execute("""{FLOOR_SQL}""")
parts = []
while rows := cursor.fetchmany(100_000):
    columns = list(zip(*rows))
    del rows
    parts.append(pl.DataFrame({{n: pl.Series(n, c, strict=False) for n, c in zip(names, columns)}}))
lines = pl.concat(parts).with_columns(pl.col("order_date").str.to_date())
per_customer = lines.group_by("customer_id").agg(
    pl.col("amount").sum().alias("revenue"),
    pl.col("cost").sum().alias("cost"),
    pl.len().alias("lines"),
    pl.col("order_date").min().alias("first"),
    pl.col("order_date").max().alias("last"),
)
cursor.execute("DROP TABLE IF EXISTS floor_score")
cursor.execute("CREATE TABLE floor_score (customer VARCHAR(64) PRIMARY KEY, revenue DOUBLE PRECISION,"
               " cost DOUBLE PRECISION, lines INTEGER, first DATE, last DATE)")
if postgres:
    with cursor.copy("COPY floor_score FROM STDIN WITH (FORMAT csv)") as copy:
        copy.write(per_customer.write_csv(include_header=False).encode())
else:
    cursor.executemany("INSERT INTO floor_score VALUES (?, ?, ?, ?, ?, ?)",
                       per_customer.with_columns(pl.col("first", "last").cast(pl.String)).rows())
conn.commit()
print(per_customer.height)
'''


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """Run ``args``; (wall seconds, CPU seconds, peak RSS in MiB, stdout). Stops on a non-zero exit.

    CPU is the process's user + system time: on a loaded machine it is the steadier figure (a
    database server's own work, on PostgreSQL, is not in it).
    """
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=err, text=True)
        out = process.stdout.read() if process.stdout else ""
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status):
            err.seek(0)
            sys.exit(f"{' '.join(args[:3])} failed:\n{err.read()[-3000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out


class Database:
    """A fresh, migrated database: a SQLite file or a scratch PostgreSQL database."""

    def __init__(self, base_url: str | None, folder: str, name: str) -> None:
        self.admin = base_url
        self.name = f"laoke_bench_{name}_{os.getpid()}"
        if base_url:
            self.url = base_url.rsplit("/", 1)[0] + "/" + self.name
            self._admin(f"CREATE DATABASE {self.name}")
        else:
            self.url = f"sqlite:///{folder}/{name}.sqlite3"
        self.env = {**os.environ, "LAOKE_DATABASE_URL": self.url, "LAOKE_LANGUAGE": "en"}
        subprocess.run([str(LAOKE), "migrate", "-v0"], env=self.env, check=True)

    def _admin(self, sql: str) -> None:
        import psycopg

        assert self.admin
        with psycopg.connect(self.admin.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
            conn.execute(sql)

    def drop(self) -> None:
        if self.admin:
            self._admin(f"DROP DATABASE IF EXISTS {self.name}")


def generate_into(db: Database, *, lines: int, customers: int, seed: int) -> None:
    """Write a seeded book of ``lines`` order lines straight into ``db`` (in a child process)."""
    subprocess.run(
        [str(PYTHON), __file__, "--generate-into", str(lines), str(customers), str(seed)],
        env=db.env,
        check=True,
    )


def _generate(lines: int, customers: int, seed: int) -> None:
    """Child process with Django set up on ``LAOKE_DATABASE_URL``: customers, products, orders, lines."""
    import django
    import numpy as np
    import polars as pl

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")
    django.setup()
    from django.db import connection, transaction

    from laoke.customers.models import Customer
    from laoke.orders.models import Order, OrderLine, Product
    from laoke.retention.services.storage import bulk_insert

    rng = np.random.default_rng(seed)
    start = dt.date(2016, 1, 1)
    span = (GENERATED_AS_OF - start).days
    countries = np.array(["US", "DE", "GB", "JP", "AU", "BR", "FR", "TR", "AE", "IN"])
    currencies = np.array(["USD", "EUR", "GBP", "JPY", "AUD", "BRL", "EUR", "TRY", "USD", "USD"])
    sizes = 1 + rng.poisson(7.0, lines // 4 + 10)  # lines per order (more than enough orders)
    n_orders = int(np.searchsorted(np.cumsum(sizes), lines)) + 1
    sizes = sizes[:n_orders]
    sizes[-1] -= int(sizes.sum()) - lines
    weight = rng.lognormal(0.0, 1.2, customers)
    customer = rng.choice(customers, size=n_orders, p=weight / weight.sum())
    first = rng.integers(0, span - 30, customers)
    life = np.minimum(first + rng.integers(30, span, customers), span) - first
    day = first[customer] + (rng.random(n_orders) * life[customer]).astype(np.int64)
    started = time.perf_counter()
    with transaction.atomic():
        Customer.objects.bulk_create(
            [
                Customer(code=f"G{i:06d}", name=f"Generated {i}", country=countries[i % 10], currency="USD")
                for i in range(customers)
            ],
            batch_size=5000,
        )
        Product.objects.bulk_create([Product(sku=f"P{i}", name=f"Product {i}") for i in range(5000)])
        customer_pk = dict(Customer.objects.values_list("code", "id"))
        product_pks = np.array(sorted(Product.objects.values_list("id", flat=True)))
        pks = np.array([customer_pk[f"G{i:06d}"] for i in range(customers)])
        orders = pl.DataFrame(
            {
                "id": np.arange(1, n_orders + 1),
                "order_no": [f"SO{i:08d}" for i in range(1, n_orders + 1)],
                "customer_id": pks[customer],
                "order_date": pl.Series(day + (start - dt.date(1970, 1, 1)).days, dtype=pl.Int32)
                .cast(pl.Date)
                .cast(pl.String),
                "currency": currencies[customer % 10],
            }
        )
        for part in orders.iter_slices(200_000):
            bulk_insert(Order, ["id", "order_no", "customer", "order_date", "currency"], part.rows())
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('orders_order', 'id'), {n_orders})")
        order_of_line = np.repeat(np.arange(1, n_orders + 1), sizes)
        line_no = np.arange(lines) - np.repeat(np.cumsum(sizes) - sizes, sizes) + 1
        chunk = 500_000
        for at in range(0, lines, chunk):
            n = min(chunk, lines - at)
            quantity = rng.integers(1, 200, n).astype(np.float64)
            price = np.round(rng.lognormal(1.5, 1.0, n), 2)
            amount = np.round(quantity * price, 2)
            amount[rng.random(n) < 0.01] *= -1.0
            cost = np.round(amount * rng.uniform(0.55, 0.95, n), 2)
            cost[rng.random(n) < 0.05] = np.nan  # no cost known
            part = pl.DataFrame(
                {
                    "order": order_of_line[at : at + n],
                    "line_no": line_no[at : at + n],
                    "product": product_pks[rng.integers(0, len(product_pks), n)],
                    "quantity": quantity,
                    "unit_price": price,
                    "amount_original": amount,
                    "currency": "USD",
                    "amount": amount,
                    "cost": pl.Series(cost).fill_nan(None),
                }
            )
            bulk_insert(OrderLine, part.columns, part.rows())
    print(
        f"  wrote {customers:,} customers, {n_orders:,} orders, {lines:,} lines"
        f" in {time.perf_counter() - started:.0f} s"
    )


def compare(db: Database, *, as_of: str, no_agenda: bool, label: str) -> None:
    """Print the floor and both Laoke runs with their ratios to the floor (wall and CPU)."""
    floor = timed([str(PYTHON), "-c", FLOOR, db.url], db.env)
    score = [str(LAOKE), "score", "--as-of", as_of, *(["--no-agenda"] if no_agenda else [])]
    first = timed(score, db.env)
    again = timed(score, db.env)
    print(f"\n== {label} ({first[3].splitlines()[0] if first[3] else ''})")
    print(f"{'run':<36}{'wall s':>8}{'× floor':>9}{'CPU s':>8}{'× floor':>9}{'peak RSS MiB':>14}")
    for name, (wall, cpu, peak, _out) in (
        ("floor (join, group-by, write)", floor),
        ("laoke score (first run)", first),
        ("laoke score (re-score, same book)", again),
    ):
        print(f"{name:<36}{wall:>8.1f}{wall / floor[0]:>9.1f}{cpu:>8.1f}{cpu / floor[1]:>9.1f}{peak:>14.0f}")
    sys.stdout.flush()


def retail_file() -> Path:
    folder = os.environ.get("LAOKE_SHARED_DATA") or REPO.parent / "shared" / "data"
    return Path(folder) / "online_retail_ii_2009_2011.csv.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a PostgreSQL URL to create scratch databases next to")
    parser.add_argument("--lines", type=int, default=2_000_000, help="generated book (default 2 M)")
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-retail", action="store_true")
    parser.add_argument("--skip-generated", action="store_true")
    parser.add_argument("--no-agenda", action="store_true", help="laoke score --no-agenda")
    parser.add_argument("--book", type=Path, help="score a copy of this generated SQLite book (see above)")
    parser.add_argument("--generate-into", nargs=3, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate_into:
        _generate(*args.generate_into)
        return
    if args.book and args.database_url:
        parser.error("--book is a SQLite file: it goes without --database-url")
    with tempfile.TemporaryDirectory() as folder:
        books: list[tuple[str, Any]] = []
        if not args.skip_retail:
            books.append(("retail", None))
        if not args.skip_generated:
            books.append(("generated", None))
        for name, _ in books:
            db = Database(args.database_url, folder, name)
            try:
                if name == "retail":
                    seconds, _cpu, _peak, _out = timed(
                        [str(LAOKE), "import", "orders", str(retail_file()), "--retail", "--quiet"], db.env
                    )
                    print(f"imported Online Retail II in {seconds:.1f} s ({db.url.split('@')[-1]})")
                    compare(db, as_of=RETAIL_AS_OF, no_agenda=args.no_agenda, label="Online Retail II")
                elif args.book:
                    shutil.copyfile(args.book, db.url.removeprefix("sqlite:///"))
                    compare(
                        db, as_of=GENERATED_AS_OF.isoformat(), no_agenda=args.no_agenda, label=f"{args.book}"
                    )
                else:
                    print(f"generating {args.lines:,} lines / {args.customers:,} customers…")
                    generate_into(db, lines=args.lines, customers=args.customers, seed=args.seed)
                    compare(
                        db,
                        as_of=GENERATED_AS_OF.isoformat(),
                        no_agenda=args.no_agenda,
                        label=f"generated book, {args.lines:,} lines / {args.customers:,} customers",
                    )
            finally:
                db.drop()


if __name__ == "__main__":
    main()
