"""The retail conventions of the Online Retail baselines, on real rows of that file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from laoke.fileio import read_order_file

# Real lines of UCI Online Retail II (shared/data), plus one line (quantity 0, marked) made up
# to exercise the quantity rule, which never fires first on the real file.
SAMPLE = """Invoice,StockCode,Description,Quantity,InvoiceDate,Price,CustomerID,Country
489434,85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,12,2009-12-01 07:45:00,6.95,13085,United Kingdom
489434,79323P,PINK CHERRY LIGHTS,12,2009-12-01 07:45:00,6.75,13085,United Kingdom
C489449,22087,PAPER BUNTING WHITE LACE,-12,2009-12-01 10:33:00,2.95,16321,Australia
C489449,85206A,CREAM FELT EASTER EGG BASKET,-6,2009-12-01 10:33:00,1.65,16321,Australia
489525,85226C,BLUE PULL BACK RACING CAR,1,2009-12-01 11:49:00,0.55,,United Kingdom
489464,21733,85123a mixed,-96,2009-12-01 10:52:00,0.0,,United Kingdom
489825,22076,6 RIBBONS EMPIRE  ,12,2009-12-02 13:34:00,0.0,16126,United Kingdom
999999,MADEUP,QUANTITY ZERO (MADE UP),0,2009-12-02 13:34:00,1.0,16126,United Kingdom
"""


def test_retail_conventions_skip_and_count_each_reason(write_text: Callable[..., Path]) -> None:
    """It skips cancellations, anonymous lines and non-positive quantity or price, counting each."""
    result = read_order_file(write_text("or.csv", SAMPLE), retail_conventions=True, home_currency="GBP")
    assert result.skipped == {
        "cancelled": 2,
        "no_customer": 2,
        "non_positive_quantity": 1,
        "non_positive_price": 1,
    }
    assert result.errors == []
    assert result.frame["order_id"].to_list() == ["489434", "489434"]
    assert result.frame["amount"].to_list() == [83.4, 81.0]
    assert result.frame["country"].to_list() == ["GB", "GB"]
    assert result.rows_total == 8 and result.rows_skipped == 6


def test_without_retail_conventions_anonymous_lines_are_errors(write_text: Callable[..., Path]) -> None:
    """It reports lines without a customer as errors and keeps returns when the option is off."""
    result = read_order_file(write_text("or.csv", SAMPLE), home_currency="GBP")
    assert result.skipped == {}
    assert [(e.row, e.code) for e in result.errors] == [(6, "missing_value"), (7, "missing_value")]
    assert result.frame.filter(result.frame["order_id"] == "C489449")["amount"].to_list() == [-35.4, -9.9]
