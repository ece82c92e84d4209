"""A real order book graded in the app gives the same grades as ``laoke analyze`` on the same file."""

from __future__ import annotations

import os
import re
from collections import Counter
from io import StringIO
from pathlib import Path

import polars as pl
import pytest
from django.core.management import call_command
from django.utils import translation

from laoke.retention.models import CustomerScore

pytestmark = pytest.mark.django_db

SHARED = Path(
    os.environ.get("LAOKE_SHARED_DATA", Path(__file__).resolve().parents[2] / ".." / "shared" / "data")
)
AS_OF = "2026-11-30"


@pytest.fixture(scope="module")
def erp_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """120 Online Retail II customers, moved to recent years, with Chinese headers (no contacts, no costs)."""
    raw = pl.read_csv(SHARED / "online_retail_ii_2009_2011.csv.gz", infer_schema_length=0)
    raw = raw.filter(pl.col("CustomerID").is_not_null() & (pl.col("CustomerID") != ""))
    keep = raw["CustomerID"].unique().sort().head(120).implode()
    lines = (
        raw.filter(pl.col("CustomerID").is_in(keep) & ~pl.col("Invoice").str.starts_with("C"))
        .with_columns(pl.col("Quantity").cast(pl.Int64), pl.col("Price").cast(pl.Float64))
        .filter((pl.col("Quantity") > 0) & (pl.col("Price") > 0))
        .select(
            pl.col("CustomerID").alias("客户"),
            pl.col("InvoiceDate").str.slice(0, 10).str.to_date().dt.offset_by("14y11mo").alias("日期"),
            pl.col("Invoice").alias("订单号"),
            (pl.col("Quantity") * pl.col("Price")).round(2).alias("金额"),
            pl.col("StockCode").alias("产品"),
        )
    )
    path = tmp_path_factory.mktemp("book") / "orders.csv"
    lines.write_csv(path)
    return path


def _analyze_grades(path: Path) -> dict[str, int]:
    out = StringIO()
    with translation.override("en"):
        call_command("analyze", str(path), as_of=AS_OF, stdout=out, stderr=StringIO())
    return {
        m[1]: int(m[2].replace(",", "")) for m in re.finditer(r"^([A-D])\s+([\d,]+)\s", out.getvalue(), re.M)
    }


def test_an_imported_real_book_gets_the_grades_analyze_gives(erp_file: Path) -> None:
    """With no contact log, relationship is unknown: the app grades like analyze, A customers included."""
    call_command("import_data", "orders", str(erp_file), stdout=StringIO(), stderr=StringIO())
    call_command("score", as_of=AS_OF, stdout=StringIO(), stderr=StringIO())
    stored = Counter(g for g in CustomerScore.objects.values_list("grade", flat=True) if g)
    expected = _analyze_grades(erp_file)
    assert expected.get("A", 0) > 0
    assert dict(stored) == {g: n for g, n in expected.items() if n}
    unknown = CustomerScore.objects.filter(dimensions__relationship__score=None).count()
    assert unknown == CustomerScore.objects.count()
