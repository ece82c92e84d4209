"""``laoke analyze FILE`` prints the grade table and the 80/20 summary without a database."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation


def test_analyze_prints_grades_and_pareto(tmp_path: Path) -> None:
    """It reads a CSV order file and prints a grade row per grade present and the 80/20 lines."""
    rows = ["customer,order_date,amount"]
    for i in range(10):
        for month in range(1, 13, 1 + i % 4):
            rows.append(f"c{i},2024-{month:02d}-10,{100 * (10 - i)}")
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = io.StringIO()
    with translation.override("en"):
        call_command("analyze", str(path), "--as-of", "2024-12-31", stdout=out)
    text = out.getvalue()
    assert "evaluated as of 2024-12-31" in text
    assert "make 80% of sales" in text
    assert "No cost data" in text
    grade_rows = [line for line in text.splitlines() if line[:1] in "ABCD" and "%" in line]
    assert sum(int(line.split()[1]) for line in grade_rows) == 10


def test_analyze_stops_on_bad_rows_unless_told_to_skip_them(tmp_path: Path) -> None:
    """A row with a bad amount stops the analysis with its row and column; --skip-bad-rows goes on."""
    path = tmp_path / "orders.csv"
    path.write_text("客户,日期,金额\nA,2024-01-05,100\nA,2024-03-05,abc\nB,2024-02-01,50\n", encoding="utf-8")
    err = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError, match="1 row has errors"):
        call_command("analyze", str(path), stdout=io.StringIO(), stderr=err)
    assert "row 3, column 金额" in err.getvalue()
    out = io.StringIO()
    with translation.override("en"):
        call_command("analyze", str(path), "--skip-bad-rows", stdout=out, stderr=io.StringIO())
    assert "2 order lines read (0 skipped, 1 with errors)" in out.getvalue()
