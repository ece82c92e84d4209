"""Benchmark: a full rescoring of 10 M order lines / 100 k customers against a plain group-by.

Usage::

    .venv/bin/python bench/score.py [--lines 10000000] [--customers 100000] [--seed 7]

The order book is generated once (seeded) into a temporary Parquet file. Each measured job
then runs in its own subprocess that loads the file, runs the job, and reports the wall time
of the job and the process's peak resident memory (``resource.getrusage().ru_maxrss``, which
sees Polars' Rust allocations, unlike ``tracemalloc``). The floor is a plain Polars group-by
per customer over the same frame; the target is a rescoring within 10x the floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

AS_OF = dt.date(2025, 12, 31)
START = dt.date(2016, 1, 1)
CURRENCIES = np.array(["USD", "EUR", "GBP", "JPY", "AUD", "BRL", "CNY", "TRY"])
COUNTRIES = np.array(["US", "DE", "GB", "JP", "AU", "BR", "FR", "TR", "AE", "IN"])


def generate(lines: int, customers: int, seed: int) -> pl.DataFrame:
    """A seeded order book: skewed customer sizes, own start dates, ~5 % of lines without cost."""
    rng = np.random.default_rng(seed)
    span = (AS_OF - START).days
    weight = rng.lognormal(0.0, 1.2, customers)
    weight /= weight.sum()
    customer = rng.choice(customers, size=lines, p=weight)
    start = rng.integers(0, span - 30, customers)
    life = rng.integers(30, span, customers)
    end = np.minimum(start + life, span)
    offset = start[customer] + (rng.random(lines) * (end - start)[customer]).astype(np.int64)
    amount = np.round(rng.lognormal(5.0, 1.0, lines), 2)
    amount[rng.random(lines) < 0.01] *= -1.0  # returns and credit notes
    cost = amount * rng.uniform(0.55, 0.95, lines)
    cost[rng.random(lines) < 0.05] = np.nan
    ids = np.char.add("C", np.char.zfill(np.arange(customers).astype(str), 6))
    frame = pl.DataFrame(
        {
            "customer_id": ids[customer],
            "order_date": pl.Series(offset + (START - dt.date(1970, 1, 1)).days, dtype=pl.Int32).cast(
                pl.Date
            ),
            "product": np.char.add("P", rng.integers(0, 5000, lines).astype(str)),
            "amount": amount,
            "cost": cost,
            "currency": CURRENCIES[customer % len(CURRENCIES)],
            "country": COUNTRIES[customer % len(COUNTRIES)],
        }
    )
    return frame.with_columns(pl.col("cost").fill_nan(None))


def _status_kib(field: str) -> float:
    """A memory figure (KiB) from /proc/self/status; the lifetime peak where /proc is missing."""
    try:
        for text in Path("/proc/self/status").read_text().splitlines():
            if text.startswith(field + ":"):
                return float(text.split()[1])
    except OSError:
        pass
    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark (Linux ``clear_refs`` 5) so the job's own peak shows."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def run_job(job: str, path: str) -> None:
    """Child process: load the book, run one job, print its timing as JSON."""
    frame = pl.read_parquet(path)
    loaded_kib = _status_kib("VmRSS")
    reset = _reset_peak()
    started = time.perf_counter()
    if job == "floor":
        out = frame.group_by("customer_id").agg(
            pl.col("amount").sum(),
            pl.col("cost").sum(),
            pl.len(),
            pl.col("order_date").min().alias("first"),
            pl.col("order_date").max().alias("last"),
        )
    else:
        from laoke.core.scorecard import Policy, lifecycle_states, score_customers

        if job == "score":
            out = score_customers(frame, as_of=AS_OF, policy=Policy())
        else:
            out = lifecycle_states(frame, as_of=AS_OF, policy=Policy())
    seconds = time.perf_counter() - started
    # After a reset VmHWM is the peak since the frame was loaded; otherwise the lifetime peak.
    peak_kib = _status_kib("VmHWM") if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mib": peak_kib / 1024,
                "loaded_mib": loaded_kib / 1024,
                "rows": out.height,
            }
        )
    )


def measure(job: str, path: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--job", job, "--path", path], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--job", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.job:
        run_job(args.job, args.path)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "orders.parquet")
        started = time.perf_counter()
        generate(args.lines, args.customers, args.seed).write_parquet(path)
        print(
            f"generated {args.lines:,} lines / {args.customers:,} customers"
            f" in {time.perf_counter() - started:.1f} s"
        )
        results = {job: measure(job, path) for job in ("floor", "score", "lifecycle")}
    floor = results["floor"]
    print(f"{'job':<28}{'wall s':>9}{'peak MiB':>11}{'loaded MiB':>12}{'rows':>10}{'x floor':>9}")
    labels = {"floor": "plain group-by (floor)", "score": "score_customers", "lifecycle": "lifecycle_states"}
    for job, r in results.items():
        print(
            f"{labels[job]:<28}{r['seconds']:>9.2f}{r['peak_mib']:>11.0f}{r['loaded_mib']:>12.0f}"
            f"{r['rows']:>10,.0f}{r['seconds'] / floor['seconds']:>9.1f}"
        )
    ratio = results["score"]["seconds"] / floor["seconds"]
    memory = results["score"]["peak_mib"] / floor["peak_mib"]
    verdict = "within" if ratio <= 10 else "OVER"
    print(f"rescoring / floor: time {ratio:.1f}x ({verdict} the 10x target), peak memory {memory:.1f}x")
    print("peak MiB = highest resident memory while the job ran (frame included); loaded MiB = after loading")


if __name__ == "__main__":
    main()
