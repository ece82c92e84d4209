"""Time and peak memory of the reader's limits: refusing hostile workbooks, checking a real one.

    .venv/bin/python bench/reader_limits.py [--rows 100000]

Each case runs in a fresh process so that its peak RSS is its own. Hostile files: a 5 KB workbook
with one cell at XFD1048576 (the Excel engine alone would ask for 512 GiB) and a 0.3 MB workbook
holding one 300 MB cell. The real one: ``--rows`` order lines × 8 columns written by xlsxwriter;
it prints the time of the check alone and of the whole read (check + engine + frame).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _hostile(kind: str) -> bytes:
    from tests.fileio.hostile import HEADER, far_cell_workbook, workbook

    if kind == "far_cell":
        return far_cell_workbook()
    rows = HEADER + '<row r="2"><c r="A2"><v>7</v></c><c r="B2" t="s"><v>0</v></c></row>'
    return workbook(rows, shared=["<t>" + "x" * 300_000_000 + "</t>"])


def _real(path: Path, rows: int) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("orders")
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    sheet.write_row(
        0,
        0,
        ["Invoice", "StockCode", "Description", "Quantity", "InvoiceDate", "Price", "Customer ID", "Country"],
    )
    start = dt.datetime(2009, 12, 1)
    for r in range(1, rows + 1):
        sheet.write_string(r, 0, str(489434 + r // 20))
        sheet.write_string(r, 1, str(85048 + r % 3000))
        sheet.write_string(r, 2, f"WHITE HANGING HEART T-LIGHT HOLDER {r % 4000}")
        sheet.write_number(r, 3, 1 + r % 24)
        sheet.write_datetime(r, 4, start + dt.timedelta(minutes=r), when)
        sheet.write_number(r, 5, (r % 1000) / 100)
        sheet.write_number(r, 6, 12000 + r % 4000)
        sheet.write_string(r, 7, "United Kingdom")
    book.close()


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _case(path: str, what: str) -> None:
    """Child process: run one case and print its figures as JSON."""
    from laoke.fileio.errors import FileReadError
    from laoke.fileio.readers import read_table
    from laoke.fileio.workbook_guard import check_workbook

    data = Path(path).read_bytes()
    before = _peak_mb()
    started = time.perf_counter()
    outcome = "read"
    try:
        if what == "check":
            check_workbook(data, None)
        else:
            outcome = f"read {read_table(io.BytesIO(data), name=Path(path).name).frame.height} rows"
    except FileReadError as exc:
        outcome = f"refused: {exc.message('en')[:90]}"
    seconds = time.perf_counter() - started
    peak = _peak_mb()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mb": peak,
                "grew_mb": peak - before,
                "outcome": outcome,
            }
        )
    )


def _run(path: Path, what: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, __file__, "--case", str(path), what], capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--case", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        _case(*args.case)
        return
    with tempfile.TemporaryDirectory() as folder:
        cases = []
        for kind in ("far_cell", "long_cell"):
            path = Path(folder) / f"{kind}.xlsx"
            path.write_bytes(_hostile(kind))
            cases.append((f"{kind} ({path.stat().st_size / 1024:,.0f} KB)", path, "read"))
        real = Path(folder) / "orders.xlsx"
        _real(real, args.rows)
        with zipfile.ZipFile(real) as archive:
            unpacked = sum(i.file_size for i in archive.infolist()) / 2**20
        label = f"{args.rows:,} lines ({real.stat().st_size / 2**20:.1f} MB, {unpacked:.0f} MB unpacked)"
        cases += [(f"{label}: check", real, "check"), (f"{label}: whole read", real, "read")]
        for label, path, what in cases:
            figures = _run(path, what)
            print(
                f"{label:60} {figures['seconds']:7.2f} s  peak {figures['peak_mb']:6.0f} MB"
                f" (+{figures['grew_mb']:.0f})  {figures['outcome']}"
            )


if __name__ == "__main__":
    main()
