"""Would richer inputs lift P(any order) on Online Retail? Country and products, probed.

Run ``python bench/forecast_richer.py [oretail_ii oretail]``. The Online Retail file has two
kinds of information Laoke's forecaster does not use: each customer's country, and what it buys
(stock codes). This probe turns them into inputs without looking past the cutoff:

- country: one-hot of the eight most common countries (the customer's most frequent one);
- products: each product's *return rate* — of the customers who bought it before
  ``cutoff - horizon``, the share who ordered again in ``[cutoff - horizon, cutoff)``, shrunk
  to the book's rate with 20 pseudo-buyers — summarised per customer over everything it bought
  before the cutoff (mean, max, 90th percentile) plus the number of distinct products.

Then it fits Laoke's own boosted trees (the product's learner, from BG/NBD's margin) with 5-fold
cross-validation *on the outcome window itself*, three seeds, with and without the new inputs.
Cross-validating on the outcome is a ceiling — the product has to learn from past cutoffs — so
if the new inputs do not lift it here, they cannot lift the product. Prints the AUC of each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from forecast import DATASETS, data_dir
from laoke.core.forecast.boost import GradientBoosting
from laoke.core.forecast.metrics import roc_auc
from laoke.core.forecast.model import LEARNING_RATE, LaokeForecaster, _outcome
from laoke.core.forecast.transactions import customer_days

PSEUDO_BUYERS = 20.0


def country_inputs(ids: np.ndarray, top_n: int = 8) -> np.ndarray:
    """One-hot of each customer's most frequent country among the ``top_n`` commonest."""
    raw = pl.read_csv(
        data_dir() / "online_retail_ii_2009_2011.csv.gz",
        columns=["CustomerID", "Country"],
        schema_overrides={"CustomerID": pl.String},
    )
    country = raw.drop_nulls("CustomerID").group_by("CustomerID").agg(pl.col("Country").mode().first())
    top = country["Country"].value_counts(sort=True)["Country"].head(top_n).to_list()
    of = dict(zip(country["CustomerID"], country["Country"], strict=True))
    return np.array([[float(of.get(c) == t) for t in top] for c in ids])


def product_inputs(orders: pl.DataFrame, ids: np.ndarray, cutoff: dt.date, horizon: int) -> np.ndarray:
    """Per customer: mean, max and 90th percentile of its products' return rates; product count."""
    before = orders.filter(pl.col("order_date") < cutoff)
    split = cutoff - dt.timedelta(days=horizon)
    came_back = (
        before.filter(pl.col("order_date") >= split)
        .select("customer_id")
        .unique()
        .with_columns(pl.lit(1.0).alias("back"))
    )
    buyers = (
        before.filter(pl.col("order_date") < split)
        .select("customer_id", "product")
        .unique()
        .join(came_back, on="customer_id", how="left")
        .fill_null(0.0)
    )
    prior = float(buyers["back"].mean() or 0.0)
    rates = buyers.group_by("product").agg(
        ((pl.col("back").sum() + prior * PSEUDO_BUYERS) / (pl.len() + PSEUDO_BUYERS)).alias("rate")
    )
    per_customer = (
        before.select("customer_id", "product")
        .unique()
        .join(rates, on="product", how="left")
        .fill_null(prior)
        .group_by("customer_id")
        .agg(
            pl.col("rate").mean().alias("mean"),
            pl.col("rate").max().alias("max"),
            pl.col("rate").quantile(0.9).alias("q90"),
            pl.len().cast(pl.Float64).alias("products"),
        )
    )
    row = {r[0]: r[1:] for r in per_customer.iter_rows()}
    return np.array([row.get(c, (prior, prior, prior, 0.0)) for c in ids], dtype=np.float64)


def cross_validated_auc(x: np.ndarray, ordered: np.ndarray, base: np.ndarray, seed: int) -> float:
    """AUC of out-of-fold margins of Laoke's trees, 5 folds."""
    fold = np.random.default_rng(seed).integers(0, 5, len(ordered))
    out = np.zeros(len(ordered))
    for k in range(5):
        train, test = fold != k, fold == k
        model = GradientBoosting(loss="logistic", n_trees=60, depth=3, learning_rate=LEARNING_RATE).fit(
            x[train], ordered[train].astype(float), base_margin=base[train]
        )
        out[test] = model.margin(x[test], base_margin=base[test])
    return roc_auc(ordered, out)


def probe(name: str) -> None:
    """Print the single-input and cross-validated AUCs of one split."""
    loader, cutoff, horizon = DATASETS[name]
    orders = loader()
    forecaster = LaokeForecaster(horizon_days=horizon).fit(orders, as_of=cutoff)
    snap = forecaster.snapshot_
    ids = snap.design.customer_id.to_numpy()
    ordered = _outcome(customer_days(orders), snap.design.customer_id, cutoff, horizon) > 0
    print(f"\n== {name}: cutoff {cutoff}, horizon {horizon} d, {len(ordered):,} customers")
    print(f"  {'BG/NBD':<48} AUC {roc_auc(ordered, snap.bg_logit):.4f}")
    print(f"  {'Laoke as shipped':<48} AUC {roc_auc(ordered, forecaster.p_main_):.4f}")
    countries = country_inputs(ids)
    products = product_inputs(orders, ids, cutoff, horizon)
    for j, label in enumerate(("mean", "max", "q90", "products")):
        auc = roc_auc(ordered, products[:, j])
        print(f"  {'product input alone: ' + label:<48} AUC {max(auc, 1 - auc):.4f}")
    variants = {
        "Laoke's inputs": snap.matrix,
        "+ country": np.hstack([snap.matrix, countries]),
        "+ products": np.hstack([snap.matrix, products]),
        "+ country + products": np.hstack([snap.matrix, countries, products]),
    }
    for label, x in variants.items():
        aucs = [cross_validated_auc(x, ordered, snap.bg_logit, seed) for seed in range(3)]
        print(f"  {'5-fold CV on the outcome, ' + label:<48} AUC {np.mean(aucs):.4f}")


def main(argv: list[str] | None = None) -> int:
    """Run the probe on the chosen Online Retail splits."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("datasets", nargs="*", default=["oretail_ii", "oretail"])
    for name in parser.parse_args(argv).datasets:
        probe(name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
