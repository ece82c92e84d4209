"""Look-alike scoring: a copy of a best customer ranks first, missing fields cost confidence only."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from laoke.core.messages import Message
from laoke.core.portrait.lookalike import score_inquiries, target_portrait

INQUIRY_KEYS = (
    "channel",
    "brand",
    "headcount",
    "turnover",
    "volume",
    "payment_terms",
    "delivery_sensitivity",
    "product_line",
    "attributes",
)


def book(seed: int = 1, n: int = 60) -> pl.DataFrame:
    """A book whose A customers are large pigment distributors; the rest are random."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        best = i < n // 5
        rows.append(
            {
                "id": f"c{i}",
                "grade": "A" if best else str(rng.choice(["B", "C", "D"])),
                "channel": "distributor" if best or rng.random() < 0.4 else "end_user",
                "brand": str(rng.choice(["brand_owner", "brand_user"])),
                "headcount": float(rng.lognormal(5 if best else 3, 0.5)),
                "turnover": float(rng.lognormal(17 if best else 15, 0.5)),
                "volume": float(rng.lognormal(13 if best else 10, 0.5)),
                "payment_terms": str(rng.choice(["TT", "LC", "OA"])),
                "delivery_sensitivity": float(rng.integers(1, 6)),
                "product_line": "pigments" if best or rng.random() < 0.3 else "resins",
                "attributes": ["purity", "REACH"] if best else [str(rng.choice(["voltage", "purity"]))],
                "new_products": float(rng.uniform(0, 0.5)),
                "punctuality": float(rng.uniform(0, 30)),
                "loyalty": float(rng.uniform(0, 1)),
            }
        )
    return pl.DataFrame(rows)


BOOK = book()


def as_inquiry(row: dict[str, Any], name: str) -> dict[str, Any]:
    return {"id": name, **{k: row[k] for k in INQUIRY_KEYS}}


def test_an_exact_copy_of_a_top_customer_scores_highest() -> None:
    """It gives a copy of an A customer the score 1, above copies of every other customer."""
    rows = BOOK.to_dicts()
    inquiries = pl.DataFrame([as_inquiry(r, r["id"]) for r in rows])
    scores = {s.id: s.score for s in score_inquiries(inquiries, BOOK)}
    top = max(scores.values())
    assert scores["c0"] == top == 1.0
    assert all(score < 1.0 for cid, score in scores.items() if not cid.startswith("c") or int(cid[1:]) >= 12)


inquiry_values = st.fixed_dictionaries(
    {
        "channel": st.one_of(st.none(), st.sampled_from(["distributor", "end_user"])),
        "headcount": st.one_of(st.none(), st.floats(min_value=1, max_value=1e5)),
        "turnover": st.one_of(st.none(), st.floats(min_value=1e3, max_value=1e10)),
        "volume": st.one_of(st.none(), st.floats(min_value=0, max_value=1e8)),
        "payment_terms": st.one_of(st.none(), st.sampled_from(["TT", "LC", "OA", "DA"])),
        "product_line": st.one_of(st.none(), st.sampled_from(["pigments", "resins", "machines"])),
    }
)


@settings(max_examples=40, deadline=None)
@given(st.lists(inquiry_values, min_size=1, max_size=5))
def test_no_inquiry_outscores_a_copy_of_a_top_customer(others: list[dict[str, Any]]) -> None:
    """Whatever other inquiries say, none scores above the copy of a best customer."""
    copy = as_inquiry(BOOK.row(3, named=True), "copy")
    rows = [copy, *({"id": f"x{i}", **o} for i, o in enumerate(others))]
    frame = pl.DataFrame(rows, infer_schema_length=None)
    scores = score_inquiries(frame, BOOK)
    assert scores[0].score == 1.0
    assert all(s.score <= scores[0].score for s in scores)


def test_missing_fields_lower_the_confidence_not_the_score() -> None:
    """It keeps the score of a top customer's copy when fields are dropped, and lowers the confidence."""
    full = as_inquiry(BOOK.row(0, named=True), "full")
    partial = {**full, "id": "partial", "headcount": None, "payment_terms": None, "attributes": None}
    scored = score_inquiries(pl.DataFrame([full, partial], infer_schema_length=None), BOOK)
    assert scored[0].score == scored[1].score == 1.0
    assert scored[1].confidence < scored[0].confidence == 1.0
    assert set(scored[1].missing) == {"headcount", "payment_terms", "attributes"}


def test_it_shows_the_five_nearest_customers_best_first() -> None:
    """It returns five neighbours in falling similarity, with their grades."""
    inquiry = as_inquiry(BOOK.row(20, named=True), "q")
    result = score_inquiries(pl.DataFrame([inquiry], infer_schema_length=None), BOOK)[0]
    sims = [n.similarity for n in result.nearest]
    assert len(sims) == 5 and sims == sorted(sims, reverse=True)
    assert result.nearest[0].customer_id == "c20" and result.nearest[0].grade == BOOK["grade"][20]


def test_it_warns_when_a_large_inquiry_is_far_from_the_target_portrait() -> None:
    """It warns about a huge end user in another product line, not about a huge pigment distributor."""
    unlike = {
        "id": "unlike",
        "channel": "end_user",
        "headcount": 3.0,
        "turnover": 1e5,
        "volume": 5e6,
        "product_line": "machines",
        "attributes": ["voltage"],
    }
    alike = {**as_inquiry(BOOK.row(1, named=True), "alike"), "volume": 5e6}
    results = score_inquiries(pl.DataFrame([unlike, alike], infer_schema_length=None), BOOK)
    fit = results[0].target_fit
    assert fit is not None and fit < 0.5
    assert results[0].warning == Message("portrait.lookalike.off_profile", {"fit": fit})
    assert results[0].as_dict()["warning"] == [
        {"code": "portrait.lookalike.off_profile", "params": {"fit": fit}}
    ]
    assert results[1].warning is None and results[1].as_dict()["warning"] == []


def test_the_target_portrait_names_what_the_best_have_in_common() -> None:
    """It finds that the best customers are pigment distributors caring about purity, and weighs that."""
    target = target_portrait(BOOK)
    rows = {r.key: r for r in target.rows}
    assert target.best_customers == 12
    assert rows["channel"].value == "distributor" and rows["channel"].share_best == 1.0
    assert rows["product_line"].value == "pigments"
    assert dict(rows["attributes"].attributes)["purity"] == 1.0
    assert rows["volume"].median is not None and rows["volume"].median > (rows["volume"].median_all or 0)
    assert target.weights["volume"] > target.weights["brand"]


@settings(max_examples=40, deadline=None)
@given(
    inquiry_values,
    st.sampled_from(["channel", "headcount", "turnover", "volume", "payment_terms", "product_line"]),
)
def test_leaving_a_field_out_always_lowers_the_confidence(values: dict[str, Any], field: str) -> None:
    """Whatever the inquiry says, dropping one stated field lowers its confidence."""
    full = {"id": "full", **values, field: values[field] if values[field] is not None else BOOK[field][0]}
    partial = {**full, "id": "partial", field: None}
    scored = score_inquiries(pl.DataFrame([full, partial], infer_schema_length=None), BOOK)
    assert scored[1].confidence < scored[0].confidence
    assert field in scored[1].missing and field not in scored[0].missing


def test_a_headcount_alone_is_not_enough_to_score() -> None:
    """An inquiry stating only a headcount gets no score and no neighbours, and is told what would help."""
    only = {"id": "only", "headcount": float(BOOK["headcount"][0])}
    empty = {"id": "empty"}
    results = score_inquiries(pl.DataFrame([only, empty], infer_schema_length=None), BOOK)
    for result in results:
        assert not result.enough and result.score == 0.0 and result.nearest == ()
        assert result.helpful[0] == "volume" and "headcount" not in results[0].helpful
    assert len(results[0].helpful) == 4


def test_three_weighty_fields_are_enough() -> None:
    """Channel, volume and product line of a top customer are enough for a score with neighbours."""
    row = BOOK.row(0, named=True)
    inquiry = {
        "id": "q",
        "channel": row["channel"],
        "volume": row["volume"],
        "product_line": row["product_line"],
    }
    (result,) = score_inquiries(pl.DataFrame([inquiry], infer_schema_length=None), BOOK)
    assert result.enough and result.score > 0.9 and len(result.nearest) == 5
