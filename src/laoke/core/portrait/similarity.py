"""Similarity of two portraits: a weighted Gower similarity over mixed dimensions.

Gower (1971), "A general coefficient of similarity and some of its properties", Biometrics 27:
per dimension ``s = 1 - |a - b| / range`` for numbers, ``s = [a == b]`` for categories, and the
Jaccard index for sets of attributes; the similarity is the weighted mean of ``s`` over the
dimensions *both* sides state. A dimension one side leaves empty is skipped, so missing fields
never lower the similarity (they lower the confidence, see :mod:`laoke.core.portrait.lookalike`).
The result is symmetric and lies in [0, 1].
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from laoke.core.portrait.dimensions import DIMENSIONS, Dimension, conform_portraits

FloatArray = npt.NDArray[np.float64]


def fit_scales(portraits: pl.DataFrame, dimensions: Sequence[Dimension] = DIMENSIONS) -> dict[str, float]:
    """The range a numeric dimension is measured against: its fixed scale or the book's interquartile range.

    A narrower range than Gower's full range, so that similarities do not crowd near 1 and the
    nearest best customer still tells inquiries apart; chosen on the demo book with seed 7 (over
    the 10–90 % spread) and checked on seeds 2024 and 11 (``bench/lookalike.py``).
    """
    frame = conform_portraits(portraits)
    scales: dict[str, float] = {}
    for dim in dimensions:
        if dim.kind != "number":
            continue
        if dim.scale is not None:
            scales[dim.key] = dim.scale
            continue
        values = _numbers(frame[dim.key], dim)
        values = values[~np.isnan(values)]
        spread = 0.0
        if values.size >= 2:
            spread = float(np.quantile(values, 0.75) - np.quantile(values, 0.25))
            if spread <= 0:
                spread = float(values.max() - values.min())
        scales[dim.key] = spread if spread > 0 else 1.0
    return scales


def _numbers(column: pl.Series, dim: Dimension) -> FloatArray:
    values = column.cast(pl.Float64).fill_null(np.nan).to_numpy().astype(np.float64)
    if dim.log:
        with np.errstate(invalid="ignore"):
            values = np.log1p(np.clip(values, 0, None))
    return values


@dataclass(frozen=True)
class Encoded:
    """Portraits as arrays, one entry per row (NaN / None = not stated)."""

    ids: list[str]
    numbers: dict[str, FloatArray]
    categories: dict[str, list[str | None]]
    sets: dict[str, list[frozenset[str] | None]]

    def __len__(self) -> int:
        return len(self.ids)


def encode(portraits: pl.DataFrame, dimensions: Sequence[Dimension] = DIMENSIONS) -> Encoded:
    """Encode a portrait frame (:data:`~laoke.core.portrait.dimensions.PORTRAIT_SCHEMA`) for comparison."""
    frame = conform_portraits(portraits)
    numbers: dict[str, FloatArray] = {}
    categories: dict[str, list[str | None]] = {}
    sets: dict[str, list[frozenset[str] | None]] = {}
    for dim in dimensions:
        column = frame[dim.key]
        if dim.kind == "number":
            numbers[dim.key] = _numbers(column, dim)
        elif dim.kind == "category":
            categories[dim.key] = [None if v is None else str(v).strip().lower() or None for v in column]
        else:
            sets[dim.key] = [_as_set(v) for v in column]
    return Encoded([str(i) for i in frame["id"]], numbers, categories, sets)


def _as_set(values: Any) -> frozenset[str] | None:
    if values is None:
        return None
    cleaned = frozenset(str(v).strip().lower() for v in values if v is not None and str(v).strip())
    return cleaned or None


def dimension_similarities(
    left: Encoded, row: int, right: Encoded, scales: Mapping[str, float], dimensions: Sequence[Dimension]
) -> FloatArray:
    """Per dimension (rows) and right-hand portrait (columns): the similarity in [0, 1], NaN when unstated."""
    out = np.full((len(dimensions), len(right)), np.nan)
    for k, dim in enumerate(dimensions):
        if dim.kind == "number":
            a = left.numbers[dim.key][row]
            if np.isnan(a):
                continue
            b = right.numbers[dim.key]
            out[k] = np.clip(1.0 - np.abs(a - b) / scales.get(dim.key, 1.0), 0.0, 1.0)
        elif dim.kind == "category":
            value = left.categories[dim.key][row]
            if value is None:
                continue
            out[k] = [
                np.nan if other is None else float(other == value) for other in right.categories[dim.key]
            ]
        else:
            mine = left.sets[dim.key][row]
            if mine is None:
                continue
            out[k] = [
                np.nan if other is None else len(mine & other) / len(mine | other)
                for other in right.sets[dim.key]
            ]
    return out


def combine(per_dimension: FloatArray, dimensions: Sequence[Dimension]) -> tuple[FloatArray, FloatArray]:
    """Weighted mean over the dimensions both sides state, and that weight (none stated: similarity 0)."""
    weights = np.array([d.weight for d in dimensions])[:, None]
    stated = ~np.isnan(per_dimension)
    shared = (weights * stated).sum(axis=0)
    total = (weights * np.nan_to_num(per_dimension)).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        similarity = np.where(shared > 0, total / np.where(shared > 0, shared, 1.0), 0.0)
    return np.clip(similarity, 0.0, 1.0), shared


def similarity_matrix(
    left: pl.DataFrame,
    right: pl.DataFrame,
    *,
    scales: Mapping[str, float],
    dimensions: Sequence[Dimension] = DIMENSIONS,
) -> FloatArray:
    """Similarity of every left portrait to every right portrait (shape ``len(left) × len(right)``)."""
    a, b = encode(left, dimensions), encode(right, dimensions)
    out = np.zeros((len(a), len(b)))
    for i in range(len(a)):
        out[i], _shared = combine(dimension_similarities(a, i, b, scales, dimensions), dimensions)
    return out


def similarity(
    left: Mapping[str, Any],
    right: Mapping[str, Any],
    *,
    scales: Mapping[str, float],
    dimensions: Sequence[Dimension] = DIMENSIONS,
) -> float:
    """Similarity in [0, 1] of two portraits given as ``{dimension: value}`` (absent or None = unstated)."""
    frame = pl.DataFrame([{"id": "left", **left}, {"id": "right", **right}], infer_schema_length=None)
    matrix = similarity_matrix(frame[:1], frame[1:], scales=scales, dimensions=dimensions)
    return float(matrix[0, 0])
