"""Reading a rates file: Chinese or English headers, row errors naming row and field."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from laoke.fileio import FileReadError
from laoke.fileio.rates import read_rate_file, read_rates


def test_chinese_headers_are_read() -> None:
    """It maps 币种, 日期 and 汇率 and parses each row."""
    result = read_rate_file(io.BytesIO("币种,日期,汇率\ngbp,2025/01/02,9.1\n".encode()), name="r.csv")
    assert result.error_count == 0
    assert result.frame.rows() == [("GBP", 9.1, dt.date(2025, 1, 2))]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("EUR,2025-01-01,abc", "rate", "'abc' is not a number"),
        ("EUR,2025-01-01,-2", "rate", "rate must be above 0 (found -2)"),
        ("E1,2025-01-01,7", "currency", "'E1' is not a currency code (ISO 4217, e.g. USD)"),
        ("EUR,2025-13-40,7", "date", "'2025-13-40' is not a date"),
        (",2025-01-01,7", "currency", "currency is empty"),
        ("EUR,2025-01-01,", "rate", "rate is empty"),
        ("EUR,,7", "date", "date is empty"),
        ("GBP,2025-01-01,9.2", "date", "GBP on 2025-01-01 appears twice (first on row 2)"),
    ],
)
def test_each_bad_row_is_named_with_its_field(row: str, column: str, message: str) -> None:
    """It reports the bad row (as numbered in the file) and the column, and keeps only good rows."""
    result = read_rate_file(
        io.BytesIO(f"currency,date,rate\nGBP,2025-01-01,9.1\n{row}\n".encode()),
        name="r.csv",
        require_date=True,
    )
    assert [(e.row, e.column, e.message("en")) for e in result.errors] == [(3, column, message)]
    assert result.frame["currency"].to_list() == ["GBP"]


def test_chinese_messages() -> None:
    """It words the error in Chinese with the Chinese field name."""
    result = read_rate_file(io.BytesIO("币种,日期,汇率\nEUR,2025-01-01,0\n".encode()), name="r.csv")
    assert result.errors[0].message("zh-hans") == "汇率必须大于 0（现为 0）"


def test_date_column_is_required_for_the_history() -> None:
    """It refuses a file without a date column when dates are required, naming the columns found."""
    with pytest.raises(FileReadError, match="currency, date and rate"):
        read_rate_file(io.BytesIO(b"currency,rate\nEUR,7\n"), name="r.csv", require_date=True)


def test_read_rates_names_row_and_field(tmp_path: Path) -> None:
    """It refuses the whole file and names each bad row's column (laoke import --rates)."""
    path = tmp_path / "r.csv"
    path.write_text("currency,rate\nEUR,1.08\nGBP,x\n")
    with pytest.raises(FileReadError, match=r"row 3, rate: 'x' is not a number"):
        read_rates(path)
