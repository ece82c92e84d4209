"""How far can P(any order) go on a data set with the inputs Laoke computes? A ceiling check.

Run ``python bench/forecast_ceiling.py [data set ...]`` (default: ``oretail_ii oretail``, the
splits of ``bench/forecast.py``). For each split it fits Laoke as the product does, then keeps
the stacked training rows it learned from and asks other learners and other training sets the
same question, scoring each on the held-out window (ROC AUC of P(any order)):

- every single input on its own (the sign that ranks best),
- BG/NBD and Laoke as shipped,
- Laoke's trees trained on only some of the past cutoffs (each one alone, the full-horizon ones,
  the ones a year before the forecast),
- Laoke's trees larger (more and deeper trees),
- LightGBM on the same rows, with and without BG/NBD's forecast as its starting margin, when
  ``lightgbm`` is installed (``pip install lightgbm``; not a dependency of Laoke).

It answers whether the AUC target of issue 4 is a matter of the learner or of the inputs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from forecast import DATASETS
from laoke.core.forecast.boost import GradientBoosting
from laoke.core.forecast.features import with_gaps
from laoke.core.forecast.metrics import roc_auc
from laoke.core.forecast.model import LEARNING_RATE, LaokeForecaster, _outcome, _Rows
from laoke.core.forecast.stack import ALL_FEATURES, training_cutoffs
from laoke.core.forecast.transactions import customer_days


def _stack(rows: list[_Rows]) -> _Rows:
    return _Rows(
        np.vstack([r.x for r in rows]),
        np.concatenate([r.y for r in rows]),
        np.concatenate([r.logit for r in rows]),
        np.concatenate([r.log_mean for r in rows]),
    )


def ceiling(name: str) -> None:
    """Print the AUC of every variant on one split."""
    loader, cutoff, horizon = DATASETS[name]
    orders = loader()
    forecaster = LaokeForecaster(horizon_days=horizon).fit(orders, as_of=cutoff)
    snap = forecaster.snapshot_
    ordered = _outcome(customer_days(orders), snap.design.customer_id, cutoff, horizon) > 0
    print(
        f"\n== {name}: cutoff {cutoff}, horizon {horizon} d, {len(ordered):,} customers, "
        f"{ordered.mean():.1%} ordered"
    )

    def show(label: str, scores: np.ndarray) -> None:
        print(f"  {label:<52} AUC {roc_auc(ordered, scores):.4f}")

    show("BG/NBD", snap.bg_logit)
    show("Laoke as shipped", forecaster.p_main_)
    stacked = [f[0] for f in ALL_FEATURES]
    stacked += [f[0] for f in forecaster.lines_.features] if forecaster.lines_ is not None else []
    singles = sorted(
        (
            (max(roc_auc(ordered, snap.matrix[:, j]), roc_auc(ordered, -snap.matrix[:, j])), f)
            for j, f in enumerate(stacked)
        ),
        reverse=True,
    )
    for auc, feature in singles[:5]:
        print(f"  {'one input alone: ' + feature:<52} AUC {auc:.4f}")

    days = with_gaps(customer_days(orders, before=cutoff))
    start = days["order_date"].min()
    assert isinstance(start, dt.date)
    per_cutoff: list[tuple[dt.date, int, _Rows]] = []
    for c, h in training_cutoffs(start, cutoff, horizon):
        rows, _ = forecaster._stack_rows(days, [(c, h)], 10**9)
        if rows is not None:
            per_cutoff.append((c, h, rows))

    # Does the best single input beat BG/NBD in the book's own past too? If it does only in
    # the test window, no learner trained on past cutoffs can know to prefer it.
    best_j = max(
        range(len(stacked)),
        key=lambda j: max(roc_auc(ordered, snap.matrix[:, j]), roc_auc(ordered, -snap.matrix[:, j])),
    )
    sign = 1.0 if roc_auc(ordered, snap.matrix[:, best_j]) >= 0.5 else -1.0
    lead = [roc_auc(r.y > 0, sign * r.x[:, best_j]) - roc_auc(r.y > 0, r.logit) for _, _, r in per_cutoff]
    test_lead = roc_auc(ordered, sign * snap.matrix[:, best_j]) - roc_auc(ordered, snap.bg_logit)
    print(
        f"  {stacked[best_j]} minus BG/NBD, AUC: {test_lead:+.4f} in the test window; at the "
        f"{len(lead)} past cutoffs min / median / max {min(lead):+.4f} / "
        f"{float(np.median(lead)):+.4f} / {max(lead):+.4f}"
    )

    def trees(rows: _Rows, n_trees: int = 60, depth: int = 3) -> np.ndarray:
        model = GradientBoosting(
            loss="logistic", n_trees=n_trees, depth=depth, learning_rate=LEARNING_RATE
        ).fit(rows.x, (rows.y > 0).astype(float), base_margin=rows.logit)
        return model.margin(snap.matrix, base_margin=snap.bg_logit)

    everything = _stack([r for _, _, r in per_cutoff])
    show(f"trees on all {len(per_cutoff)} past cutoffs ({len(everything.y):,} rows)", trees(everything))
    full = [r for _, h, r in per_cutoff if h == horizon]
    if full:
        show(f"trees on the {len(full)} full-horizon cutoffs", trees(_stack(full)))
    year_ago = cutoff - dt.timedelta(days=365)
    near = [r for c, _, r in per_cutoff if abs((c - year_ago).days) <= 75]
    if near:
        show(f"trees on the {len(near)} cutoffs within 75 days of a year ago", trees(_stack(near)))
    alone = [roc_auc(ordered, trees(r)) for _, _, r in per_cutoff]
    print(
        f"  {'trees on one past cutoff alone (min / median / max)':<52} AUC "
        f"{min(alone):.4f} / {float(np.median(alone)):.4f} / {max(alone):.4f}"
    )
    show("200 trees of depth 4", trees(everything, n_trees=200, depth=4))
    show("120 trees of depth 5", trees(everything, n_trees=120, depth=5))
    try:
        import lightgbm
    except ImportError:
        print("  (LightGBM not installed: pip install lightgbm to add it)")
        return
    y = (everything.y > 0).astype(int)
    for leaves, rounds in ((7, 300), (15, 500), (31, 800)):
        params: dict[str, Any] = {
            "num_leaves": leaves,
            "n_estimators": rounds,
            "learning_rate": 0.03,
            "min_child_samples": 50,
            "subsample": 0.8,
            "subsample_freq": 1,
            "colsample_bytree": 0.8,
            "verbose": -1,
        }
        plain = lightgbm.LGBMClassifier(**params).fit(everything.x, y)
        show(f"LightGBM {leaves} leaves x {rounds}", np.asarray(plain.predict_proba(snap.matrix))[:, 1])
        started = lightgbm.LGBMClassifier(**params).fit(everything.x, y, init_score=everything.logit)
        show(
            f"LightGBM {leaves} leaves x {rounds}, from BG/NBD",
            started.predict_proba(snap.matrix, raw_score=True) + snap.bg_logit,
        )


def main(argv: list[str] | None = None) -> int:
    """Run the ceiling check on the chosen splits."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("datasets", nargs="*", default=["oretail_ii", "oretail"])
    for name in parser.parse_args(argv).datasets:
        ceiling(name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
