"""A small histogram gradient-boosting machine in NumPy (depth-limited trees, Newton leaves).

Features are cut into at most ``max_bins`` quantile bins once; every tree level then needs one
weighted ``bincount`` per feature for the gradients and one for the Hessians. Two losses:
logistic (P(any order)) and Poisson (number of orders), both on a base margin, so a tree
ensemble of zero trees returns the baseline (e.g. BG/NBD's forecast) unchanged.
"""

from __future__ import annotations

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
        out = np.empty(x.shape, dtype=np.uint8)
        for j, edges in enumerate(self.edges_):
            out[:, j] = np.searchsorted(edges, x[:, j], side="right")
        return out

    def _gradients(self, margin: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
        if self.loss == "logistic":
            p = special.expit(margin)
            return p - y, np.maximum(p * (1.0 - p), 1e-6)
        mu = np.exp(np.minimum(margin, 30.0))
        return mu - y, np.maximum(mu, 1e-6)

    def fit(self, features: npt.ArrayLike, target: npt.ArrayLike, *, base_margin: npt.ArrayLike) -> Self:
        """Grow the trees on ``features`` for ``target`` starting from ``base_margin``.

        Returns
        -------
        self
            With ``edges_`` (bin edges per feature), ``trees_`` and ``gain_`` (split gain per feature).
        """
        x = np.asarray(features, dtype=np.float64)
        y = np.asarray(target, dtype=np.float64)
        margin = np.asarray(base_margin, dtype=np.float64).copy()
        n, n_features = x.shape
        quantiles = np.linspace(0, 1, self.max_bins + 1)[1:-1]
        self.edges_ = [np.unique(np.quantile(x[:, j], quantiles)) for j in range(n_features)]
        bins = self._bin(x)
        n_bins = self.max_bins
        # One contiguous row of bin indices per feature: a histogram per feature is one
        # bincount over the rows, without repeating the gradients once per feature.
        bins_by_feature = np.ascontiguousarray(bins.T).astype(np.intp)
        self.trees_: list[_Tree] = []
        self.gain_ = np.zeros(n_features)
        for _ in range(self.n_trees):
            g, h = self._gradients(margin, y)
            node = np.zeros(n, dtype=np.int64)
            n_internal = (1 << self.depth) - 1
            features_ = np.full(n_internal, -1, dtype=np.int64)
            thresholds = np.zeros(n_internal, dtype=np.int64)
            for level in range(self.depth):
                n_nodes = 1 << level
                size = n_nodes * n_bins
                node_offset = node * n_bins
                by_feature_g = np.empty((n_features, size))
                by_feature_h = np.empty((n_features, size))
                for j in range(n_features):
                    keys = node_offset + bins_by_feature[j]
                    by_feature_g[j] = np.bincount(keys, g, size)
                    by_feature_h[j] = np.bincount(keys, h, size)
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
                f = features_[first + node]
                value = bins[np.arange(n), np.maximum(f, 0)]
                node = 2 * node + ((f >= 0) & (value > thresholds[first + node]))
            leaf_g = np.bincount(node, g, 1 << self.depth)
            leaf_h = np.bincount(node, h, 1 << self.depth)
            leaves = -self.learning_rate * leaf_g / (leaf_h + self.l2)
            if self.loss == "poisson":
                leaves = np.clip(leaves, -1.0, 1.0)
            self.trees_.append(_Tree(features_, thresholds, leaves))
            margin += leaves[node]
        return self

    def margin(self, features: npt.ArrayLike, *, base_margin: npt.ArrayLike) -> FloatArray:
        """The base margin plus every tree's leaf value (logit or log mean)."""
        bins = self._bin(np.asarray(features, dtype=np.float64))
        out = np.asarray(base_margin, dtype=np.float64).copy()
        for tree in self.trees_:
            out += _apply(tree, bins, self.depth)
        return out

    def contributions(self, features: npt.ArrayLike) -> FloatArray:
        """Per row and feature, the margin added by splits on that feature (Saabas attribution).

        Each tree's path is walked; the change in the expected leaf value at every split is
        credited to the split's feature. Rows sum to the boost minus the trees' root values
        (the same for every row).
        """
        bins = self._bin(np.asarray(features, dtype=np.float64))
        n = bins.shape[0]
        out = np.zeros((n, len(self.edges_)))
        rows = np.arange(n)
        for tree in self.trees_:
            # Expected value under each node: the mean of its children's, or the left child's
            # where the node does not split (every row goes left).
            values = [tree.leaves]
            for level in range(self.depth - 1, -1, -1):
                pairs = values[-1].reshape(-1, 2)
                split_here = tree.features[(1 << level) - 1 : (1 << (level + 1)) - 1] >= 0
                values.append(np.where(split_here, pairs.mean(axis=1), pairs[:, 0]))
            values.reverse()  # values[level][node]
            node = np.zeros(n, dtype=np.int64)
            for level in range(self.depth):
                index = (1 << level) - 1 + node
                feature = tree.features[index]
                split = feature >= 0
                value = bins[rows, np.maximum(feature, 0)]
                child = 2 * node + (split & (value > tree.thresholds[index]))
                delta = values[level + 1][child] - values[level][node]
                np.add.at(out, (rows[split], feature[split]), delta[split])
                node = child
        return out
