"""Reading CSV in any delimiter and encoding, gzip, and Excel into text frames."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from laoke.fileio.errors import FileReadError
from laoke.fileio.readers import ROW_COLUMN, read_table, sniff_delimiter

TEXT = "客户,日期,金额\nACME,2024-01-05,100\n华强,2024-01-06,200\n"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_it_sniffs_the_delimiter(write_text: Callable[..., Path], delimiter: str) -> None:
    """It finds the delimiter of a CSV, whichever of , ; tab | it is."""
    table = read_table(write_text("o.csv", TEXT.replace(",", delimiter)))
    assert table.delimiter == delimiter
    assert table.columns == ["客户", "日期", "金额"]
    assert table.frame["客户"].to_list() == ["ACME", "华强"]


@pytest.mark.parametrize(
    ("encoding", "reported"), [("gbk", "gb18030"), ("gb18030", "gb18030"), ("utf-8-sig", "utf-8-sig")]
)
def test_it_reads_chinese_excel_encodings(
    write_text: Callable[..., Path], encoding: str, reported: str
) -> None:
    """It decodes GBK, GB18030 and UTF-8 with BOM, so the Chinese headers come through."""
    table = read_table(write_text("o.csv", TEXT, encoding))
    assert table.encoding == reported
    assert table.columns[0] == "客户"
    assert table.frame["客户"][1] == "华强"


def test_it_reads_gzip(write_text: Callable[..., Path]) -> None:
    """It decompresses a .csv.gz file."""
    table = read_table(write_text("o.csv.gz", TEXT))
    assert table.frame.height == 2


def test_rows_are_numbered_as_in_the_file(write_text: Callable[..., Path]) -> None:
    """It numbers the first data row 2, as a spreadsheet shows it below the header."""
    table = read_table(write_text("o.csv", TEXT))
    assert table.frame[ROW_COLUMN].to_list() == [2, 3]


def test_blank_cells_become_null_and_cells_are_trimmed(write_text: Callable[..., Path]) -> None:
    """It trims cells and turns blank ones into nulls."""
    table = read_table(write_text("o.csv", "a,b\n  x ,  \n"))
    assert table.frame.row(0, named=True) == {ROW_COLUMN: 2, "a": "x", "b": None}


def test_it_reads_xlsx_with_real_dates_and_integral_numbers(write_xlsx: Callable[..., Path]) -> None:
    """It reads an Excel sheet: dates as ISO text, 13085.0 as 13085, header row numbered 1."""
    path = write_xlsx(
        "o.xlsx", [["客户编号", "日期", "金额"], [13085, dt.datetime(2024, 1, 5), 99.5]], date_columns=[1]
    )
    table = read_table(path)
    assert table.encoding == "excel"
    assert table.frame.row(0, named=True) == {
        "客户编号": "13085",
        "日期": "2024-01-05",
        "金额": "99.5",
        ROW_COLUMN: 2,
    }


def test_duplicate_headers_are_made_unique(write_text: Callable[..., Path]) -> None:
    """It renames a repeated header instead of failing."""
    table = read_table(write_text("o.csv", "a,a,b\n1,2,3\n"))
    assert len(set(table.columns)) == 3


def test_an_empty_file_is_a_file_error(write_text: Callable[..., Path]) -> None:
    """It refuses an empty file with a message in both languages."""
    with pytest.raises(FileReadError) as caught:
        read_table(write_text("o.csv", ""))
    assert caught.value.message("zh-hans") == "文件是空的。"


def test_binary_garbage_is_a_file_error(tmp_path: Path) -> None:
    """It refuses bytes that are neither UTF-8 nor GB18030 text."""
    path = tmp_path / "o.csv"
    path.write_bytes(b"a,b\n\x80\x80\xff\xff\x81\n")
    with pytest.raises(FileReadError):
        read_table(path)


def test_sniffing_falls_back_to_counting() -> None:
    """It picks the separator that occurs in every line when the csv sniffer gives up."""
    assert sniff_delimiter("a;b;c\n1;2;3\n") == ";"
