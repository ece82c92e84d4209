"""Read a CSV (any delimiter, UTF-8 or GBK/GB18030, optionally gzipped) or an Excel sheet into a
frame of strings, one column per header as written in the file.

Everything is read as text so that each later check can say which row and column was wrong;
parsing into dates and numbers happens in :mod:`laoke.fileio.parsing`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import polars as pl

from laoke.fileio.errors import FileReadError
from laoke.fileio.limits import (
    MAX_CELL_CHARS,
    MAX_ROWS,
    cell_too_long,
    check_unpacked,
    too_many_rows,
)
from laoke.fileio.workbook_guard import CHUNK, check_workbook, column_letters

#: Column holding the row number as a spreadsheet shows it (header = row 1).
ROW_COLUMN = "__row__"

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
_DELIMITERS = [",", ";", "\t", "|"]


@dataclass(frozen=True)
class RawTable:
    """The cells of a file as text, with the row numbers of the file in ``ROW_COLUMN``."""

    frame: pl.DataFrame
    columns: list[str]  # the headers, as written (made unique)
    encoding: str  # "utf-8", "gb18030" or "excel"
    delimiter: str | None


def read_table(
    source: str | Path | IO[bytes], *, name: str | None = None, sheet: str | None = None
) -> RawTable:
    """Read a CSV/TSV (optionally ``.gz``) or an Excel workbook into a :class:`RawTable`.

    Parameters
    ----------
    source : path or binary file object
        The file. A file object needs ``name`` (its original file name) to tell Excel from CSV.
    name : str, optional
        The file name when ``source`` is a file object (e.g. a web upload).
    sheet : str, optional
        The worksheet to read; the first one when omitted.
    """
    file_name = name or (
        str(source) if isinstance(source, str | Path) else str(getattr(source, "name", "") or "")
    )
    suffixes = [s.lower() for s in Path(file_name).suffixes]
    data = Path(source).read_bytes() if isinstance(source, str | Path) else source.read()
    if (suffixes and suffixes[-1] == ".gz") or data[:2] == b"\x1f\x8b":
        data = _gunzip(data, Path(file_name).name or "file")
        suffixes = suffixes[:-1]
    if (suffixes and suffixes[-1] in EXCEL_SUFFIXES) or data[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0"):
        return _read_excel(data, sheet)
    return _read_csv(data)


def _gunzip(data: bytes, name: str) -> bytes:
    """Decompress a gzip file (every member), refusing one that unpacks beyond the limits."""
    out = bytearray()
    rest = data
    try:
        while rest:
            unpacker = zlib.decompressobj(wbits=31)
            while not unpacker.eof:
                piece = unpacker.decompress(rest, CHUNK)
                rest = unpacker.unconsumed_tail
                if not piece and not rest:
                    raise OSError("the file is truncated")
                out += piece
                check_unpacked(name, len(data), len(out))
            rest = unpacker.unused_data.lstrip(b"\x00")
    except (OSError, zlib.error) as exc:
        raise FileReadError("bad_gzip", f"Cannot decompress the file: {exc}", f"无法解压文件：{exc}") from exc
    return bytes(out)


def _check_cells(frame: pl.DataFrame, columns: list[str], letters: bool) -> None:
    """Refuse a table with more rows than ``MAX_ROWS`` or a cell longer than ``MAX_CELL_CHARS``."""
    if frame.height > MAX_ROWS:
        raise too_many_rows(MAX_ROWS)
    for index, header in enumerate(columns):
        if len(header) > MAX_CELL_CHARS:
            raise cell_too_long(f"The header of column {index + 1}", f"第 {index + 1} 列的表头", len(header))
    if not columns or not frame.height:
        return
    longest = frame.select(pl.col(columns).str.len_chars().max()).row(0)
    for index, (column, length) in enumerate(zip(columns, longest, strict=True)):
        if length is not None and length > MAX_CELL_CHARS:
            row = frame.filter(pl.col(column).str.len_chars() == length)[ROW_COLUMN][0]
            if letters:
                ref = f"{column_letters(index + 1)}{row}"
                raise cell_too_long(f"Cell {ref}", f"单元格 {ref} ", length)
            raise cell_too_long(
                f"The cell of column '{column}' on row {row}", f"第 {row} 行“{column}”列的单元格", length
            )


def _decode(data: bytes) -> tuple[bytes, str]:
    """UTF-8 bytes of the file and the encoding it was in (UTF-8, UTF-8 with BOM, GB18030/GBK)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:], "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16").encode("utf-8"), "utf-16"
    try:
        data.decode("utf-8")
        return data, "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 is a superset of GBK and GB2312, which Chinese Excel writes by default.
        return data.decode("gb18030").encode("utf-8"), "gb18030"
    except UnicodeDecodeError as exc:
        raise FileReadError(
            "bad_encoding",
            "The file is neither UTF-8 nor GBK/GB18030 text; save it as CSV UTF-8 or as .xlsx.",
            "文件既不是 UTF-8 也不是 GBK/GB18030 编码；请另存为 CSV UTF-8 或 .xlsx。",
        ) from exc


def sniff_delimiter(sample: str) -> str:
    """The delimiter of a CSV sample: the candidate that splits the first lines most consistently."""
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        pass
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", 0
    for delimiter in _DELIMITERS:
        counts = [line.count(delimiter) for line in lines]
        score = counts[0] if counts[0] and len(set(counts[:-1] or counts)) == 1 else counts[0] // 2
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes) -> RawTable:
    utf8, encoding = _decode(data)
    if not utf8.strip():
        raise FileReadError("empty_file", "The file is empty.", "文件是空的。")
    sample = utf8[:65536].decode("utf-8", errors="ignore")
    delimiter = sniff_delimiter(sample)
    try:
        frame = pl.read_csv(
            utf8,
            separator=delimiter,
            infer_schema=False,
            truncate_ragged_lines=True,
            raise_if_empty=True,
        )
    except (pl.exceptions.PolarsError, ValueError) as exc:
        raise FileReadError(
            "bad_csv", f"Cannot read the CSV file: {exc}", f"无法读取 CSV 文件：{exc}"
        ) from exc
    columns = _unique_headers(frame.columns)
    frame = frame.rename(dict(zip(frame.columns, columns, strict=True)))
    frame = _tidy(frame).with_row_index(ROW_COLUMN, offset=2)
    _check_cells(frame, columns, letters=False)
    return RawTable(frame=frame, columns=columns, encoding=encoding, delimiter=delimiter)


def _cell_text(value: Any) -> str | None:
    """Excel cell → text. Integral floats lose their ``.0`` (codes like 13085 stay 13085)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time | dt.timedelta):
        return None
    return str(value)


def _read_excel(data: bytes, sheet: str | None) -> RawTable:
    from python_calamine import CalamineWorkbook

    check_workbook(data, sheet)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        worksheet = workbook.get_sheet_by_name(sheet) if sheet else workbook.get_sheet_by_index(0)
        rows = worksheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for broken workbooks
        raise FileReadError(
            "bad_excel", f"Cannot read the Excel file: {exc}", f"无法读取 Excel 文件：{exc}"
        ) from exc
    header_index = next((i for i, row in enumerate(rows) if any(c not in (None, "") for c in row)), None)
    if header_index is None:
        raise FileReadError("empty_file", "The sheet is empty.", "工作表是空的。")
    headers = _unique_headers([_cell_text(c) or "" for c in rows[header_index]])
    body = rows[header_index + 1 :]
    columns: dict[str, list[str | None]] = {h: [] for h in headers}
    for row in body:
        for i, header in enumerate(headers):
            columns[header].append(_cell_text(row[i]) if i < len(row) else None)
    frame = pl.DataFrame(columns, schema=dict.fromkeys(headers, pl.String))
    frame = _tidy(frame).with_row_index(ROW_COLUMN, offset=header_index + 2)
    frame = frame.filter(~pl.all_horizontal(pl.col(headers).is_null()))
    _check_cells(frame, headers, letters=True)
    return RawTable(frame=frame, columns=headers, encoding="excel", delimiter=None)


def _unique_headers(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for i, raw in enumerate(headers):
        header = (raw or "").strip() or f"column_{i + 1}"
        if header in seen:
            seen[header] += 1
            header = f"{header}_{seen[header]}"
        else:
            seen[header] = 1
        result.append(header)
    return result


def _tidy(frame: pl.DataFrame) -> pl.DataFrame:
    """Trim the cells; a blank cell becomes null."""
    return frame.with_columns(pl.col(c).str.strip_chars().replace("", None) for c in frame.columns)
