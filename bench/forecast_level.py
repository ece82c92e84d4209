"""Can the book's own past correct BG/NBD's level? Past cut-offs' shifts vs the outcome at as_of.

Run ``python bench/forecast_level.py`` (data as for ``bench/forecast.py``). For each split of
``bench/forecast.py --extra-splits`` Laoke is fitted once; then the constant added to its
P(any order) logit and log expected count at ``as_of`` is chosen in several ways from the shifts
that matched BG/NBD to the outcome at the past training cut-offs
(``LaokeForecaster.level_history_``), and the count level (predicted / actual order days - 1),
the Brier score and the largest reliability-decile error are printed per way. ``oracle`` is the
shift that matches the outcome itself (no forecast knows it).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import numpy as np
import polars as pl
from scipy import special

sys.path.insert(0, str(Path(__file__).resolve().parent))

from forecast import DATASETS, EXTRA_SPLITS
from laoke.core.forecast.metrics import brier, reliability
from laoke.core.forecast.model import LaokeForecaster, _level_shift
from laoke.core.forecast.transactions import count_in_window, customer_days

WAYS = ("bgnbd", "laoke", "zero", "latest_full", "median3_full", "latest_any", "same_season", "oracle")


def shifts(
    way: str, history: list[tuple[dt.date, int, float, float]], cutoff: dt.date, h: int
) -> tuple[float, float]:
    """The (P logit, log count) shift that ``way`` takes from the past cut-offs."""
    full = [s for s in history if s[1] == h]
    if way == "latest_full" and full:
        return full[0][2], full[0][3]
    if way == "median3_full" and full:
        return float(np.median([s[2] for s in full[:3]])), float(np.median([s[3] for s in full[:3]]))
    if way == "latest_any" and history:
        return history[0][2], history[0][3]
    if way == "same_season":
        year_ago = [s for s in full if abs((cutoff - dt.timedelta(days=365) - s[0]).days) <= 20]
        if year_ago:
            return year_ago[0][2], year_ago[0][3]
        return shifts("latest_full", history, cutoff, h)
    return 0.0, 0.0


def main() -> int:
    """Print one row per split and way, then the summary per way."""
    splits = [(name, cutoff, h) for name, (_, cutoff, h) in DATASETS.items()] + EXTRA_SPLITS
    summary: dict[str, list[tuple[float, float, float]]] = {way: [] for way in WAYS}
    print(f"{'split':<26} {'way':<13} {'level':>7} {'Brier':>7} {'rel.max':>7}")
    for name, cutoff, h in splits:
        orders = DATASETS[name][0]()
        f = LaokeForecaster(horizon_days=h).fit(orders, as_of=cutoff)
        assert f.classifier_ is not None and f.regressor_ is not None
        outcome = pl.DataFrame({"customer_id": f.design_.customer_id}).join(
            count_in_window(customer_days(orders), start=cutoff, end=cutoff + dt.timedelta(days=h)),
            on="customer_id",
            how="left",
        )
        y = outcome["count"].fill_null(0).to_numpy().astype(np.float64)
        ordered = (y > 0).astype(np.float64)
        snap = f.snapshot_
        logit = f.classifier_.margin(snap.matrix, base_margin=snap.bg_logit)
        log_count = snap.bg_log_expected + f.trust_ * (
            f.regressor_.margin(snap.matrix, base_margin=snap.bg_log_expected) - snap.bg_log_expected
        )
        label = name if (cutoff, h) == DATASETS[name][1:] else f"{name}@{cutoff:%y%m%d}/{h}"
        for way in WAYS:
            if way == "bgnbd":
                p, count = special.expit(snap.bg_logit), np.exp(snap.bg_log_expected)
            elif way == "laoke":
                p, count = f.p_main_, f.count_main_
            else:
                if way == "oracle":
                    shift_p = _level_shift(logit, float(ordered.mean()), logistic=True)
                    shift_c = _level_shift(log_count, float(y.mean()), logistic=False)
                else:
                    shift_p, shift_c = shifts(way, f.level_history_, cutoff, h)
                p, count = special.expit(logit + shift_p), np.exp(log_count + shift_c)
            level = float(count.sum() / y.sum() - 1.0)
            worst = max(abs(stated - seen) for stated, seen, _ in reliability(ordered, p))
            summary[way].append((abs(level), brier(ordered, p), worst))
            print(f"{label:<26} {way:<13} {level:>+7.3f} {brier(ordered, p):>7.4f} {worst:>7.3f}", flush=True)
    print(f"\n{'way':<13} {'mean|level|':>11} {'|level|<=.15':>12} {'mean Brier':>10} {'rel.max<=.05':>12}")
    for way, rows in summary.items():
        a = np.array(rows)
        print(
            f"{way:<13} {a[:, 0].mean():>11.3f} {int((a[:, 0] <= 0.15).sum()):>12d} {a[:, 1].mean():>10.4f} "
            f"{int((a[:, 2] <= 0.05).sum()):>12d}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
