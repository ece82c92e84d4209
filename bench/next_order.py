"""Ways to date the next order, per split: MAE(days) and the 80 % window's coverage.

``python bench/next_order.py [--extra-splits] [--no-main] [--only NAME ...]`` (data as for
``bench/forecast.py``): one fit per split, then each way of dating the next order is scored on
the customers who ordered in the horizon (ratio to BG/NBD's MAE in brackets). ``laoke`` is what
ships (the book's seasonal clock, calibrated where the validation cutoff says it helps);
``book`` the clock alone; ``book+cal`` the clock always calibrated; ``book^1.5`` / ``book^2``
a sharper clock; ``book+rate`` the trees' expected count as the customer's rate; ``timing``,
``warp``, ``chances``, ``fix``, ``clamp`` and ``clamp-warp`` the ``date_mode`` variants of making the
date agree with the stated chances (``clamp-warp`` ships). ``contradicts`` is the share of customers
whose stated median or window end sits, even with a day's slack, more than 0.1 from its quantile
of the chances ``F(t) / F(H)`` (weekly); ``date-vs-P90`` the share with a date within 90 days
against a 90-day chance under 40 % of the horizon's, or beyond 90 days against one over 60 %.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from forecast import DATASETS, EXTRA_SPLITS
from laoke.core.forecast.model import LaokeForecaster
from laoke.core.forecast.timing import book_profile, seasonal_wait
from laoke.core.forecast.transactions import count_in_window, customer_days


def run(name: str, cutoff: dt.date, horizon: int, orders: pl.DataFrame) -> None:
    started = time.perf_counter()
    f = LaokeForecaster(horizon_days=horizon).fit(orders, as_of=cutoff)
    d = f.design_
    window = count_in_window(customer_days(orders), start=cutoff, end=cutoff + dt.timedelta(days=horizon))
    first = (
        pl.DataFrame({"customer_id": d.customer_id})
        .join(window, on="customer_id", how="left")
        .select((pl.col("first_date") - pl.lit(cutoff)).dt.total_days())
        .to_series()
        .to_numpy()
        .astype(np.float64)
    )
    ok = ~np.isnan(first)
    bg = d.bgnbd
    shape, base = bg.r_ + d.frequency, bg.alpha_ + d.t_weeks
    book = book_profile(f._days, as_of=cutoff)
    ratio = np.clip(f.count_main_ / np.maximum(d.bgnbd_expected(horizon), 1e-12), 0.2, 5.0)
    cal = f.wait_calibration_
    if cal is None:  # what the calibration would do where the validation cutoff turned it down
        from laoke.core.forecast.model import _calibration, _wait_shares, snapshot

        shares = [
            _wait_shares(f._days, snapshot(f._days, cutoff=c, horizon_days=h).design, c, h, f.book_profile_)
            for c, h in f.training_cutoffs_
        ]
        forced = _calibration(shares)
    else:
        forced = cal
    groups = f.timing_groups_

    def clock(profile, calibrated=False, b=base):
        def fn(q):
            level = forced.level(q, groups) if calibrated and forced is not None else q
            return seasonal_wait(level, horizon, shape=shape, base_weeks=b, profile=profile, as_of=cutoff)

        return fn

    def moded(mode):
        def fn(q):
            shipped, f.date_mode = f.date_mode, mode
            try:
                return f.days_to_next_order(q)
            finally:
                f.date_mode = shipped

        return fn

    # The stated chances' share F(t)/F(H) on a weekly grid (and at 90 days), for the consistency check.
    grid = np.unique(np.r_[np.arange(7, horizon, 7), [90] if horizon > 90 else [], horizon]).astype(float)
    chance = f.chance_share(grid, horizon)
    at90 = chance[:, np.searchsorted(grid, 90)] if horizon > 90 else None

    def share_at(days):
        g = np.r_[0.0, grid]
        k = np.clip(np.searchsorted(g, days, side="right") - 1, 0, len(g) - 2)
        c = np.hstack([np.zeros((len(days), 1)), chance])
        r = np.arange(len(days))
        w = (days - g[k]) / (g[k + 1] - g[k])
        return c[r, k] + np.clip(w, 0, 1) * (c[r, k + 1] - c[r, k])

    cands = {
        "bgnbd": lambda q: d.bgnbd_days_to_next(q, horizon),
        "laoke": lambda q: f.days_to_next_order(q),
        "timing": moded("timing"),
        "warp": moded("warp"),
        "chances": moded("chances"),
        "fix": moded("fix"),
        "clamp": moded("clamp"),
        "clamp-warp": moded("clamp-warp"),
        "book": clock(book),
        "book^1.5": clock(book**1.5),
        "book^2": clock(book**2),
        "book+cal": clock(book, True),
        "book+rate": clock(book, False, base / ratio),
        "book+rate+cal": clock(book, True, base / ratio),
    }
    label = f"{name}@{cutoff:%y%m%d}/{horizon}"
    print(f"# {label} ordered {ok.sum()} fit {time.perf_counter() - started:.0f}s book {np.round(book, 2)}")
    ref = None
    for key, fn in cands.items():
        med = np.round(fn(0.5))[ok]
        lo, hi = np.round(fn(0.1))[ok], np.round(fn(0.9))[ok]
        mae = float(np.mean(np.abs(first[ok] - med)))
        cover = float(np.mean((first[ok] >= lo) & (first[ok] <= hi)))
        ref = ref or mae
        m_all, lo_all, hi_all = np.round(fn(0.5)), np.round(fn(0.1)), np.round(fn(0.9))
        # A stated day (rounded to a day) contradicts the chances when even a day's slack leaves
        # its share of them more than 0.1 from its quantile.
        contra = float(
            np.mean(
                (share_at(m_all + 1) < 0.4)
                | (share_at(np.maximum(m_all - 1, 0)) > 0.6)
                | (share_at(np.maximum(lo_all - 1, 0)) > 0.2)
                | (share_at(hi_all + 1) < 0.8)
            )
        )
        page = (
            float(np.mean(((m_all <= 90) & (at90 < 0.4)) | ((m_all > 90) & (at90 > 0.6))))
            if at90 is not None
            else float("nan")
        )
        if key == "laoke":
            print(f"{label:<26} calibrated {cal is not None}")
        print(
            f"{label:<26} {key:<10} MAE {mae:6.1f} ({mae / ref:5.3f})  cover {cover:.3f}"
            f"  contradicts {contra:.3f}  date-vs-P90 {page:.3f}"
        )
    sys.stdout.flush()


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--only", nargs="*")
    p.add_argument("--extra-splits", action="store_true")
    p.add_argument("--no-main", action="store_true")
    a = p.parse_args()
    splits = [] if a.no_main else [(n, c, h) for n, (_, c, h) in DATASETS.items()]
    if a.extra_splits:
        splits += EXTRA_SPLITS
    if a.only:
        splits = [s for s in splits if s[0] in a.only]
    cache: dict[str, pl.DataFrame] = {}
    for name, cutoff, horizon in splits:
        if name not in cache:
            cache = {name: DATASETS[name][0]()}
        run(name, cutoff, horizon, cache[name])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
