"""A small histogram gradient-boosting machine in NumPy (depth-limited trees, Newton leaves).

Features are cut into at most ``max_bins`` quantile bins once; every tree level then needs one
weighted ``bincount`` per feature for the gradients and one for the Hessians, over all rows at
the root and over the smaller child's rows below it (its sibling is the parent minus it). Two losses:
logistic (P(any order)) and Poisson (number of orders), both on a base margin, so a tree
ensemble of zero trees returns the baseline (e.g. BG/NBD's forecast) unchanged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, Self

import numpy as np
import numpy.typing as npt
from scipy import special

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class _Tree:
    """Complete binary tree stored level by level: split feature/bin per node, leaf values."""

    features: IntArray  # (2**depth - 1,) feature index per internal node, -1 = no split
    thresholds: IntArray  # (2**depth - 1,) rows with bin <= threshold go left
    leaves: FloatArray  # (2**depth,)
    cover: FloatArray  # (2**depth,) training rows that reached each leaf


@dataclass(frozen=True)
class Binned:
    """Features cut into quantile bins once (:func:`quantile_bins`), for every model fitted on them.

    A forecaster fits its classifier and its regressor on the same rows: cutting the features
    once instead of twice saves a quarter of a second on Online Retail II's 88 k stacked rows.
    """

    max_bins: int
    edges: list[FloatArray]  # per feature, the bin edges (rows above edge k fall in bin k + 1)
    bins: npt.NDArray[np.uint8]  # (rows, features) bin index of every value
    #: (features, rows): one contiguous row of bin indices per feature, as the histograms read them.
    by_feature: npt.NDArray[np.intp]


def quantile_bins(features: npt.ArrayLike, max_bins: int = 32) -> Binned:
    """Each feature cut into at most ``max_bins`` bins at its quantiles (ties share an edge)."""
    x = np.asarray(features, dtype=np.float64)
    quantiles = np.linspace(0, 1, max_bins + 1)[1:-1]
    edges = [np.unique(np.quantile(x[:, j], quantiles)) for j in range(x.shape[1])]
    bins = _cut(x, edges)
    return Binned(max_bins, edges, bins, np.ascontiguousarray(bins.T).astype(np.intp))


def _cut(x: FloatArray, edges: list[FloatArray]) -> npt.NDArray[np.uint8]:
    out = np.empty(x.shape, dtype=np.uint8)
    for j, feature_edges in enumerate(edges):
        out[:, j] = np.searchsorted(feature_edges, x[:, j], side="right")
    return out


def _complex(real: FloatArray, imag: FloatArray) -> npt.NDArray[np.complex128]:
    """``real + i·imag`` with both parts exactly as given (no arithmetic on them)."""
    out = np.empty(real.shape, dtype=np.complex128)
    out.real = real
    out.imag = imag
    return out


def _apply(tree: _Tree, bins: npt.NDArray[np.uint8], depth: int) -> FloatArray:
    node = np.zeros(bins.shape[0], dtype=np.int64)
    rows = np.arange(bins.shape[0])
    for level in range(depth):
        index = (1 << level) - 1 + node
        feature = tree.features[index]
        split = feature >= 0
        value = bins[rows, np.maximum(feature, 0)]
        right = split & (value > tree.thresholds[index])
        node = 2 * node + right
    return tree.leaves[node]


def _descend(
    node: npt.NDArray[np.intp],
    features: IntArray,
    thresholds: IntArray,
    flat_bins: npt.NDArray[np.uint8],
    row_start: npt.NDArray[np.intp],
    n_bins: int,
) -> npt.NDArray[np.intp]:
    """Each row's node one level down: ``2 * node + (split and bin > threshold)``.

    ``features`` and ``thresholds`` are the level's splits (feature -1: no split, every row goes
    left), ``flat_bins[row_start[row] + f]`` a row's bin of feature ``f``. The side is read from a
    (node, bin) table of this level's few nodes instead of comparing per row: the same sides
    in about two thirds of the time. ``node`` is updated in place and returned.
    """
    right = (np.arange(n_bins) > thresholds[:, None]) & (features >= 0)[:, None]
    column = np.maximum(features, 0).take(node)
    column += row_start
    key = node * n_bins
    key += flat_bins.take(column)
    node *= 2
    node += right.ravel().take(key)
    return node


class GradientBoosting:
    """Gradient-boosted trees for a logistic or Poisson outcome.

    Parameters
    ----------
    loss : {"logistic", "poisson"}
        Outcome type.
    n_trees : int
        Boosting rounds.
    depth : int
        Depth of every tree (``2**depth`` leaves).
    learning_rate : float
        Shrinkage of each tree's leaves.
    l2 : float
        Ridge penalty on leaf values (in Hessian units).
    min_hessian : float
        Least Hessian mass in a child for a split to be considered.
    max_bins : int
        Quantile bins per feature (at most 255).
    """

    def __init__(
        self,
        *,
        loss: Literal["logistic", "poisson"] = "logistic",
        n_trees: int = 80,
        depth: int = 3,
        learning_rate: float = 0.1,
        l2: float = 10.0,
        min_hessian: float = 20.0,
        max_bins: int = 32,
    ) -> None:
        self.loss = loss
        self.n_trees = n_trees
        self.depth = depth
        self.learning_rate = learning_rate
        self.l2 = l2
        self.min_hessian = min_hessian
        self.max_bins = max_bins

    def _bin(self, x: FloatArray) -> npt.NDArray[np.uint8]:
        return _cut(x, self.edges_)

    def _gradients(self, margin: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
        if self.loss == "logistic":
            p = special.expit(margin)
            return p - y, np.maximum(p * (1.0 - p), 1e-6)
        mu = np.exp(np.minimum(margin, 30.0))
        return mu - y, np.maximum(mu, 1e-6)

    def fit(
        self,
        features: npt.ArrayLike,
        target: npt.ArrayLike,
        *,
        base_margin: npt.ArrayLike,
        binned: Binned | None = None,
    ) -> Self:
        """Grow the trees on ``features`` for ``target`` starting from ``base_margin``.

        ``binned`` is ``quantile_bins(features, max_bins)`` made beforehand (shared by the models
        fitted on the same rows); without it the features are cut here, the same way.

        Returns
        -------
        self
            With ``edges_`` (bin edges per feature), ``trees_`` and ``gain_`` (split gain per feature).
        """
        y = np.asarray(target, dtype=np.float64)
        margin = np.asarray(base_margin, dtype=np.float64).copy()
        if binned is None:
            binned = quantile_bins(features, self.max_bins)
        elif binned.max_bins != self.max_bins or binned.bins.shape[0] != y.shape[0]:
            raise ValueError("binned features of other rows or another number of bins")
        self.edges_ = binned.edges
        bins = binned.bins
        n, n_features = bins.shape
        n_bins = self.max_bins
        # One contiguous row of bin indices per feature: a histogram per feature is one
        # bincount over the rows, without repeating the gradients once per feature.
        bins_by_feature = binned.by_feature
        # A row's bin of feature f is flat[row_start + f]: a 1-D take, cheaper than 2-D indexing.
        flat_bins = bins.ravel()
        row_start = np.arange(n, dtype=np.intp) * n_features
        keys = np.empty(n, dtype=np.intp)  # reused for every feature's histogram keys
        n_internal = (1 << self.depth) - 1
        self.trees_: list[_Tree] = []
        self.gain_ = np.zeros(n_features)
        for _ in range(self.n_trees):
            g, h = self._gradients(margin, y)
            node = np.zeros(n, dtype=np.intp)
            features_ = np.full(n_internal, -1, dtype=np.int64)
            thresholds = np.zeros(n_internal, dtype=np.int64)
            parent_g = parent_h = np.empty(0)
            for level in range(self.depth):
                n_nodes = 1 << level
                by_feature_g, by_feature_h = self._histograms(
                    bins_by_feature, node, g, h, n_nodes, parent_g, parent_h, keys
                )
                parent_g, parent_h = by_feature_g, by_feature_h
                hist_g = by_feature_g.reshape(n_features, n_nodes, n_bins).transpose(1, 0, 2)
                hist_h = by_feature_h.reshape(n_features, n_nodes, n_bins).transpose(1, 0, 2)
                left_g, left_h = hist_g.cumsum(axis=2), hist_h.cumsum(axis=2)
                total_g, total_h = left_g[:, :, -1:], left_h[:, :, -1:]
                right_g, right_h = total_g - left_g, total_h - left_h
                gain = (
                    left_g**2 / (left_h + self.l2)
                    + right_g**2 / (right_h + self.l2)
                    - total_g**2 / (total_h + self.l2)
                )
                gain[(left_h < self.min_hessian) | (right_h < self.min_hessian)] = 0.0
                flat = gain.reshape(n_nodes, -1)
                best = flat.argmax(axis=1)
                best_gain = flat[np.arange(n_nodes), best]
                first = n_nodes - 1
                split = best_gain > 1e-9
                features_[first : first + n_nodes] = np.where(split, best // n_bins, -1)
                thresholds[first : first + n_nodes] = best % n_bins
                np.add.at(self.gain_, best[split] // n_bins, best_gain[split])
                node = _descend(
                    node,
                    features_[first : first + n_nodes],
                    thresholds[first : first + n_nodes],
                    flat_bins,
                    row_start,
                    n_bins,
                )
            leaf_g = np.bincount(node, g, 1 << self.depth)
            leaf_h = np.bincount(node, h, 1 << self.depth)
            leaves = -self.learning_rate * leaf_g / (leaf_h + self.l2)
            if self.loss == "poisson":
                leaves = np.clip(leaves, -1.0, 1.0)
            cover = np.bincount(node, minlength=1 << self.depth).astype(np.float64)
            self.trees_.append(_Tree(features_, thresholds, leaves, cover))
            margin += leaves[node]
        return self

    def _histograms(
        self,
        bins_by_feature: npt.NDArray[np.intp],
        node: npt.NDArray[np.intp],
        g: FloatArray,
        h: FloatArray,
        n_nodes: int,
        parent_g: FloatArray,
        parent_h: FloatArray,
        keys: npt.NDArray[np.intp],
    ) -> tuple[FloatArray, FloatArray]:
        """Per feature, the gradient and Hessian sums of every (node, bin) of this level.

        At the root one pass per feature covers every row. Below it only the smaller
        child of each parent is counted, over its own rows in row order; its sibling is the
        parent's histogram minus it (the classic histogram subtraction), which halves the
        rows counted at every level below the root.

        Each pass sums the gradient and the Hessian together, as the real and imaginary parts
        of one complex weight (``np.add.at``): the two parts are added separately, row after
        row, so the sums are those of one ``bincount`` of each to the bit, in about two thirds
        of the time of the two ``bincount`` calls (which read the keys twice).
        """
        n_features = bins_by_feature.shape[0]
        n_bins = self.max_bins
        size = n_nodes * n_bins
        if n_nodes == 1:
            root = np.zeros((n_features, size), dtype=np.complex128)
            weights = _complex(g, h)
            for j in range(n_features):
                np.add.at(root[j], bins_by_feature[j], weights)
            return np.ascontiguousarray(root.real), np.ascontiguousarray(root.imag)
        out_g = np.empty((n_features, size))
        out_h = np.empty((n_features, size))
        rows_in = np.bincount(node, minlength=n_nodes)
        # Per parent, whether its right child (odd node) is the one counted: the smaller one.
        right_counted = rows_in[1::2] < rows_in[0::2]
        counted = np.zeros(n_nodes, dtype=bool)
        counted[1::2] = right_counted
        counted[0::2] = ~right_counted
        rows = np.flatnonzero(counted[node])
        m = len(rows)
        offset = node[rows] * n_bins
        small = np.zeros((n_features, size), dtype=np.complex128)
        weights = _complex(g.take(rows), h.take(rows))
        for j in range(n_features):
            feature_keys = np.add(offset, bins_by_feature[j].take(rows), out=keys[:m])
            np.add.at(small[j], feature_keys, weights)
        small_g, small_h = small.real, small.imag
        # (features, parents, 2 children, bins) views of the counted and the parents' sums.
        shape = (n_features, n_nodes // 2, 2, n_bins)
        small_g4, small_h4 = small_g.reshape(shape), small_h.reshape(shape)
        out_g4, out_h4 = out_g.reshape(shape), out_h.reshape(shape)
        parent_g3 = parent_g.reshape(n_features, n_nodes // 2, n_bins)
        parent_h3 = parent_h.reshape(n_features, n_nodes // 2, n_bins)
        side = right_counted.astype(np.intp)  # per parent: index of the counted child
        parents = np.arange(n_nodes // 2)
        out_g4[:, parents, side] = small_g4[:, parents, side]
        out_h4[:, parents, side] = small_h4[:, parents, side]
        out_g4[:, parents, 1 - side] = parent_g3 - small_g4[:, parents, side]
        out_h4[:, parents, 1 - side] = parent_h3 - small_h4[:, parents, side]
        return out_g, out_h

    def margin(self, features: npt.ArrayLike, *, base_margin: npt.ArrayLike) -> FloatArray:
        """The base margin plus every tree's leaf value (logit or log mean)."""
        bins = self._bin(np.asarray(features, dtype=np.float64))
        out = np.asarray(base_margin, dtype=np.float64).copy()
        for tree in self.trees_:
            out += _apply(tree, bins, self.depth)
        return out

    def contributions(self, features: npt.ArrayLike) -> FloatArray:
        """Per row and feature, the exact Shapley value of the feature in the boost (TreeSHAP).

        Path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent individualized feature
        attribution for tree ensembles", Algorithm 1's quantity computed exactly): a coalition
        ``S`` of features is worth the tree's expected leaf value when the splits on ``S`` follow
        the row and every other split sends it both ways in proportion to the training rows
        (the cover). Each tree uses few features (at most ``2**depth - 1``), and a row matters
        only through the side it takes at each split, so the Shapley values are computed exactly
        over all coalitions once per distinct pattern of sides. Rows sum to the boost minus its
        expected value (the same for every row).
        """
        bins = self._bin(np.asarray(features, dtype=np.float64))
        by_feature = np.ascontiguousarray(bins.T)  # one contiguous row of bins per feature
        n = bins.shape[0]
        out = np.zeros((len(self.edges_), n))
        n_internal = (1 << self.depth) - 1
        # Every pattern of sides a row can take through a tree (bit i: right at internal node i).
        all_patterns = ((np.arange(1 << n_internal)[:, None] >> np.arange(n_internal)) & 1).astype(np.int8)
        for tree in self.trees_:
            used = sorted({int(f) for f in tree.features if f >= 0})
            if not used:
                continue
            code = np.zeros(n, dtype=np.int64)
            for i, (feature, threshold) in enumerate(zip(tree.features, tree.thresholds, strict=True)):
                if feature >= 0:
                    code |= (by_feature[feature] > threshold).astype(np.int64) << i
            phi = _tree_shapley(tree, self.depth, all_patterns, used)  # (patterns, used)
            for j, feature in enumerate(used):
                out[feature] += phi[code, j]
        return np.ascontiguousarray(out.T)


def _tree_shapley(tree: _Tree, depth: int, patterns: npt.NDArray[np.int8], used: list[int]) -> FloatArray:
    """Exact Shapley values ``(patterns, len(used))`` of one tree for rows with the given sides."""
    n_leaves = 1 << depth
    # Per leaf and level: the internal node passed, the direction taken, the cover fraction of
    # that direction among the node's training rows.
    cover = [tree.cover]
    for _ in range(depth):
        cover.append(cover[-1].reshape(-1, 2).sum(axis=1))
    cover.reverse()  # cover[level][node]
    leaf = np.arange(n_leaves)
    nodes: list[IntArray] = []
    goes_right: list[IntArray] = []
    fraction: list[FloatArray] = []
    for level in range(depth):
        child = leaf >> (depth - level - 1)
        parent = child >> 1
        nodes.append((1 << level) - 1 + parent)
        goes_right.append(child & 1)
        total = cover[level][parent]
        # A node no training row reached sends rows left, as the trees do at a non-split.
        share = cover[level + 1][child] / np.maximum(total, 1e-300)
        fraction.append(np.where(total > 0, share, (child % 2 == 0).astype(np.float64)))
    node_of = np.array(nodes)  # (depth, leaves)
    right_of = np.array(goes_right)
    frac_of = np.array(fraction, dtype=np.float64)
    feature_of = tree.features[node_of]  # (depth, leaves)
    k = len(used)
    position = {f: i for i, f in enumerate(used)}
    # Coalition value per (coalition mask, pattern): sum over leaves of value * path weight.
    masks = np.arange(1 << k)
    bit = np.zeros((depth, n_leaves), dtype=np.int64)  # the feature's bit in the mask, 0 if no split
    for level in range(depth):
        for j in range(n_leaves):
            f = int(feature_of[level, j])
            bit[level, j] = (1 << position[f]) if f >= 0 else 0
    follow = (masks[:, None, None] & bit[None, :, :]) > 0  # (masks, depth, leaves)
    # Whether the pattern takes each leaf's direction at each level: (patterns, depth, leaves).
    agree = patterns[:, node_of] == right_of[None, :, :]
    weight = np.where(
        follow[:, None, :, :], agree[None, :, :, :].astype(np.float64), frac_of[None, None, :, :]
    ).prod(axis=2)  # (masks, patterns, leaves)
    worth = weight @ tree.leaves  # (masks, patterns)
    phi = np.zeros((patterns.shape[0], k))
    sizes = np.array([bin(m).count("1") for m in masks])
    for i in range(k):
        without = masks[(masks >> i) & 1 == 0]
        s = sizes[without]
        coefficient = np.array([math.factorial(a) * math.factorial(k - a - 1) for a in s.tolist()])
        coefficient = coefficient / math.factorial(k)
        phi[:, i] = coefficient @ (worth[without | (1 << i)] - worth[without])
    return phi
