"""The NumPy gradient-boosting machine."""

from __future__ import annotations

import numpy as np
import pytest

from laoke.core.forecast.boost import GradientBoosting, quantile_bins
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


def _expected(
    tree: object, bins_row: np.ndarray, known: set[int], level: int, node: int, depth: int
) -> float:
    """E[tree | features in ``known`` as in the row], by recursion over the nodes (cover-weighted)."""
    if level == depth:
        return float(tree.leaves[node])  # type: ignore[attr-defined]
    index = (1 << level) - 1 + node
    feature = int(tree.features[index])  # type: ignore[attr-defined]
    left, right = 2 * node, 2 * node + 1
    if feature < 0:
        return _expected(tree, bins_row, known, level + 1, left, depth)
    if feature in known:
        goes = right if bins_row[feature] > tree.thresholds[index] else left  # type: ignore[attr-defined]
        return _expected(tree, bins_row, known, level + 1, goes, depth)
    span = 1 << (depth - level - 1)
    cover = tree.cover  # type: ignore[attr-defined]
    c_left, c_right = (
        cover[left * span : (left + 1) * span].sum(),
        cover[right * span : (right + 1) * span].sum(),
    )
    if c_left + c_right == 0:
        return _expected(tree, bins_row, known, level + 1, left, depth)
    return (
        c_left * _expected(tree, bins_row, known, level + 1, left, depth)
        + c_right * _expected(tree, bins_row, known, level + 1, right, depth)
    ) / (c_left + c_right)


def test_contributions_are_exact_shapley_values() -> None:
    """Each feature's contribution equals its Shapley value averaged over every order of the features."""
    import itertools

    x, eta = _data(600, seed=4)
    y = (np.random.default_rng(5).random(len(eta)) < 1 / (1 + np.exp(-eta))).astype(float)
    model = GradientBoosting(n_trees=4, depth=3, min_hessian=5.0).fit(x, y, base_margin=np.zeros(len(y)))
    rows = x[:25]
    bins = model._bin(rows)
    expected = np.zeros((len(rows), x.shape[1]))
    orders = list(itertools.permutations(range(x.shape[1])))
    for r, bins_row in enumerate(bins):
        for tree in model.trees_:
            for order in orders:
                known: set[int] = set()
                before = _expected(tree, bins_row, known, 0, 0, model.depth)
                for feature in order:
                    known.add(feature)
                    after = _expected(tree, bins_row, known, 0, 0, model.depth)
                    expected[r, feature] += (after - before) / len(orders)
                    before = after
    assert np.allclose(model.contributions(rows), expected, atol=1e-12)
    # Local accuracy: the contributions add up to the boost minus its expected value.
    total = model.margin(rows, base_margin=np.zeros(len(rows)))
    base = sum(_expected(t, bins[0], set(), 0, 0, model.depth) for t in model.trees_)
    assert np.allclose(model.contributions(rows).sum(axis=1), total - base)


class _PlainHistograms(GradientBoosting):
    """The reference: every node's histogram counted over all its rows (no subtraction)."""

    def _histograms(self, bins_by_feature, node, g, h, n_nodes, *_unused):  # type: ignore[no-untyped-def]
        size = n_nodes * self.max_bins
        offset = node * self.max_bins
        return (
            np.array([np.bincount(offset + bins, g, size) for bins in bins_by_feature]),
            np.array([np.bincount(offset + bins, h, size) for bins in bins_by_feature]),
        )


def test_histogram_subtraction_grows_the_same_trees() -> None:
    """The fast histograms grow the trees of plain counting: same splits, predictions and reasons."""
    rng = np.random.default_rng(11)
    x = rng.normal(size=(6000, 8))
    x[:, 3] = np.round(x[:, 3])  # few distinct values: ties inside bins
    x[:, 5] = x[:, 4]  # a duplicate feature: equal gains
    eta = 0.8 * (x[:, 0] > 0.3) - 0.5 * x[:, 1] * (x[:, 2] > 0) + 0.3 * x[:, 3]
    base = np.linspace(-0.5, 0.5, len(eta))
    targets = {
        "logistic": (rng.random(len(eta)) < 1 / (1 + np.exp(-eta))).astype(float),
        "poisson": rng.poisson(np.exp(0.4 * eta)).astype(float),
    }
    for loss, y in targets.items():
        fast = GradientBoosting(loss=loss, n_trees=40, depth=3).fit(x, y, base_margin=base)  # type: ignore[arg-type]
        plain = _PlainHistograms(loss=loss, n_trees=40, depth=3).fit(x, y, base_margin=base)  # type: ignore[arg-type]
        for a, b in zip(fast.trees_, plain.trees_, strict=True):
            assert (a.features == b.features).all() and (a.thresholds == b.thresholds).all()
        assert np.abs(fast.margin(x, base_margin=base) - plain.margin(x, base_margin=base)).max() < 1e-9
        assert np.abs(fast.contributions(x[:500]) - plain.contributions(x[:500])).max() < 1e-9


def test_features_binned_once_grow_the_same_trees_for_both_models() -> None:
    """The classifier and the regressor of a forecast share one cut of their rows
    (``quantile_bins``): each grows the trees, to the bit, that cutting the rows itself grows."""
    rng = np.random.default_rng(12)
    x = rng.normal(size=(3000, 5))
    x[:, 2] = np.round(x[:, 2])  # ties: fewer edges than bins
    y = rng.poisson(np.exp(0.5 * (x[:, 0] > 0))).astype(float)
    base = np.zeros(len(y))
    binned = quantile_bins(x)
    for loss, target in (("logistic", (y > 0).astype(float)), ("poisson", y)):
        shared = GradientBoosting(loss=loss, n_trees=20).fit(x, target, base_margin=base, binned=binned)  # type: ignore[arg-type]
        own = GradientBoosting(loss=loss, n_trees=20).fit(x, target, base_margin=base)  # type: ignore[arg-type]
        assert all((a == b).all() for a, b in zip(shared.edges_, own.edges_, strict=True))
        for a, b in zip(shared.trees_, own.trees_, strict=True):
            assert (a.features == b.features).all() and (a.thresholds == b.thresholds).all()
            assert (a.leaves == b.leaves).all() and (a.cover == b.cover).all()
    with pytest.raises(ValueError):
        GradientBoosting(max_bins=16).fit(x, y, base_margin=base, binned=binned)
    with pytest.raises(ValueError):
        GradientBoosting().fit(x[:100], y[:100], base_margin=base[:100], binned=binned)


class _BincountHistograms(GradientBoosting):
    """The counting before: two ``bincount`` calls (gradients, Hessians) per feature and level."""

    def _histograms(self, bins_by_feature, node, g, h, n_nodes, parent_g, parent_h, keys):  # type: ignore[no-untyped-def]
        n_features, n_bins = bins_by_feature.shape[0], self.max_bins
        size = n_nodes * n_bins
        out_g, out_h = np.empty((n_features, size)), np.empty((n_features, size))
        if n_nodes == 1:
            for j in range(n_features):
                out_g[j] = np.bincount(bins_by_feature[j], g, size)
                out_h[j] = np.bincount(bins_by_feature[j], h, size)
            return out_g, out_h
        rows_in = np.bincount(node, minlength=n_nodes)
        right_counted = rows_in[1::2] < rows_in[0::2]
        counted = np.zeros(n_nodes, dtype=bool)
        counted[1::2], counted[0::2] = right_counted, ~right_counted
        rows = np.flatnonzero(counted[node])
        offset = node[rows] * n_bins
        small_g, small_h = np.empty((n_features, size)), np.empty((n_features, size))
        for j in range(n_features):
            feature_keys = offset + bins_by_feature[j].take(rows)
            small_g[j] = np.bincount(feature_keys, g.take(rows), size)
            small_h[j] = np.bincount(feature_keys, h.take(rows), size)
        shape = (n_features, n_nodes // 2, 2, n_bins)
        small_g4, small_h4 = small_g.reshape(shape), small_h.reshape(shape)
        out_g4, out_h4 = out_g.reshape(shape), out_h.reshape(shape)
        parent_g3 = parent_g.reshape(n_features, n_nodes // 2, n_bins)
        parent_h3 = parent_h.reshape(n_features, n_nodes // 2, n_bins)
        side, parents = right_counted.astype(np.intp), np.arange(n_nodes // 2)
        out_g4[:, parents, side] = small_g4[:, parents, side]
        out_h4[:, parents, side] = small_h4[:, parents, side]
        out_g4[:, parents, 1 - side] = parent_g3 - small_g4[:, parents, side]
        out_h4[:, parents, 1 - side] = parent_h3 - small_h4[:, parents, side]
        return out_g, out_h


def test_gradients_and_hessians_summed_in_one_pass_grow_the_same_trees_to_the_bit() -> None:
    """Summing the gradient and the Hessian as one complex weight gives the trees, leaves and
    predictions of two ``bincount`` calls exactly (not merely within rounding)."""
    rng = np.random.default_rng(13)
    x = rng.normal(size=(5000, 6))
    x[:, 1] = np.round(x[:, 1])
    eta = 0.9 * (x[:, 0] > 0.2) - 0.4 * x[:, 2] * (x[:, 3] > 0) + 0.2 * x[:, 1]
    base = rng.normal(scale=0.3, size=len(eta))
    targets = {
        "logistic": (rng.random(len(eta)) < 1 / (1 + np.exp(-eta))).astype(float),
        "poisson": rng.poisson(np.exp(0.5 * eta)).astype(float),
    }
    for loss, y in targets.items():
        one = GradientBoosting(loss=loss, n_trees=30).fit(x, y, base_margin=base)  # type: ignore[arg-type]
        two = _BincountHistograms(loss=loss, n_trees=30).fit(x, y, base_margin=base)  # type: ignore[arg-type]
        for a, b in zip(one.trees_, two.trees_, strict=True):
            assert (a.features == b.features).all() and (a.thresholds == b.thresholds).all()
            assert (a.leaves == b.leaves).all() and (a.cover == b.cover).all()
        assert (one.gain_ == two.gain_).all()
        assert (one.margin(x, base_margin=base) == two.margin(x, base_margin=base)).all()


def _descend_per_row(node, features, thresholds, flat_bins, row_start, n_bins):  # type: ignore[no-untyped-def]
    """The rows' next level as the trees computed it before the (node, bin) table: per row."""
    f = features[node]
    value = flat_bins[row_start + np.maximum(f, 0)]
    return 2 * node + ((f >= 0) & (value > thresholds[node]))


def test_a_level_descended_by_table_sends_every_row_the_same_way() -> None:
    """Nodes without a split (feature -1) send every row left, thresholds at either end of the
    bins send all or none right, and every other row goes right exactly when its bin is above."""
    from laoke.core.forecast import boost

    rng = np.random.default_rng(21)
    n, n_features, n_bins = 3000, 5, 32
    bins = rng.integers(0, n_bins, size=(n, n_features)).astype(np.uint8)
    row_start = np.arange(n, dtype=np.intp) * n_features
    for level in range(4):
        n_nodes = 1 << level
        node = rng.integers(0, n_nodes, size=n).astype(np.intp)
        features = rng.integers(-1, n_features, size=n_nodes).astype(np.int64)
        features[0] = -1
        thresholds = rng.choice([0, 5, 30, 31], size=n_nodes).astype(np.int64)
        expected = _descend_per_row(node, features, thresholds, bins.ravel(), row_start, n_bins)
        got = boost._descend(node.copy(), features, thresholds, bins.ravel(), row_start, n_bins)
        assert got.dtype == np.intp
        assert (got == expected).all()


def test_trees_grown_with_the_level_table_are_those_of_the_per_row_descent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The whole boost (both losses, tied and missing-like repeated values, a constant feature)
    grows the same trees to the bit with the table as with the per-row comparison."""
    from laoke.core.forecast import boost

    rng = np.random.default_rng(5)
    x = rng.normal(size=(4000, 6))
    x[:, 1] = np.round(x[:, 1])  # ties
    x[:, 4] = 0.0  # one bin only: never split on
    x[rng.random(4000) < 0.3, 5] = -1.0  # a third at one value, as a "missing" code is
    eta = 0.9 * (x[:, 0] > 0.2) - 0.4 * x[:, 2] * (x[:, 3] > 0) + 0.2 * x[:, 1]
    base = rng.normal(scale=0.3, size=len(eta))
    targets = {
        "logistic": (rng.random(len(eta)) < 1 / (1 + np.exp(-eta))).astype(float),
        "poisson": rng.poisson(np.exp(0.5 * eta)).astype(float),
    }
    for loss, y in targets.items():
        table = GradientBoosting(loss=loss, n_trees=30, depth=4).fit(x, y, base_margin=base)  # type: ignore[arg-type]
        with monkeypatch.context() as patched:
            patched.setattr(boost, "_descend", _descend_per_row)
            per_row = GradientBoosting(loss=loss, n_trees=30, depth=4).fit(x, y, base_margin=base)  # type: ignore[arg-type]
        for a, b in zip(table.trees_, per_row.trees_, strict=True):
            assert (a.features == b.features).all() and (a.thresholds == b.thresholds).all()
            assert (a.leaves == b.leaves).all() and (a.cover == b.cover).all()
        assert (table.gain_ == per_row.gain_).all()
        assert (table.margin(x, base_margin=base) == per_row.margin(x, base_margin=base)).all()
