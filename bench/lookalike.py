"""Evaluation: do look-alike scores rank the prospects that later became A-grade customers first?

Usage::

    .venv/bin/python bench/lookalike.py [--seed 2024] [--today 2026-11-25]

On the demo book (``laoke demo``'s generator, same seed and date → same book) every prospect is
scored **only with what was known at its inquiry date**: the reference customers are those who
had ordered by the end of the quarter before the inquiry, their portraits are derived from the
facts up to then and their grades come from the scorecard as of that day. The label is whether
the prospect became a customer graded A as of ``--today``. Prints the AUC (Mann–Whitney) of the
look-alike score, of the stated yearly volume alone, and of the fit to the target portrait.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from laoke.core.portrait.derive import derive_portraits, inquiry_portraits
from laoke.core.portrait.lookalike import score_inquiries
from laoke.core.portrait.pipeline import quarter_start
from laoke.core.scorecard.policy import Policy
from laoke.core.scorecard.scoring import score_customers
from laoke.demo.generator import generate_book


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Area under the ROC curve: P(score of a positive > score of a negative), ties counting half."""
    pos, neg = scores[labels], scores[~labels]
    if not pos.size or not neg.size:
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum()
    ties = (pos[:, None] == neg[None, :]).sum()
    return float((greater + 0.5 * ties) / (pos.size * neg.size))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 11, 25))
    args = parser.parse_args()
    started = time.perf_counter()
    book = generate_book(seed=args.seed, today=args.today)
    policy = Policy()
    best = (policy.grades.names[0],)
    lines, customers, payments = book.order_lines, book.customers, book.payments
    products = book.products.select(pl.col("sku").alias("product"), "launched_on")
    final = score_customers(lines, customers, payments, book.interactions, as_of=args.today, policy=policy)
    final_grade = dict(final.select("customer_id", "grade").iter_rows())
    prospects = book.prospects.with_row_index("row").with_columns(pl.col("row").cast(pl.String).alias("id"))
    prospects = prospects.with_columns(
        known=pl.col("created_on").map_elements(lambda d: quarter_start(d) - dt.timedelta(days=1), pl.Date)
    )
    results: list[dict[str, object]] = []
    for (known,), group in prospects.group_by(["known"], maintain_order=True):
        assert isinstance(known, dt.date)
        past = lines.filter(pl.col("order_date") <= known)
        buyers = past["customer_id"].unique()
        if buyers.len() < 20:
            continue
        scores = score_customers(
            past,
            customers.filter(pl.col("customer_id").is_in(buyers.implode())),
            payments.filter(pl.col("due_date") <= known),
            book.interactions.filter(pl.col("occurred_at").dt.date() <= known),
            as_of=known,
            policy=policy,
        ).select("customer_id", "grade", "loyalty_score")
        portraits = derive_portraits(
            customers.filter(pl.col("customer_id").is_in(buyers.implode())),
            past,
            as_of=known,
            payments=payments,
            products=products,
            scores=scores,
        )
        inquiries = inquiry_portraits(
            group.select(
                "id",
                "kind",
                pl.col("headcount").cast(pl.Float64),
                "turnover",
                pl.col("expected_value").alias("volume"),
                "payment_terms",
                pl.col("delivery_sensitivity").cast(pl.Float64),
                "product_line",
                "attributes",
            )
        )
        scored = score_inquiries(inquiries, portraits, best_grades=best)
        for row, result in zip(group.iter_rows(named=True), scored, strict=True):
            became = row["customer_id"]
            results.append(
                {
                    "id": row["id"],
                    "status": row["status"],
                    "label": row["status"] == "won" and final_grade.get(became) in best,
                    "score": result.score,
                    "confidence": result.confidence,
                    "fit": result.target_fit if result.target_fit is not None else 0.0,
                    "volume": float(row["expected_value"] or 0.0),
                    "warned": result.warning is not None,
                }
            )
    table = pl.DataFrame(results)
    labels = table["label"].to_numpy().astype(bool)
    print(
        f"demo book seed {args.seed} as of {args.today}: "
        f"{table.height} prospects scored at their inquiry date"
    )
    print(f"  became A-grade customers: {int(labels.sum())}; others: {int((~labels).sum())}")
    print(f"  (others: {table.filter(~pl.col('label'))['status'].value_counts().sort('status').rows()})")
    print(f"AUC look-alike score            {auc(table['score'].to_numpy(), labels):.3f}")
    print(f"AUC stated yearly volume alone  {auc(table['volume'].to_numpy(), labels):.3f}")
    print(f"AUC fit to the target portrait  {auc(table['fit'].to_numpy(), labels):.3f}")
    warned = table.filter(pl.col("warned"))
    print(
        f"off-portrait + large volume warnings: {warned.height}, "
        f"of which became A: {int(warned['label'].sum()) if warned.height else 0}"
    )
    print(f"mean confidence {table['confidence'].mean():.2f}; took {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
