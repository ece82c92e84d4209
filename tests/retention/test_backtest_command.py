"""``laoke backtest``: scores Laoke, BG/NBD and RFM on an order file (no database)."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

CUTOFF = dt.date(2021, 1, 1)


def _rows(n_customers: int = 60, seed: int = 3) -> list[tuple[str, str, float]]:
    """Customers with their own rhythm over three years; some stop ordering."""
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(n_customers):
        day = float(rng.integers(0, 400))
        gap = float(rng.gamma(2.0, 30.0) + 10.0)
        stop = float(rng.uniform(300, 1400))
        while day < min(stop, 1095):
            date = dt.date(2019, 1, 1) + dt.timedelta(days=int(day))
            rows.append((f"C{c:03d}", date.isoformat(), round(float(rng.gamma(2.0, 500.0)), 2)))
            day += float(rng.gamma(4.0, gap / 4.0)) + 1.0
    return rows


def _write(path: Path, header: str, rows: list[tuple[str, str, float]]) -> Path:
    lines = [header] + [f"{c},{d},{a}" for c, d, a in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(path: Path, out_json: Path) -> tuple[str, dict[str, object]]:
    out = StringIO()
    call_command(
        "backtest",
        "--orders",
        str(path),
        "--cutoff",
        CUTOFF.isoformat(),
        "--horizon-days",
        "180",
        "--json",
        str(out_json),
        stdout=out,
    )
    return out.getvalue(), json.loads(out_json.read_text(encoding="utf-8"))


def test_backtest_writes_json_with_three_models(tmp_path: Path) -> None:
    """The JSON has the documented keys, the scored customers and each model's four scores."""
    rows = _rows()
    text, result = _run(
        _write(tmp_path / "orders.csv", "customer_id,order_date,amount", rows), tmp_path / "r.json"
    )
    assert result["cutoff"] == CUTOFF.isoformat() and result["horizon_days"] == 180
    before = {c for c, d, _ in rows if dt.date.fromisoformat(d) < CUTOFF}
    assert result["customers"] == len(before)
    models = result["models"]
    assert isinstance(models, dict) and {"laoke", "bgnbd", "rfm"} <= set(models)
    for scores in models.values():
        assert {"auc", "brier", "mae_count", "mae_days"} <= set(scores)
        assert 0.0 <= scores["auc"] <= 1.0 and 0.0 <= scores["brier"] <= 1.0
        assert scores["mae_count"] >= 0.0
    for name in ("laoke", "bgnbd", "pareto_nbd", "rfm", "recency"):
        assert name in text
    assert {"laoke", "bgnbd", "pareto_nbd", "rfm"} <= set(models)
    actual = result["actual_orders"]
    assert isinstance(actual, float) and actual > 0
    for name in ("laoke", "bgnbd", "pareto_nbd"):
        assert models[name]["predicted_orders"] > 0
        assert 0.0 <= models[name]["window_coverage"] <= 1.0
    assert 0.0 <= result["recency_auc"] <= 1.0  # type: ignore[operator]
    # The 90-day chance the app states beside the forecast, scored on those 90 days.
    stated = result["stated_chance"]
    assert isinstance(stated, dict) and stated["days"] == 90
    assert sum(size for _, _, size in stated["reliability"]) == result["customers"]
    first = stated["reliability"][0]
    assert f"Brier {stated['brier']:.3f}" in text and f"{first[0]:.2f}/{first[1]:.2f}" in text


def test_backtest_reads_chinese_headers(tmp_path: Path) -> None:
    """A file with Chinese headers gives the same backtest as the English one."""
    rows = _rows(seed=5)
    _, english = _run(
        _write(tmp_path / "en.csv", "customer_id,order_date,amount", rows), tmp_path / "en.json"
    )
    _, chinese = _run(_write(tmp_path / "zh.csv", "客户编号,订单日期,金额", rows), tmp_path / "zh.json")
    assert chinese == english


def test_backtest_needs_no_amounts_even_when_the_column_is_there(tmp_path: Path) -> None:
    """An amount column left empty (a timing-only export) is read; the same customers are scored."""
    rows = _rows(seed=7)
    _, with_amounts = _run(
        _write(tmp_path / "a.csv", "customer_id,order_date,amount", rows), tmp_path / "a.json"
    )
    path = tmp_path / "empty.csv"
    path.write_text(
        "customer_id,order_date,amount\n" + "".join(f"{c},{d},\n" for c, d, _ in rows), encoding="utf-8"
    )
    _, without = _run(path, tmp_path / "e.json")
    assert without["customers"] == with_amounts["customers"]
    models = without["models"]
    assert isinstance(models, dict) and models["bgnbd"] == with_amounts["models"]["bgnbd"]  # type: ignore[index]


def test_backtest_refuses_a_book_without_history(tmp_path: Path) -> None:
    """No orders before the cutoff is an error, not an empty report."""
    path = _write(tmp_path / "late.csv", "customer_id,order_date,amount", [("A", "2022-01-01", 1.0)])
    with pytest.raises(CommandError):
        _run(path, tmp_path / "x.json")


def test_backtest_stops_on_bad_rows_and_names_them(tmp_path: Path) -> None:
    """Rows with errors stop the backtest (row and column named); --skip-bad-rows leaves them out."""
    rows = _rows()
    path = _write(tmp_path / "orders.csv", "customer_id,order_date,amount", rows)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("BAD1,2020-13-01,100\nBAD2,2020-05-01,abc\n")
    bad_date_row, bad_amount_row = len(rows) + 2, len(rows) + 3  # the header is row 1
    args = ["backtest", "--orders", str(path), "--cutoff", CUTOFF.isoformat(), "--horizon-days", "180"]
    err = StringIO()
    with translation.override("en"), pytest.raises(CommandError, match="2 rows have errors"):
        call_command(*args, stdout=StringIO(), stderr=err)
    assert f"row {bad_date_row}, column order_date" in err.getvalue()
    assert f"row {bad_amount_row}, column amount" in err.getvalue()
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command(*args, "--skip-bad-rows", "--json", str(tmp_path / "r.json"), stdout=out, stderr=err)
    assert "2 rows with errors were left out" in err.getvalue()
    result = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert result["customers"] == len({c for c, d, _ in rows if dt.date.fromisoformat(d) < CUTOFF})


def test_backtest_says_when_the_file_is_missing(tmp_path: Path) -> None:
    """A missing file is a one-line error in the user's language, not a traceback."""
    args = ["--orders", str(tmp_path / "nope.csv"), "--cutoff", "2021-01-01", "--horizon-days", "30"]
    with translation.override("zh-hans"), pytest.raises(CommandError, match="找不到文件"):
        call_command("backtest", *args, stdout=StringIO())
