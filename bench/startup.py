"""Start-up time of ``laoke`` commands that need no model: median of 5 runs each.

Run from the repository root::

    .venv/bin/python bench/startup.py
    .venv/bin/python bench/startup.py --runs 9 --database-url sqlite:////tmp/book.sqlite3
    .venv/bin/python bench/startup.py --src /tmp/before/src      # an older checkout's code
    .venv/bin/python bench/startup.py --against /tmp/before/src  # this code and that, in turn

Each command runs in a fresh process against a migrated SQLite database (a new one under /tmp
unless ``--database-url`` names one). It prints, per command, the median wall time and the
median CPU time of the process (user + system), the lowest CPU time of the runs, and which
heavy libraries (SciPy, Polars, NumPy, scikit-learn, PyArrow) the command imported. The target:
under 0.5 s.

On a shared virtual machine the CPU time of the same command moves by a third from one minute
to the next (a neighbour's load slows the core itself), so two separate runs of this script do not
compare. ``--against SRC`` runs this code and SRC's in turn, run by run, against one database, and
prints both side by side: the lowest CPU time is the steadiest figure (the machine only adds).

Python's compiled bytecode is kept as an installed Laoke keeps it (``pip install`` writes the
``.pyc`` files): the commands run with ``PYTHONPYCACHEPREFIX`` set to a folder under /tmp and
without ``PYTHONDONTWRITEBYTECODE``, and each command runs once unmeasured first. Without the
cache every run compiles Laoke's own modules and migrations again (about 0.1 s of CPU here);
``--no-bytecode-cache`` measures that, with the environment's setting left as it is.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LAOKE = str(REPO / ".venv" / "bin" / "laoke")
PYTHON = str(REPO / ".venv" / "bin" / "python")

COMMANDS = [["--help"], ["help"], ["jobs", "--json"], ["migrate", "--check"], ["showmigrations", "-l"]]
HEAVY = ("scipy", "polars", "numpy", "sklearn", "pyarrow")

#: Runs a command in-process and prints the heavy modules it imported (on stderr, last line).
_PROBE = """
import sys
from laoke.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
finally:
    heavy = [m for m in {heavy!r} if m in sys.modules]
    sys.stderr.write("HEAVY " + ",".join(heavy) + "\\n")
"""


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def heavy_imports(command: list[str], env: dict[str, str]) -> str:
    probe = _PROBE.format(heavy=HEAVY)
    done = subprocess.run(
        [PYTHON, "-c", probe, *command], env=env, capture_output=True, text=True, check=False
    )
    lines = [line for line in done.stderr.splitlines() if line.startswith("HEAVY ")]
    return (lines[-1][6:] if lines else "?") or "none"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", help="a migrated database (default: a new SQLite one)")
    parser.add_argument("--src", help="serve the code of this source folder (an older checkout's src)")
    parser.add_argument("--against", help="another source folder, run in turn with this code, run by run")
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="leave PYTHONDONTWRITEBYTECODE as it is (each run may compile the sources again)",
    )
    options = parser.parse_args()
    env = {**os.environ, "LAOKE_LANGUAGE": "en"}
    if not options.no_bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="laoke_startup_pyc_")
    if options.src:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (options.src, env.get("PYTHONPATH")) if p)
    folder = tempfile.mkdtemp(prefix="laoke_startup_")
    env["LAOKE_VAR_DIR"] = folder
    env["LAOKE_DATABASE_URL"] = options.database_url or f"sqlite:///{folder}/startup.sqlite3"
    subprocess.run([LAOKE, "migrate", "--noinput", "-v0"], env=env, check=True)
    cache = "no bytecode cache" if options.no_bytecode_cache else "bytecode cached"
    if options.against:
        path = os.pathsep.join(p for p in (options.against, os.environ.get("PYTHONPATH")) if p)
        other = {**env, "PYTHONPATH": path}
        if not options.no_bytecode_cache:
            other["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="laoke_startup_pyc_")
        compare(options.runs, env, other, cache)
    else:
        alone(options.runs, env, cache)
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nhost load average (1/5/15 min): {load} on {os.cpu_count()} cores")
    return 0


def alone(runs: int, env: dict[str, str], cache: str) -> None:
    print(
        "\n| command | wall median s | CPU median s | CPU lowest s | heavy libraries imported "
        f"|  (runs: {runs}, {cache})"
    )
    print("|---|---:|---:|---:|---|")
    for command in COMMANDS:
        timed([LAOKE, *command], env)  # unmeasured: writes the bytecode cache
        times = [timed([LAOKE, *command], env) for _ in range(runs)]
        wall = statistics.median(r[0] for r in times)
        cpu = statistics.median(r[1] for r in times)
        low = min(r[1] for r in times)
        print(
            f"| laoke {' '.join(command)} | {wall:.2f} | {cpu:.2f} | {low:.2f} "
            f"| {heavy_imports(command, env)} |"
        )


def compare(runs: int, env: dict[str, str], other: dict[str, str], cache: str) -> None:
    print(
        "\n| command | CPU median s, this / other | CPU lowest s, this / other "
        f"| heavy libraries, this / other |  (runs: {runs} each, in turn, {cache})"
    )
    print("|---|---:|---:|---|")
    for command in COMMANDS:
        timed([LAOKE, *command], env)  # unmeasured: writes the bytecode caches
        timed([LAOKE, *command], other)
        mine: list[float] = []
        theirs: list[float] = []
        for _ in range(runs):
            mine.append(timed([LAOKE, *command], env)[1])
            theirs.append(timed([LAOKE, *command], other)[1])
        print(
            f"| laoke {' '.join(command)} | {statistics.median(mine):.2f} / {statistics.median(theirs):.2f} "
            f"| {min(mine):.2f} / {min(theirs):.2f} "
            f"| {heavy_imports(command, env)} / {heavy_imports(command, other)} |"
        )


if __name__ == "__main__":
    sys.exit(main())
