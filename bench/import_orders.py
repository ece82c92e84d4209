"""Time ``laoke import orders`` on the real UCI Online Retail II file, then time the re-import.

Run ``.venv/bin/python bench/import_orders.py`` from the repository root. It migrates a fresh
database (SQLite in a temporary folder by default; ``--database-url postgres://…`` for a
PostgreSQL database you created empty), imports the file with ``--retail`` twice and prints,
for each run, the wall time, the peak memory of the import process and the command's summary
(the second run must create nothing). The file is read from ``../shared/data`` relative to the
repository or from ``$LAOKE_SHARED_DATA``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LAOKE = REPO / ".venv" / "bin" / "laoke"


def data_file() -> Path:
    """The Online Retail II file of the shared data folder."""
    folder = os.environ.get("LAOKE_SHARED_DATA") or REPO.parent / "shared" / "data"
    return Path(folder) / "online_retail_ii_2009_2011.csv.gz"


def timed(args: list[str], env: dict[str, str]) -> tuple[float, int, int, str]:
    """Run ``args``; return (seconds, peak RSS in MB, exit code, stdout)."""
    started = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    stdout = process.stdout.read() if process.stdout else ""
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - started, usage.ru_maxrss // 1024, process.returncode, stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an empty database (default: a fresh SQLite file)")
    parser.add_argument("--file", type=Path, default=data_file())
    parser.add_argument("--runs", type=int, default=2, help="imports of the same file (default 2)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = options.database_url or f"sqlite:///{folder}/bench.sqlite3"
        env = {**os.environ, "LAOKE_DATABASE_URL": url, "LAOKE_LANGUAGE": "en"}
        subprocess.run([str(LAOKE), "migrate", "-v0"], env=env, check=True)
        print(f"database: {url.split('@')[-1]}\nfile: {options.file}")
        for run in range(1, options.runs + 1):
            args = [str(LAOKE), "import", "orders", str(options.file), "--retail", "--quiet"]
            seconds, peak_mb, code, out = timed(args, env)
            print(f"\n== run {run}: {seconds:.1f} s wall, peak RSS {peak_mb} MB, exit {code}")
            print(out.rstrip())
            if code != 0:
                return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
