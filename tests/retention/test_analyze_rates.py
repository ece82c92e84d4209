"""``laoke analyze FILE --rates RATES``: lines in other currencies are converted with a rates file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation


def _files(tmp_path: Path) -> tuple[Path, Path]:
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "客户简称,单据日期,价税合计,币别\n"
        "A,2024-11-05,100,GBP\nA,2024-12-05,100,GBP\nB,2024-12-10,200,EUR\nC,2024-12-12,300,CNY\n",
        encoding="utf-8",
    )
    rates = tmp_path / "rates.csv"
    rates.write_text(
        "币种,日期,汇率\nGBP,2024-11-01,9\nGBP,2024-12-01,10\nEUR,2024-11-01,7.5\n", encoding="utf-8"
    )
    return orders, rates


def test_analyze_converts_foreign_lines_with_a_rates_file(tmp_path: Path) -> None:
    """With --rates every line is in home currency: the 80/20 sales total adds the converted amounts."""
    orders, rates = _files(tmp_path)
    out = io.StringIO()
    with translation.override("en"):
        call_command(
            "analyze",
            str(orders),
            "--rates",
            str(rates),
            "--home-currency",
            "CNY",
            stdout=out,
            stderr=io.StringIO(),
        )
    # 100 GBP × 9 + 100 GBP × 10 + 200 EUR × 7.5 + 300 CNY
    assert "4 order lines read (0 skipped, 0 with errors)" in out.getvalue()
    assert "sales 3,700." in out.getvalue()


def test_analyze_without_rates_refuses_foreign_lines(tmp_path: Path) -> None:
    """Without a rate for GBP and EUR their rows are errors and nothing is computed."""
    orders, _ = _files(tmp_path)
    with translation.override("en"), pytest.raises(CommandError, match="3 rows have errors"):
        call_command(
            "analyze", str(orders), "--home-currency", "CNY", stdout=io.StringIO(), stderr=io.StringIO()
        )


def test_analyze_names_a_rates_file_that_cannot_be_used(tmp_path: Path) -> None:
    """A rates file with a bad rate is a usage error naming the row."""
    orders, rates = _files(tmp_path)
    rates.write_text("币种,日期,汇率\nGBP,2024-11-01,abc\n", encoding="utf-8")
    with translation.override("en"), pytest.raises(CommandError, match="row 2") as raised:
        call_command(
            "analyze", str(orders), "--rates", str(rates), stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert raised.value.returncode == 2
