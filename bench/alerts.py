"""How good are the overdue alerts, and is the risk they state true? On the shared real data.

Run ``python bench/alerts.py`` (all splits of ``bench/forecast.py`` including the extra ones) or
``python bench/alerts.py oretail_ii grocery``. For each split, the overdue alert as the backtest
raises it at the cutoff (a customer with at least three orders, silent beyond the 90 % quantile
of its own gaps) is checked against the horizon after it:

- flagged: customers flagged; precision: share of them that ordered nothing in the horizon;
- base (all) / base (rhythm): the same share among all customers and among those with a rhythm
  of their own (at least three orders) — only the latter can be flagged, so it is the fair base;
- stated: the mean risk the alerts state, the forecast's chance of no order in the horizon;
  rhythm only: what they stated before (1 - the rhythm's survival at the current silence);
- lead: days before a plain one-year-silence rule would have fired (true positives).

A well-calibrated alert has ``stated`` close to ``precision``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from forecast import DATASETS, EXTRA_SPLITS
from laoke.core.forecast.backtest import run_backtest


def main(argv: list[str] | None = None) -> int:
    """Print one row per split."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("datasets", nargs="*", help="data sets (default: all, with the extra splits)")
    names = parser.parse_args(argv).datasets
    splits = [(name, cutoff, horizon) for name, (_, cutoff, horizon) in DATASETS.items()] + EXTRA_SPLITS
    splits = [s for s in splits if not names or s[0] in names]
    head = (
        f"{'split':<26} {'flagged':>7} {'precision':>9} {'base all':>8} {'base rhythm':>11} "
        f"{'stated':>6} {'rhythm only':>11} {'lead d':>6}"
    )
    print(head)
    print("-" * len(head))
    errors: dict[str, list[float]] = {"stated": [], "rhythm only": []}
    for name, cutoff, horizon in splits:
        a = run_backtest(DATASETS[name][0](), cutoff=cutoff, horizon_days=horizon).alerts
        label = name if (cutoff, horizon) == DATASETS[name][1:] else f"{name}@{cutoff:%y%m%d}/{horizon}"
        print(
            f"{label:<26} {a['flagged']:>7.0f} {a['precision']:>9.2f} {a['base_rate']:>8.2f} "
            f"{a['rhythm_base_rate']:>11.2f} {a['stated_confidence']:>6.2f} "
            f"{a['rhythm_only_confidence']:>11.2f} {a['lead_days']:>6.0f}"
        )
        errors["stated"].append(abs(a["stated_confidence"] - a["precision"]))
        errors["rhythm only"].append(abs(a["rhythm_only_confidence"] - a["precision"]))
    for label, values in errors.items():
        print(f"mean |{label} - precision| = {sum(values) / len(values):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
