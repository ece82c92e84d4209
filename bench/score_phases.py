"""CPU time of each phase of ``laoke score``, printed after the command's own output.

Run from the repository root on a scored or fresh book (the first run of a day also fits last
year's accuracy check; run it twice to see the re-score)::

    LAOKE_DATABASE_URL=sqlite:////tmp/book.sqlite3 PYTHONPATH=src \\
        .venv/bin/python bench/score_phases.py score --as-of 2011-12-09

Each phase is the CPU time (``time.process_time``: every thread of the process, Polars's
included) spent inside one function of the re-score, wrapped before the command runs, and of it
the system time (``os.times``: the kernel's share, page faults and returned memory mostly);
"total" is the whole process after the interpreter started. Phases nest: ``rescore`` holds the others
but the plan (``refresh_agenda``); ``accuracy_check`` holds ``backtest_last_year`` on a first run.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
import time
from collections.abc import Callable
from typing import Any

START = time.process_time()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as laoke.cli sets it, before NumPy loads

SCORING = (
    "load_book",
    "score_book",
    "lifecycle_states",
    "lifecycle_history",
    "forecast_rows",
    "alert_rows",
    "accuracy_check",
    "backtest_last_year",
    "_score_rows",
    "rescore",
)
STORAGE = ("replace_scores", "replace_state_history", "replace_forecasts", "sync_alerts")

spent: dict[str, float] = {}
kernel: dict[str, float] = {}


def _wrap(module: str, name: str) -> Callable[..., Any]:
    """Replace ``module.name`` by a wrapper adding its CPU time to ``spent[name]``."""
    owner = importlib.import_module(module)
    inner: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started, system = time.process_time(), os.times().system
        try:
            return inner(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.process_time() - started
            kernel[name] = kernel.get(name, 0.0) + os.times().system - system

    setattr(owner, name, wrapper)
    return wrapper


def main() -> None:
    import django

    django.setup()
    ready = time.process_time()
    for name in SCORING:
        _wrap("laoke.retention.services.scoring", name)
    for name in STORAGE:
        _wrap("laoke.retention.services.storage", name)
    book = importlib.import_module("laoke.cadence.services.book")
    book.rescore = importlib.import_module("laoke.retention.services.scoring").rescore
    book.refresh_agenda = _wrap("laoke.cadence.services.agenda", "refresh_agenda")
    from laoke.cli import main as laoke

    sys.argv = ["laoke", *sys.argv[1:]]
    with contextlib.suppress(SystemExit):
        laoke()
    total = time.process_time() - START
    print(
        f"\nCPU s: start-up (Django set-up) {ready - START:.2f}, whole process {total:.2f}"
        f" (system {os.times().system:.2f})"
    )
    print(f"  {'phase':<24}{'CPU':>7}{'system':>8}")
    for name, seconds in spent.items():
        print(f"  {name:<24}{seconds:7.2f}{kernel[name]:8.2f}")


if __name__ == "__main__":
    main()
