"""Calibrating the stated chance and count on the book's own back-window: which way holds?

Run ``python bench/forecast_calibration.py [split ...]`` (data as for ``bench/forecast.py``;
split labels as it prints them, e.g. ``oretail_ii@110301/180``; default all of
``--extra-splits``). Laoke is fitted once per split; the validation cutoff's replay
(``LaokeForecaster.back_window_``: what the forecast would have stated before ``as_of`` and
what then happened) gives a hazard calibration of P(any order)
(:mod:`laoke.core.forecast.calibration`) and a count factor (actual / expected orders there).
Each way of applying them at ``as_of`` is scored on the split's horizon: AUC, Brier, count level
(predicted / actual order days - 1) and the largest reliability-decile error.

With ``--app`` each split's cutoff is fitted as ``laoke score`` does (a 365-day forecast) and
the chance users read, within 90 days, is scored on the 90 days after it: ``laoke`` (the
classifier asked at 90 days, as shipped), ``rhythm_stretch`` (the year's chance stretched
along the customer's rhythm, the way before), ``bg_shape`` (stretched along BG/NBD's) and
``bgnbd``.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from forecast import DATASETS, EXTRA_SPLITS
from laoke.core.forecast.calibration import HazardCalibration, fit_hazard_calibration
from laoke.core.forecast.metrics import brier, reliability, roc_auc
from laoke.core.forecast.model import LaokeForecaster, _level_shift
from laoke.core.forecast.transactions import count_in_window, customer_days


def splits() -> list[tuple[str, str, dt.date, int]]:
    """(label, data set, cutoff, horizon) of every split of ``bench/forecast.py --extra-splits``."""
    out = [(name, name, cutoff, h) for name, (_, cutoff, h) in DATASETS.items()]
    out += [(f"{name}@{cutoff:%y%m%d}/{h}", name, cutoff, h) for name, cutoff, h in EXTRA_SPLITS]
    return out


def main(argv: list[str]) -> int:
    """Print one row per split and way."""
    app = "--app" in argv
    argv = [a for a in argv if a != "--app"]
    wanted = set(argv)
    print(f"{'split':<26} {'way':<14} {'AUC':>6} {'Brier':>6} {'level':>7} {'rel.max':>7}  deciles")
    for label, name, cutoff, h in splits():
        if wanted and label not in wanted:
            continue
        started = time.perf_counter()
        orders = DATASETS[name][0]()
        if app:
            # As ``laoke score`` states it: a year's forecast, the chance within 90 days.
            f = LaokeForecaster(horizon_days=365, back_window=True).fit(orders, as_of=cutoff)
            h = 90
            label = f"{label} app 90 d"
        else:
            f = LaokeForecaster(horizon_days=h, back_window=True).fit(orders, as_of=cutoff)
        fit_s = time.perf_counter() - started
        outcome = pl.DataFrame({"customer_id": f.design_.customer_id}).join(
            count_in_window(customer_days(orders), start=cutoff, end=cutoff + dt.timedelta(days=h)),
            on="customer_id",
            how="left",
        )
        y = outcome["count"].fill_null(0).to_numpy().astype(np.float64)
        ordered = y > 0
        back = f.back_window_
        p0, c0 = (f.probability_any(h), f.expected_orders(h)) if app else (f.p_main_, f.count_main_)
        ways: dict[str, tuple[np.ndarray, np.ndarray]] = {"laoke": (p0, c0)}
        if back is not None:
            cal = fit_hazard_calibration(back.p_any, back.orders > 0)
            factor = float(back.orders.sum() / max(back.expected.sum(), 1e-9))
            slope = HazardCalibration(0.0, cal.slope).apply(p0)
            slope = slope  # then back to BG/NBD's level, as now
            from scipy import special

            lg = special.logit(np.clip(slope, 1e-9, 1 - 1e-9))
            slope_lvl = special.expit(lg + _level_shift(lg, float(np.mean(p0)), logistic=True))
            ways["hazard"] = (cal.apply(p0), c0 * factor)
            ways["scale_only"] = (cal.scale_only().apply(p0), c0 * factor)
            ways["slope_only"] = (slope_lvl, c0)
            ways["half"] = (
                HazardCalibration(cal.log_scale / 2, 1 + (cal.slope - 1) / 2).apply(p0),
                c0 * np.sqrt(factor),
            )
            print(
                f"# {label}: back-window {back.cutoff}/{back.horizon_days} d, "
                f"scale {np.exp(cal.log_scale):.3f}, slope {cal.slope:.3f}, count factor {factor:.3f}; "
                f"fit {fit_s:.1f} s"
            )
        if app:
            d = f.design_
            bg_h, bg_main = d.bgnbd_probability(h), d.bgnbd_probability(365)

            def hz(q: np.ndarray) -> np.ndarray:
                return -np.log(np.clip(1 - q, 1e-12, 1))

            ways["bg_shape"] = (1 - np.exp(-hz(f.p_main_) * hz(bg_h) / np.maximum(hz(bg_main), 1e-12)), c0)
            ways["bgnbd"] = (bg_h, d.bgnbd_expected(h))
            # The way before: the year's chance stretched along the customer's own rhythm.
            rhythm_h = d.rhythm.cumulative_hazard(d.recency_days, float(h))
            ways["rhythm_stretch"] = (1 - np.exp(-f._hazard_scale(f.p_main_) * rhythm_h), c0)
        for way, (p, c) in ways.items():
            rel = reliability(ordered, p)
            worst = max(abs(a - b) for a, b, _ in rel)
            cells = " ".join(f"{a:.2f}/{b:.2f}" for a, b, _ in rel)
            print(
                f"{label:<26} {way:<14} {roc_auc(ordered, p):>6.3f} {brier(ordered, p):>6.3f} "
                f"{c.sum() / y.sum() - 1:>+7.3f} {worst:>7.3f}  {cells}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
