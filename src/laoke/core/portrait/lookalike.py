"""Look-alike scoring of inquiries against the best existing customers, and the target portrait (002).

* **Look-alike score** (0–1): the similarity (:mod:`~laoke.core.portrait.similarity`) of the inquiry
  to the *nearest best customer* (grade in ``best_grades``), over the dimensions an inquiry can
  state. An exact copy of a best customer therefore scores 1, the highest possible.
* **Confidence** (0–1): the share of the inquiry dimensions' weight the inquiry actually states.
  Unstated fields are skipped by the similarity, so they lower the confidence, never the score.
* **Target portrait**: what the best customers have in common — per dimension the median and
  quartiles (numbers), the most common value and how much more common it is among the best than in
  the whole book (categories), the attributes most of them care about (sets).
* **Enough information**: a score needs at least :data:`MIN_STATED` stated dimensions carrying
  :data:`MIN_CONFIDENCE` of the weight; otherwise the inquiry gets no score and no neighbours (one
  field such as a headcount would make anything look alike) and ``helpful`` names the unstated
  fields that weigh most.
* **Warning**: an inquiry whose fit to the target portrait is low although its volume is at least
  the best customers' median — 002: a prospect far from the portrait is worth less even when its
  order is large. It is the message :data:`OFF_PROFILE` with the fit as a fraction (``fit``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import polars as pl

from laoke.core.messages import Message
from laoke.core.portrait.dimensions import (
    DIMENSIONS,
    INQUIRY_DIMENSIONS,
    Dimension,
    conform_portraits,
)
from laoke.core.portrait.similarity import combine, dimension_similarities, encode, fit_scales

#: The best customers: these grades (the policy's top grade by default).
BEST_GRADES: tuple[str, ...] = ("A",)
#: How many nearest existing customers an inquiry shows (002: the 3–5 closest).
NEIGHBOURS = 5
#: Per-dimension similarity at or above which a dimension "matches", below which it "differs".
MATCH_AT = 0.75
DIFFER_BELOW = 0.5
#: A score needs at least this many stated dimensions…
MIN_STATED = 3
#: …carrying at least this share of the inquiry dimensions' weight.
MIN_CONFIDENCE = 0.4
#: How many unstated fields are named as the ones that would help most.
HELPFUL_FIELDS = 4
#: Fit to the target portrait below this, with a large volume, raises the warning.
FIT_WARNING = 0.5
#: An attribute belongs to the target portrait when at least this share of the best customers care about it.
ATTRIBUTE_SHARE = 0.3
#: A dimension that does not set the best customers apart still keeps this share of its weight.
MIN_WEIGHT = 0.05
#: Fit to the target is judged without the volume (the warning is about volume *despite* the fit).
FIT_DIMENSIONS: tuple[Dimension, ...] = tuple(d for d in INQUIRY_DIMENSIONS if d.key != "volume")
#: The warning's code; its parameter ``fit`` is the fit to the target portrait (a fraction).
OFF_PROFILE = "portrait.lookalike.off_profile"


@dataclass(frozen=True)
class Neighbour:
    """An existing customer close to the inquiry."""

    customer_id: str
    grade: str | None
    similarity: float


@dataclass(frozen=True)
class DimensionComparison:
    """One dimension of the inquiry next to the same dimension of a customer."""

    key: str
    similarity: float


@dataclass(frozen=True)
class InquiryScore:
    """The look-alike score of one inquiry with its evidence."""

    id: str
    score: float
    confidence: float
    nearest: tuple[Neighbour, ...]
    best_match: str | None
    matches: tuple[DimensionComparison, ...]
    differences: tuple[DimensionComparison, ...]
    missing: tuple[str, ...]
    target_fit: float | None
    #: :data:`OFF_PROFILE` when a large inquiry is far from the target portrait.
    warning: Message | None = None
    #: False when the inquiry states too little to be compared (then ``score`` is 0 and no neighbour).
    enough: bool = True
    #: Unstated fields that would help most, heaviest first.
    helpful: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form (for storage next to the inquiry); the warning as ``[{"code", "params"}]``."""
        return {
            "score": self.score,
            "confidence": self.confidence,
            "nearest": [n.__dict__ for n in self.nearest],
            "best_match": self.best_match,
            "matches": [m.__dict__ for m in self.matches],
            "differences": [m.__dict__ for m in self.differences],
            "missing": list(self.missing),
            "target_fit": self.target_fit,
            "warning": [self.warning.to_json()] if self.warning is not None else [],
            "enough": self.enough,
            "helpful": list(self.helpful),
        }


@dataclass(frozen=True)
class TargetRow:
    """The target portrait along one dimension (values raw: money in home currency, days, shares)."""

    key: str
    kind: str
    best_count: int
    median: float | None = None
    low: float | None = None
    high: float | None = None
    median_all: float | None = None
    value: str | None = None
    share_best: float | None = None
    share_all: float | None = None
    attributes: tuple[tuple[str, float], ...] = ()
    separation: float | None = None


@dataclass(frozen=True)
class TargetPortrait:
    """What the best customers have in common, and the portrait used to measure an inquiry's fit."""

    best_grades: tuple[str, ...]
    best_customers: int
    customers: int
    rows: tuple[TargetRow, ...]
    center: dict[str, Any] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)

    def dimensions(self, dims: Sequence[Dimension]) -> tuple[Dimension, ...]:
        """``dims`` with their weights scaled by how well each sets the best customers apart."""
        return tuple(replace(d, weight=d.weight * self.weights.get(d.key, 1.0)) for d in dims)


def best_mask(portraits: pl.DataFrame, best_grades: Sequence[str]) -> pl.Series:
    """Which portraits belong to the best customers (``grade`` column in ``best_grades``)."""
    if "grade" not in portraits.columns:
        return pl.Series([False] * portraits.height, dtype=pl.Boolean)
    return portraits["grade"].is_in(list(best_grades)).fill_null(False)


def target_portrait(portraits: pl.DataFrame, *, best_grades: Sequence[str] = BEST_GRADES) -> TargetPortrait:
    """Summarise the best customers' portraits along every dimension (see the module docstring)."""
    frame = conform_portraits(portraits)
    best = frame.filter(best_mask(frame, best_grades))
    rows: list[TargetRow] = []
    center: dict[str, Any] = {}
    for dim in DIMENSIONS:
        column = best[dim.key].drop_nulls()
        base: dict[str, Any] = {"key": dim.key, "kind": dim.kind}
        if dim.kind == "number":
            values = column.cast(pl.Float64).to_numpy()
            everyone = frame[dim.key].drop_nulls().cast(pl.Float64).to_numpy()
            if values.size:
                center[dim.key] = float(np.median(values))
            rows.append(
                TargetRow(
                    **base,
                    best_count=int(values.size),
                    median=float(np.median(values)) if values.size else None,
                    low=float(np.quantile(values, 0.25)) if values.size else None,
                    high=float(np.quantile(values, 0.75)) if values.size else None,
                    median_all=float(np.median(everyone)) if everyone.size else None,
                )
            )
        elif dim.kind == "category":
            counts = Counter(str(v) for v in column)
            value, count = counts.most_common(1)[0] if counts else (None, 0)
            stated = frame[dim.key].drop_nulls()
            share_all = float((stated == value).sum() / stated.len()) if value and stated.len() else None
            if value is not None:
                center[dim.key] = value
            rows.append(
                TargetRow(
                    **base,
                    best_count=column.len(),
                    value=value,
                    share_best=count / column.len() if column.len() else None,
                    share_all=share_all,
                )
            )
        else:
            counts = Counter(str(a).strip().lower() for attrs in column for a in attrs)
            n = column.len()
            top = tuple((a, c / n) for a, c in counts.most_common(8)) if n else ()
            chosen = [a for a, share in top if share >= ATTRIBUTE_SHARE]
            if chosen:
                center[dim.key] = chosen
            rows.append(TargetRow(**base, best_count=n, attributes=top))
    weights = _separation(frame, best_mask(frame, best_grades).to_numpy(), center)
    rows = [replace(r, separation=weights.get(r.key)) for r in rows]
    weights = {k: max(MIN_WEIGHT, 2.0 * v - 1.0) for k, v in weights.items()}
    return TargetPortrait(tuple(best_grades), best.height, frame.height, tuple(rows), center, weights)


def _separation(frame: pl.DataFrame, best: np.ndarray, center: dict[str, Any]) -> dict[str, float]:
    """Per dimension: AUC of "closeness to the target portrait" telling best customers from the rest.

    0.5 = the best customers are no closer to the target than anyone else on this dimension (it
    says nothing about being a best customer), 1.0 = every best customer is closer than every other.
    """
    if not center or not best.any() or best.all():
        return {}
    scales = fit_scales(frame)
    everyone = encode(frame)
    target = encode(pl.DataFrame([{"id": "target", **center}], infer_schema_length=None))
    per_dim = dimension_similarities(target, 0, everyone, scales, DIMENSIONS)
    out: dict[str, float] = {}
    for k, dim in enumerate(DIMENSIONS):
        values = per_dim[k]
        stated = ~np.isnan(values)
        pos, neg = values[stated & best], values[stated & ~best]
        if pos.size < 2 or neg.size < 2:
            continue
        greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
        out[dim.key] = round(float(greater / (pos.size * neg.size)), 4)
    return out


def confidence(inquiries: pl.DataFrame, dims: Sequence[Dimension] = INQUIRY_DIMENSIONS) -> list[float]:
    """Share of the inquiry dimensions' weight each inquiry states (1 = every field filled)."""
    encoded = encode(inquiries, dims)
    total = sum(d.weight for d in dims)
    out = []
    for i in range(len(encoded)):
        stated = 0.0
        for dim in dims:
            if dim.kind == "number":
                stated += dim.weight * (not np.isnan(encoded.numbers[dim.key][i]))
            elif dim.kind == "category":
                stated += dim.weight * (encoded.categories[dim.key][i] is not None)
            else:
                stated += dim.weight * (encoded.sets[dim.key][i] is not None)
        out.append(stated / total)
    return out


def score_inquiries(
    inquiries: pl.DataFrame,
    customers: pl.DataFrame,
    *,
    best_grades: Sequence[str] = BEST_GRADES,
    neighbours: int = NEIGHBOURS,
    target: TargetPortrait | None = None,
) -> list[InquiryScore]:
    """Score each inquiry by how closely it resembles the best customers.

    Parameters
    ----------
    inquiries
        Portrait frame of the inquiries (``id`` plus the inquiry dimensions; unstated = null).
    customers
        Portrait frame of the existing customers, with a ``grade`` column.
    best_grades
        The grades of the best customers (the policy's top grade).
    neighbours
        How many nearest existing customers to return with each score.
    target
        The target portrait (computed from ``customers`` when omitted).

    Returns
    -------
    list of InquiryScore
        In the order of ``inquiries``.
    """
    customers = conform_portraits(customers)
    target = target or target_portrait(customers, best_grades=best_grades)
    scales = fit_scales(customers)
    dims = target.dimensions(INQUIRY_DIMENSIONS)
    fit_dims = target.dimensions(FIT_DIMENSIONS)
    left = encode(inquiries, dims)
    right = encode(customers, dims)
    grades = customers["grade"].to_list() if "grade" in customers.columns else [None] * customers.height
    best = best_mask(customers, best_grades).to_numpy()
    center = (
        pl.DataFrame([{"id": "target", **target.center}], infer_schema_length=None) if target.center else None
    )
    center_encoded = encode(center, FIT_DIMENSIONS) if center is not None else None
    fit_left = encode(inquiries, FIT_DIMENSIONS)
    volume_median = next((r.median for r in target.rows if r.key == "volume"), None)
    confidences = confidence(inquiries, dims)
    out: list[InquiryScore] = []
    for i, inquiry_id in enumerate(left.ids):
        per_dim = dimension_similarities(left, i, right, scales, dims)
        sims, _shared = combine(per_dim, dims)
        order = np.argsort(-sims, kind="stable")[:neighbours]
        nearest = tuple(Neighbour(right.ids[j], grades[j], round(float(sims[j]), 4)) for j in order)
        best_j: int | None = None
        score = 0.0
        if best.any():
            candidates = np.flatnonzero(best)
            best_j = int(candidates[np.argmax(sims[candidates])])
            score = float(sims[best_j])
        matches: list[DimensionComparison] = []
        differences: list[DimensionComparison] = []
        if best_j is not None:
            for k, dim in enumerate(dims):
                value = per_dim[k, best_j]
                if np.isnan(value):
                    continue
                item = DimensionComparison(dim.key, round(float(value), 4))
                if value >= MATCH_AT:
                    matches.append(item)
                elif value < DIFFER_BELOW:
                    differences.append(item)
        missing = tuple(d.key for d in dims if _unstated(left, i, d))
        stated = len(dims) - len(missing)
        helpful = tuple(d.key for d in sorted(dims, key=lambda d: -d.weight) if d.key in missing)[
            :HELPFUL_FIELDS
        ]
        if stated < MIN_STATED or confidences[i] < MIN_CONFIDENCE:
            out.append(
                InquiryScore(
                    id=inquiry_id,
                    score=0.0,
                    confidence=round(confidences[i], 4),
                    nearest=(),
                    best_match=None,
                    matches=(),
                    differences=(),
                    missing=missing,
                    target_fit=None,
                    enough=False,
                    helpful=helpful,
                )
            )
            continue
        fit: float | None = None
        if center_encoded is not None:
            fit_sims, shared = combine(
                dimension_similarities(fit_left, i, center_encoded, scales, fit_dims), fit_dims
            )
            fit = round(float(fit_sims[0]), 4) if shared[0] > 0 else None
        warning: Message | None = None
        volume = left.numbers["volume"][i]
        if (
            fit is not None
            and fit < FIT_WARNING
            and volume_median is not None
            and not np.isnan(volume)
            and np.expm1(volume) >= volume_median
        ):
            warning = Message(OFF_PROFILE, {"fit": fit})
        out.append(
            InquiryScore(
                id=inquiry_id,
                score=round(score, 4),
                confidence=round(confidences[i], 4),
                nearest=nearest,
                best_match=right.ids[best_j] if best_j is not None else None,
                matches=tuple(matches),
                differences=tuple(differences),
                missing=missing,
                target_fit=fit,
                warning=warning,
                helpful=helpful,
            )
        )
    return out


def _unstated(encoded: Any, row: int, dim: Dimension) -> bool:
    if dim.kind == "number":
        return bool(np.isnan(encoded.numbers[dim.key][row]))
    if dim.kind == "category":
        return encoded.categories[dim.key][row] is None
    return encoded.sets[dim.key][row] is None
