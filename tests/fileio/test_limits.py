"""The reader refuses files that would need memory out of proportion to their cells, and says why."""

from __future__ import annotations

import gzip
import io
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from laoke.fileio import limits, readers
from laoke.fileio.errors import FileReadError, RowError
from laoke.fileio.preview import preview_file
from laoke.fileio.readers import read_table
from tests.fileio.hostile import (
    HEADER,
    LINE,
    far_cell_workbook,
    long_cell_workbook,
    stray_cell_workbook,
    text,
    workbook,
)

LAOKE = Path(sys.executable).with_name("laoke")


def refusal(data: bytes, name: str = "book.xlsx") -> FileReadError:
    """The error reading ``data`` raises."""
    with pytest.raises(FileReadError) as caught:
        read_table(io.BytesIO(data), name=name)
    return caught.value


def _four_gigabytes() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (4_000_000_000, 4_000_000_000))


def test_a_5_kb_workbook_with_a_cell_at_xfd1048576_is_refused_by_the_cli(tmp_path: Path) -> None:
    """`laoke analyze` exits 2 naming the far cell and the limit, instead of aborting (exit 134)."""
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(far_cell_workbook())
    assert path.stat().st_size < 5_000
    env = {**os.environ, "LAOKE_LANGUAGE": "en", "LAOKE_VAR_DIR": str(tmp_path)}
    done = subprocess.run(
        [str(LAOKE), "analyze", str(path)],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=_four_gigabytes,  # the old reader asked for 512 GiB: fail, don't swap
        timeout=300,
        check=False,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert "XFD1048576" in done.stderr and "20,000,000 cells" in done.stderr


def test_a_stray_cell_far_below_a_small_table_is_refused_in_both_languages() -> None:
    """A cell beyond the declared dimension is found; the almost empty grid it makes is refused."""
    error = refusal(stray_cell_workbook())
    assert error.code == "sheet_too_sparse"
    assert "C1048576" in error.message("en") and "'Sheet1'" in error.message("en")
    assert "1,048,576 rows × 3 columns" in error.message("en")
    assert "C1048576" in error.message("zh-hans") and "工作表“Sheet1”" in error.message("zh-hans")


def test_a_dimension_that_claims_the_whole_sheet_over_a_few_cells_is_read() -> None:
    """Only filled cells count: a false A1:XFD1048576 over two rows reads as two rows."""
    table = read_table(io.BytesIO(workbook(HEADER + LINE, dimension="A1:XFD1048576")), name="b.xlsx")
    assert table.columns == ["customer", "date", "amount"]
    assert table.frame["customer"].to_list() == ["ACME"]


def test_cells_without_positions_are_placed_as_the_engine_places_them() -> None:
    """Cells and rows without r="…" follow the previous one; the guard and the engine agree."""
    rows = HEADER + (
        '<row><c><v>1</v></c><c><v>2</v></c><c r="C2"><v>3</v></c></row>'
        '<row><c r="B3"><v>4</v></c><c><v>5</v></c></row>'
    )
    table = read_table(io.BytesIO(workbook(rows, dimension="A1")), name="b.xlsx")
    assert table.frame.drop(readers.ROW_COLUMN).rows() == [("1", "2", "3"), (None, "4", "5")]


def test_a_shared_string_longer_than_a_cell_is_refused_naming_the_cell() -> None:
    """A 40,000-character text is refused before the engine loads it, naming the cell that shows it."""
    error = refusal(long_cell_workbook(40_000))
    assert error.code == "cell_too_long"
    assert error.message("en") == (
        "Cell B2 of the sheet 'Sheet1' holds 40,000 characters; the limit is 32,767 per cell."
    )
    assert "单元格 B2" in error.message("zh-hans") and "32,767" in error.message("zh-hans")


def test_a_cell_split_into_rich_text_runs_is_measured_whole() -> None:
    """Three runs of 20,000 characters make one cell of 60,000: refused, inline or shared."""
    runs = "".join(f"<r>{text('z' * 20_000)}</r>" for _ in range(3))
    inline = HEADER + f'<row r="2"><c r="A2" t="inlineStr"><is>{runs}</is></c></row>'
    assert "Cell A2 " in refusal(workbook(inline)).message("en")
    shared = HEADER + '<row r="2"><c r="C2" t="s"><v>0</v></c></row>'
    assert "holds 60,000 characters" in refusal(workbook(shared, shared=[runs])).message("en")


def test_a_long_chinese_cell_within_the_limit_is_read() -> None:
    """20,000 Chinese characters (60,000 bytes) are within the limit of 32,767 characters."""
    rows = HEADER + f'<row r="2"><c r="A2" t="inlineStr"><is>{text("客" * 20_000)}</is></c></row>'
    table = read_table(io.BytesIO(workbook(rows)), name="b.xlsx")
    assert table.frame["customer"].str.len_chars().to_list() == [20_000]


def test_a_workbook_part_that_unpacks_hundreds_of_times_its_size_is_refused() -> None:
    """A zip bomb: 20 MB of blanks that pack into a few KB are refused before they are unpacked."""
    error = refusal(workbook(HEADER + LINE, padding=20_000_000))
    assert error.code == "unpacks_too_large"
    assert "xl/worksheets/sheet1.xml" in error.message("en") and "200 times" in error.message("en")


def test_a_gzip_bomb_is_refused(tmp_path: Path) -> None:
    """A .csv.gz that unpacks to 20 MB from a few KB is refused."""
    path = tmp_path / "o.csv.gz"
    path.write_bytes(gzip.compress(b"customer,date,amount\n" + b"\n" * 20_000_000))
    with pytest.raises(FileReadError) as caught:
        read_table(path)
    assert caught.value.code == "unpacks_too_large" and "o.csv.gz" in caught.value.message("en")


def test_a_csv_cell_longer_than_the_limit_is_refused(write_text: Callable[..., Path]) -> None:
    """A CSV cell of 40,000 characters is refused, naming its column and row."""
    path = write_text("o.csv", "customer,notes\nACME,ok\nBeta," + "y" * 40_000 + "\n")
    with pytest.raises(FileReadError) as caught:
        read_table(path)
    assert caught.value.message("en") == (
        "The cell of column 'notes' on row 3 holds 40,000 characters; the limit is 32,767 per cell."
    )


def test_a_file_with_more_rows_than_the_limit_is_refused(
    write_text: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past ``MAX_ROWS`` data rows the file is refused with the limit."""
    monkeypatch.setattr(readers, "MAX_ROWS", 3)
    path = write_text("o.csv", "a\n" + "x\n" * 4)
    with pytest.raises(FileReadError) as caught:
        read_table(path)
    assert caught.value.code == "too_many_rows"


def test_the_limits_are_excels_own_where_it_has_one() -> None:
    """A cell holds at most 32,767 characters and a used range 20 million cells, as documented."""
    docs = (Path(__file__).parents[2] / "docs" / "import.md").read_text(encoding="utf-8")
    assert limits.MAX_CELL_CHARS == 32_767
    for figure in (limits.MAX_CELL_CHARS, limits.MAX_SHEET_CELLS, limits.MAX_ROWS):
        assert f"{figure:,}" in docs


def test_the_preview_shortens_long_cells(write_text: Callable[..., Path]) -> None:
    """A 1,000-character cell shows as its first 80 characters and an ellipsis."""
    preview = preview_file(write_text("o.csv", "customer,date,amount\n" + "n" * 1000 + ",2024-01-05,1\n"))
    assert preview.sample[0]["customer"] == "n" * 80 + "…"


def test_row_error_messages_shorten_the_value() -> None:
    """An error quotes at most 80 characters of the bad value."""
    error = RowError(row=2, column="date", field="order_date", code="bad_date", params={"value": "9" * 500})
    assert error.message("en") == "'" + "9" * 80 + "…' is not a date"
