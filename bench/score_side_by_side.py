"""``laoke score`` of two source trees side by side on copies of one book; do they store the same rows?

Run from the repository root, on a SQLite book already imported or generated (``bench/score_floor.py``
makes them; keep one with ``--keep``-style copies, or ``laoke import orders … --retail``)::

    .venv/bin/python bench/score_side_by_side.py BOOK.sqlite3 --as-of 2011-12-09 \\
        --before /work/main/src --after src

For the floor of ``bench/score_floor.py`` and for each tree (``PYTHONPATH`` pointing at it), on a
fresh copy of ``BOOK.sqlite3``: ``laoke score`` (first run) and ``laoke score`` again (re-score),
each its own process, timed from the outside (wall, CPU, peak RSS, as ``score_floor.timed``).

Then every table the runs write (all but the order book itself and Django's own tables) is read
back from both copies without its primary key and its clock columns (``computed_at``,
``created_at``…), sorted, and compared: the script prints, per table, the rows and whether the
two trees stored the same ones.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from score_floor import FLOOR, LAOKE, PYTHON, timed

#: Columns that hold the clock or a row id: they differ between any two runs.
CLOCK = {"id", "computed_at", "created_at", "updated_at", "raised_at", "at", "started_at", "finished_at"}
SKIP = ("orders_orderline", "orders_order", "django_", "sqlite_", "floor_score")


def table_digests(path: Path) -> dict[str, tuple[int, str]]:
    """Per table: (rows, digest of its sorted rows without ids and clock columns)."""
    conn = sqlite3.connect(path)
    out = {}
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        if table.startswith(SKIP):
            continue
        columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")') if row[1] not in CLOCK]
        selected = ", ".join(f'"{c}"' for c in columns) or "1"
        rows = sorted(repr(row) for row in conn.execute(f'SELECT {selected} FROM "{table}"'))
        out[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    conn.close()
    return out


def compare_copies(before: Path, after: Path) -> bool:
    """Print, per table both runs wrote, its rows and whether they are the same; True if all are."""
    digests = [table_digests(path) for path in (before, after)]
    print("\nstored rows (ids and clock columns left out):       before    after")
    same = True
    for table in sorted(set(digests[0]) | set(digests[1])):
        b, a = (d.get(table) or (0, "") for d in digests)
        if b == a and b[0] == 0:
            continue
        same = same and b == a
        print(f"  {table:<48}{b[0]:>9}{a[0]:>9}  {'same' if b == a else 'DIFFERENT'}")
    print("all stored rows identical" if same else "STORED ROWS DIFFER")
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", type=Path)
    parser.add_argument("--compare", nargs=2, type=Path, help="only compare two scored copies")
    parser.add_argument("--as-of")
    parser.add_argument("--before", help="source tree (a src folder) of the code before")
    parser.add_argument("--after", help="source tree of the code after")
    parser.add_argument("--work", type=Path, default=Path("/tmp"), help="folder for the copies")
    parser.add_argument("--no-agenda", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the scored copies")
    args = parser.parse_args()
    if args.compare:
        compare_copies(*args.compare)
        return
    base_env = {**os.environ, "LAOKE_LANGUAGE": "en"}
    copies = {}
    results = []
    floor_copy = args.work / f"side_floor_{os.getpid()}.sqlite3"
    shutil.copyfile(args.book, floor_copy)
    url = f"sqlite:///{floor_copy}"
    floor = timed([str(PYTHON), "-c", FLOOR, url], {**base_env, "LAOKE_DATABASE_URL": url})
    floor_copy.unlink()
    results.append(("floor", floor))
    score = [str(LAOKE), "score", "--as-of", args.as_of, *(["--no-agenda"] if args.no_agenda else [])]
    for label, src in (("before", args.before), ("after", args.after)):
        copy = args.work / f"side_{label}_{os.getpid()}.sqlite3"
        shutil.copyfile(args.book, copy)
        copies[label] = copy
        env = {
            **base_env,
            "LAOKE_DATABASE_URL": f"sqlite:///{copy}",
            "PYTHONPATH": str(Path(src).resolve()),
        }
        results.append((f"{label}: laoke score (first run)", timed(score, env)))
        results.append((f"{label}: laoke score (re-score)", timed(score, env)))
    print(f"\n== {args.book.name}, as of {args.as_of}")
    print(f"{'run':<38}{'wall s':>8}{'× floor':>9}{'CPU s':>8}{'× floor':>9}{'peak RSS MiB':>14}")
    for name, (wall, cpu, peak, _out) in results:
        print(f"{name:<38}{wall:>8.1f}{wall / floor[0]:>9.1f}{cpu:>8.1f}{cpu / floor[1]:>9.1f}{peak:>14.0f}")
    compare_copies(copies["before"], copies["after"])
    for copy in copies.values():
        if args.keep:
            print(f"kept {copy}")
        else:
            copy.unlink()


if __name__ == "__main__":
    main()
