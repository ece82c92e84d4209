"""Similarity of portraits: symmetric, bounded, 1 for a copy, unstated fields skipped."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from laoke.core.portrait.dimensions import DIMENSIONS
from laoke.core.portrait.similarity import similarity

SCALES = {"headcount": 2.0, "turnover": 3.0, "volume": 3.0, "punctuality": 30.0}
for _d in DIMENSIONS:
    if _d.kind == "number" and _d.scale is not None:
        SCALES[_d.key] = _d.scale

numbers = st.one_of(st.none(), st.floats(min_value=0, max_value=1e9, allow_nan=False))
ratings = st.one_of(st.none(), st.floats(min_value=0, max_value=5, allow_nan=False))
shares = st.one_of(st.none(), st.floats(min_value=0, max_value=1, allow_nan=False))
portraits = st.fixed_dictionaries(
    {
        "channel": st.one_of(st.none(), st.sampled_from(["distributor", "end_user"])),
        "brand": st.one_of(st.none(), st.sampled_from(["brand_owner", "brand_user"])),
        "headcount": numbers,
        "turnover": numbers,
        "volume": numbers,
        "payment_terms": st.one_of(st.none(), st.sampled_from(["TT", "LC", "OA"])),
        "delivery_sensitivity": ratings,
        "product_line": st.one_of(st.none(), st.sampled_from(["pigments", "resins"])),
        "attributes": st.one_of(
            st.none(), st.lists(st.sampled_from(["purity", "voltage", "REACH"]), max_size=3)
        ),
        "new_products": shares,
        "punctuality": st.one_of(st.none(), st.floats(min_value=0, max_value=365, allow_nan=False)),
        "loyalty": shares,
    }
)


@given(portraits, portraits)
def test_similarity_is_symmetric_and_bounded(a: dict[str, Any], b: dict[str, Any]) -> None:
    """It gives the same similarity both ways, always within [0, 1]."""
    ab = similarity(a, b, scales=SCALES)
    ba = similarity(b, a, scales=SCALES)
    assert 0.0 <= ab <= 1.0
    assert abs(ab - ba) < 1e-12


@given(portraits)
def test_a_portrait_is_fully_similar_to_itself_when_anything_is_stated(a: dict[str, Any]) -> None:
    """It gives 1 for an identical portrait (0 when nothing at all is stated)."""
    stated = any(v not in (None, []) for v in a.values())
    assert similarity(a, dict(a), scales=SCALES) == (1.0 if stated else 0.0)


def test_unstated_fields_are_skipped_not_counted_as_different() -> None:
    """It compares only what both sides state, so a missing field does not lower the similarity."""
    full = {"channel": "distributor", "volume": 100_000.0, "product_line": "pigments"}
    partial = {"channel": "distributor", "volume": 100_000.0}
    assert similarity(full, partial, scales=SCALES) == 1.0
    other = {"channel": "end_user", "volume": 100_000.0, "product_line": "pigments"}
    assert similarity(full, other, scales=SCALES) < 1.0


def test_numbers_far_apart_on_the_log_scale_are_dissimilar() -> None:
    """It measures money on a log scale: 10x apart on a 3-nat range is about 0.23 alike, 1.1x nearly 1."""
    near = similarity({"volume": 100_000.0}, {"volume": 110_000.0}, scales=SCALES)
    far = similarity({"volume": 100_000.0}, {"volume": 1_000_000.0}, scales=SCALES)
    assert near > 0.95
    assert 0.2 < far < 0.25
