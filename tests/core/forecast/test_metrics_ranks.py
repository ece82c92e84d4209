"""The ROC AUC's ranks are scipy.stats.rankdata's, without importing scipy.stats when scoring."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from scipy import stats

from laoke.core.forecast.metrics import average_ranks, roc_auc


@pytest.mark.parametrize("seed", range(6))
def test_average_ranks_are_rankdata(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 3000))
    values = np.round(rng.normal(size=n), int(rng.integers(0, 3)))  # many ties at few decimals
    assert np.array_equal(average_ranks(values), stats.rankdata(values))
    labels = rng.random(n) < 0.3
    if 0 < labels.sum() < n:
        expected = (stats.rankdata(values)[labels].sum() - labels.sum() * (labels.sum() + 1) / 2) / (
            labels.sum() * (n - labels.sum())
        )
        assert roc_auc(labels, values) == expected


def test_nan_scores_give_nan_like_rankdata() -> None:
    values = np.array([0.3, np.nan, 0.1, 0.3])
    assert np.isnan(average_ranks(values)).all() and np.isnan(stats.rankdata(values)).all()
    assert np.isnan(roc_auc([True, False, True, False], values))


def test_scoring_does_not_import_scipy_stats() -> None:
    code = (
        "import sys, laoke.core.forecast.backtest, laoke.core.forecast.model;"
        " print('scipy.stats' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
