"""The NumPy gradient-boosting machine."""

from __future__ import annotations

import numpy as np

from laoke.core.forecast.boost import GradientBoosting
from laoke.core.forecast.metrics import roc_auc


def _data(n: int = 4000, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3))
    return x, 1.5 * (x[:, 0] > 0.3) - x[:, 1] * (x[:, 2] > 0)  # a step and an interaction


def test_logistic_learns_steps_and_interactions() -> None:
    """On held-out rows, boosting ranks far better than the constant base margin."""
    x, eta = _data()
    y = (np.random.default_rng(2).random(len(eta)) < 1 / (1 + np.exp(-eta))).astype(float)
    model = GradientBoosting(loss="logistic", n_trees=60).fit(x[:3000], y[:3000], base_margin=np.zeros(3000))
    auc = roc_auc(y[3000:], model.margin(x[3000:], base_margin=np.zeros(1000)))
    oracle = roc_auc(y[3000:], eta[3000:])
    assert auc > oracle - 0.03


def test_poisson_mean_matches_the_counts() -> None:
    """The fitted Poisson means sum close to the observed counts and follow the signal."""
    x, eta = _data()
    y = np.random.default_rng(3).poisson(np.exp(0.5 * eta)).astype(float)
    model = GradientBoosting(loss="poisson", n_trees=80).fit(x, y, base_margin=np.zeros(len(y)))
    mu = np.exp(model.margin(x, base_margin=np.zeros(len(y))))
    assert abs(mu.sum() / y.sum() - 1) < 0.05
    assert np.corrcoef(mu, np.exp(0.5 * eta))[0, 1] > 0.8


def test_no_trees_return_the_base_margin_and_contributions_add_up() -> None:
    """Zero rounds leave the baseline; per-feature contributions sum to each row's boost."""
    x, eta = _data(500)
    y = (eta > 0).astype(float)
    base = np.linspace(-1, 1, len(y))
    empty = GradientBoosting(n_trees=0).fit(x, y, base_margin=base)
    assert np.allclose(empty.margin(x, base_margin=base), base)
    model = GradientBoosting(n_trees=10).fit(x, y, base_margin=base)
    boost = model.margin(x, base_margin=base) - base
    contributions = model.contributions(x)
    root = boost - contributions.sum(axis=1)
    assert np.allclose(root, root[0])  # what is not attributed is the same for every row
    assert np.abs(contributions).sum() > 0
