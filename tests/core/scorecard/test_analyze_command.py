"""``laoke analyze FILE`` prints the grade table and the 80/20 summary without a database."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management import call_command
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
