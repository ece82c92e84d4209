"""The size limits of an uploaded or command-line file, and the errors that state them.

A file is refused *before* it is handed to the Excel engine or the CSV parser when it would need
memory out of proportion to the data it holds: a 5 KB workbook with one cell at XFD1048576 asks
the engine for a grid of 17 billion cells, a 300 KB workbook can unpack to a 300 MB cell. Each
refusal is a :class:`~laoke.fileio.errors.FileReadError` naming the file part, sheet or cell and
the limit, in English and Chinese. ``docs/import.md`` states the same limits.
"""

from __future__ import annotations

from laoke.fileio.errors import FileReadError

#: The longest cell, in characters: Excel's own limit.
MAX_CELL_CHARS = 32_767
#: The most data rows of a file (a worksheet has at most 1,048,576 rows).
MAX_ROWS = 2_000_000
#: The most cells of a worksheet's used range, from A1 to its last filled row and column: the Excel
#: engine holds that whole grid in memory (about 32 bytes a cell, empty or not).
MAX_SHEET_CELLS = 20_000_000
#: A used range above ``SPARSE_FROM`` cells must have at least one cell in ``SPARSE_RATIO`` filled,
#: so that a small file cannot make the engine build a large empty grid.
SPARSE_FROM = 1_000_000
SPARSE_RATIO = 10
#: The most bytes a file or a workbook part may unpack to (gzip, the XML inside an .xlsx).
MAX_UNPACKED_BYTES = 1 << 30
#: Above this size an unpacked part may be at most ``MAX_PACK_RATIO`` times its packed size:
#: real sheets pack 5 to 30 times, a zip bomb thousands of times.
RATIO_CHECK_FROM = 16 << 20
MAX_PACK_RATIO = 200


def _n(value: int) -> str:
    return f"{value:,}"


def too_many_cells(sheet: str, last_cell: str, rows: int, columns: int) -> FileReadError:
    """The sheet's used range (A1 to its last filled cell) is larger than the engine may hold."""
    return FileReadError(
        "sheet_too_large",
        f"The sheet '{sheet}' has a filled cell at {last_cell}, so its used range is {_n(rows)} rows × "
        f"{_n(columns)} columns ({_n(rows * columns)} cells); the limit is {_n(MAX_SHEET_CELLS)} cells. "
        "Delete the cells outside the table (or copy the table into a new workbook) and upload it again.",
        f"工作表“{sheet}”在 {last_cell} 有内容，使用区域因此达到 {_n(rows)} 行 × {_n(columns)} 列"
        f"（{_n(rows * columns)} 个单元格），上限为 {_n(MAX_SHEET_CELLS)} 个单元格。"
        "请删除表格以外的单元格（或把表格复制到新工作簿）后重新上传。",
    )


def too_sparse(sheet: str, last_cell: str, rows: int, columns: int, filled: int) -> FileReadError:
    """The sheet's used range is large but almost empty (a stray cell far from the table)."""
    return FileReadError(
        "sheet_too_sparse",
        f"The sheet '{sheet}' has a filled cell at {last_cell}, so its used range is {_n(rows)} rows × "
        f"{_n(columns)} columns ({_n(rows * columns)} cells), but only {_n(filled)} cells are filled; "
        f"above {_n(SPARSE_FROM)} cells at least one cell in {SPARSE_RATIO} must be filled. "
        "Delete the cells outside the table (or copy the table into a new workbook) and upload it again.",
        f"工作表“{sheet}”在 {last_cell} 有内容，使用区域因此达到 {_n(rows)} 行 × {_n(columns)} 列"
        f"（{_n(rows * columns)} 个单元格），但只有 {_n(filled)} 个单元格有内容；超过 {_n(SPARSE_FROM)} "
        f"个单元格时，至少每 {SPARSE_RATIO} 个单元格要有一个有内容。"
        "请删除表格以外的单元格（或把表格复制到新工作簿）后重新上传。",
    )


def cell_too_long(where: str, where_zh: str, length: int) -> FileReadError:
    """A cell holds more characters than Excel allows."""
    return FileReadError(
        "cell_too_long",
        f"{where} holds {_n(length)} characters; the limit is {_n(MAX_CELL_CHARS)} per cell.",
        f"{where_zh}有 {_n(length)} 个字符，每个单元格上限为 {_n(MAX_CELL_CHARS)} 个字符。",
    )


def too_many_rows(rows: int) -> FileReadError:
    """The file has more rows than an import may hold."""
    return FileReadError(
        "too_many_rows",
        f"The file has more than {_n(rows)} rows; the limit is {_n(MAX_ROWS)}. Split it into smaller files.",
        f"文件超过 {_n(rows)} 行，上限为 {_n(MAX_ROWS)} 行。请拆分成较小的文件。",
    )


def unpacks_too_large(part: str, packed: int, unpacked: int) -> FileReadError:
    """A compressed file or workbook part unpacks to more than the limit (a zip or gzip bomb)."""
    mb = 1 << 20
    return FileReadError(
        "unpacks_too_large",
        f"'{part}' unpacks from {packed / mb:,.1f} MB to {unpacked / mb:,.1f} MB; the limit is "
        f"{MAX_UNPACKED_BYTES // mb:,} MB, and {MAX_PACK_RATIO} times the packed size above "
        f"{RATIO_CHECK_FROM // mb} MB.",
        f"“{part}”从 {packed / mb:,.1f} MB 解压后为 {unpacked / mb:,.1f} MB；上限为 "
        f"{MAX_UNPACKED_BYTES // mb:,} MB，超过 {RATIO_CHECK_FROM // mb} MB 时不得超过压缩大小的 "
        f"{MAX_PACK_RATIO} 倍。",
    )


def check_unpacked(part: str, packed: int, unpacked: int) -> None:
    """Refuse a part that unpacks beyond ``MAX_UNPACKED_BYTES`` or ``MAX_PACK_RATIO`` times its size."""
    if unpacked > MAX_UNPACKED_BYTES or (
        unpacked > RATIO_CHECK_FROM and unpacked > MAX_PACK_RATIO * max(packed, 1)
    ):
        raise unpacks_too_large(part, packed, unpacked)
