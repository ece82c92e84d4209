"""How much better could the next-order date be? A ceiling check for MAE(days).

Run ``python bench/next_order_ceiling.py [data set ...]`` (needs ``pip install lightgbm``, which
is not a Laoke dependency; default: ``oretail_ii oretail cdnow_master grocery``). Laoke's
next-order date follows BG/NBD's expected wait, because mixing in the customer's own rhythm made
MAE(days) worse on every benchmark set. This asks what a learner could reach at best: LightGBM
with an absolute-error objective (it fits the median, which MAE rewards) on Laoke's inputs,
fitted by 5-fold cross-validation *on the customers who ordered in the outcome window* — an
upper bound no forecast has. Prints the shipped MAE(days), that ceiling, and a constant median.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from forecast import DATASETS
from laoke.core.forecast.model import LaokeForecaster
from laoke.core.forecast.transactions import count_in_window, customer_days


def ceiling(name: str) -> None:
    """Print the shipped MAE(days), the cross-validated L1 trees and a constant median."""
    import lightgbm

    loader, cutoff, horizon = DATASETS[name]
    orders = loader()
    forecaster = LaokeForecaster(horizon_days=horizon).fit(orders, as_of=cutoff)
    window = count_in_window(customer_days(orders), start=cutoff, end=cutoff + dt.timedelta(days=horizon))
    first = (
        pl.DataFrame({"customer_id": forecaster.design_.customer_id})
        .join(window, on="customer_id", how="left")
        .select((pl.col("first_date") - pl.lit(cutoff)).dt.total_days())
        .to_series()
        .to_numpy()
        .astype(np.float64)
    )
    ordered = ~np.isnan(first)
    days, x = first[ordered], forecaster.snapshot_.matrix[ordered]
    shipped = np.minimum(np.asarray(forecaster.days_to_next_order(0.5))[ordered], horizon - 1)
    fold = np.random.default_rng(0).integers(0, 5, len(days))
    predicted = np.zeros(len(days))
    params = {
        "objective": "l1",
        "num_leaves": 7,
        "learning_rate": 0.03,
        "min_data_in_leaf": 50,
        "verbose": -1,
    }
    for k in range(5):
        train, test = fold != k, fold == k
        model = lightgbm.train(params, lightgbm.Dataset(x[train], days[train]), num_boost_round=400)
        predicted[test] = model.predict(x[test])
    print(
        f"{name:<14} {int(ordered.sum()):>7} {np.mean(np.abs(shipped - days)):>8.1f} "
        f"{np.mean(np.abs(predicted - days)):>12.1f} {np.mean(np.abs(np.median(days) - days)):>9.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the check on the chosen data sets."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("datasets", nargs="*", default=["oretail_ii", "oretail", "cdnow_master", "grocery"])
    print(f"{'data set':<14} {'ordered':>7} {'shipped':>8} {'CV ceiling':>12} {'constant':>9}   (MAE, days)")
    for name in parser.parse_args(argv).datasets:
        ceiling(name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
