"""CPU time of ``LaokeForecaster.fit`` on shared data sets, with the time of its main pieces.

Run ``OPENBLAS_NUM_THREADS=1 PYTHONPATH=<src to time> python bench/forecast_fit_cost.py cdnow_sample
grocery oretail_ii`` once with the code before a change and once after (e.g. the parent commit
exported with ``git archive``): CPU time (``time.process_time``) is comparable on a shared,
loaded machine where wall-clock time is not; one BLAS thread keeps OpenBLAS from spinning.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import forecast as bench
import laoke.core.forecast.model as model

_spent: dict[str, float] = {}


def _timed(owner: Any, name: str, label: str) -> None:
    """Wrap ``owner.name`` to add its CPU time to ``_spent[label]`` (skipped if absent)."""
    inner: Callable[..., Any] | None = getattr(owner, name, None)
    if inner is None:
        return

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            _spent[label] = _spent.get(label, 0.0) + time.process_time() - start

    setattr(owner, name, wrapper)


def main(argv: list[str] | None = None) -> int:
    """Time the fit on each data set ``--repeat`` times (after one warm-up fit)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("datasets", nargs="+", choices=sorted(bench.DATASETS))
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    _timed(model, "_fit_pareto", "pareto_fit")
    _timed(model.LaokeForecaster, "_train", "train")
    _timed(model.LaokeForecaster, "_validate", "validate")
    _timed(model.LaokeForecaster, "_predict_main", "predict_main")
    for name in args.datasets:
        loader, cutoff, horizon = bench.DATASETS[name]
        orders = loader()
        model.LaokeForecaster(horizon_days=horizon).fit(orders, as_of=cutoff)
        for _ in range(args.repeat):
            _spent.clear()
            start = time.process_time()
            model.LaokeForecaster(horizon_days=horizon).fit(orders, as_of=cutoff)
            pieces = " ".join(f"{k} {v:.2f}" for k, v in _spent.items())
            print(f"{name:<14} fit {time.process_time() - start:.2f} s CPU ({pieces})", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
