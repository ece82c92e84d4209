"""Record inquiries (询盘) and score them against the best existing customers (002).

For the web form, the CSV import, the ``laoke inquiries score`` command and the REST API:
:func:`create_inquiry` records one inquiry and scores it; :func:`score_prospects` (re)scores stored
ones; :func:`inquiry_portrait_frame` turns unsaved inquiries into the core's portrait frame so a
file can be scored without saving it. Nothing here commits: the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import polars as pl

from laoke.accounts.models import User
from laoke.core.portrait.derive import inquiry_portraits
from laoke.core.portrait.lookalike import InquiryScore, score_inquiries, target_portrait
from laoke.pipeline.models import Prospect, ProspectStatusChoices
from laoke.pipeline.services.clashes import check_clashes
from laoke.pipeline.services.portraits import best_grades, book_portraits

#: The fields an inquiry can state (what the form, the CSV and the API accept).
INQUIRY_FIELDS = (
    "name",
    "email",
    "country",
    "kind",
    "channel_role",
    "brand_role",
    "headcount",
    "turnover",
    "expected_value",
    "payment_terms",
    "delivery_sensitivity",
    "product_line",
    "attributes",
    "source_channel",
    "inquiry_text",
    "created_on",
)


def inquiry_portrait_frame(rows: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    """Portrait frame of inquiries given as field dicts (an ``id`` key each; unstated = None/empty)."""

    def number(value: Any) -> float | None:
        return None if value in (None, "") else float(value)

    records = [
        {
            "id": str(r["id"]),
            "kind": r.get("kind") or None,
            "channel": r.get("channel_role") or None,
            "brand": r.get("brand_role") or None,
            "headcount": number(r.get("headcount")),
            "turnover": number(r.get("turnover")),
            "volume": number(r.get("expected_value")),
            "payment_terms": r.get("payment_terms") or None,
            "delivery_sensitivity": number(r.get("delivery_sensitivity")),
            "product_line": r.get("product_line") or None,
            "attributes": [str(a) for a in (r.get("attributes") or [])] or None,
        }
        for r in rows
    ]
    schema: dict[str, Any] = {
        "id": pl.String,
        "kind": pl.String,
        "channel": pl.String,
        "brand": pl.String,
        "headcount": pl.Float64,
        "turnover": pl.Float64,
        "volume": pl.Float64,
        "payment_terms": pl.String,
        "delivery_sensitivity": pl.Float64,
        "product_line": pl.String,
        "attributes": pl.List(pl.String),
    }
    return inquiry_portraits(pl.DataFrame(records, schema=schema))


def _fields(prospect: Prospect) -> dict[str, Any]:
    return {"id": prospect.pk, **{name: getattr(prospect, name) for name in INQUIRY_FIELDS}}


def score_rows(rows: Sequence[Mapping[str, Any]], *, as_of: dt.date) -> list[InquiryScore]:
    """Score inquiries given as field dicts against the book as of ``as_of`` (nothing is stored)."""
    customers = book_portraits(as_of=as_of)
    grades = best_grades()
    target = target_portrait(customers, best_grades=grades)
    return score_inquiries(inquiry_portrait_frame(rows), customers, best_grades=grades, target=target)


def score_prospects(*, prospects: Iterable[Prospect], as_of: dt.date) -> list[InquiryScore]:
    """Score stored inquiries/targets and store the score, confidence, fit and evidence on each."""
    items = list(prospects)
    if not items:
        return []
    results = score_rows([_fields(p) for p in items], as_of=as_of)
    for prospect, result in zip(items, results, strict=True):
        # Too little stated to compare: no score, so it cannot top the list (the page says what would help).
        prospect.lookalike_score = result.score if result.enough else None
        prospect.lookalike_confidence = result.confidence
        prospect.target_fit = result.target_fit
        prospect.lookalike = result.as_dict()
        prospect.scored_on = as_of
        prospect.save(
            update_fields=["lookalike_score", "lookalike_confidence", "target_fit", "lookalike", "scored_on"]
        )
    return results


def score_unscored(*, as_of: dt.date) -> int:
    """Score the open inquiries and targets stored without a score (a demo book, an older version)."""
    open_states = [ProspectStatusChoices.INQUIRY, ProspectStatusChoices.TARGET]
    unscored = Prospect.objects.filter(status__in=open_states, scored_on__isnull=True)
    return len(score_prospects(prospects=unscored, as_of=as_of))


def score_inquiry(*, prospect: Prospect, as_of: dt.date) -> InquiryScore:
    """Score one stored inquiry (and store the result on it)."""
    return score_prospects(prospects=[prospect], as_of=as_of)[0]


def build_inquiry(*, owner: User | None, fields: Mapping[str, Any], as_of: dt.date) -> Prospect:
    """An unsaved, validated inquiry from ``fields`` (:data:`INQUIRY_FIELDS`); raises ``ValidationError``."""
    unknown = set(fields) - set(INQUIRY_FIELDS)
    if unknown:
        raise ValueError(f"unknown inquiry fields: {sorted(unknown)}")
    values = {k: v for k, v in fields.items() if v is not None}
    for money in ("turnover", "expected_value"):
        if money in values and not isinstance(values[money], Decimal):
            values[money] = Decimal(str(values[money]))
    values.setdefault("created_on", as_of)
    values["attributes"] = list(values.get("attributes") or [])
    prospect = Prospect(owner=owner, status=ProspectStatusChoices.INQUIRY, **values)
    prospect.full_clean(exclude=["customer"])
    return prospect


def create_inquiry(*, owner: User | None, fields: Mapping[str, Any], as_of: dt.date) -> Prospect:
    """Record an inquiry, score it and check it for clashes (撞单, :mod:`.clashes`).

    Parameters
    ----------
    owner
        The salesperson who owns it (they alone, and managers, see it).
    fields
        Any of :data:`INQUIRY_FIELDS`; ``name`` is required. Choices take their codes
        (``kind="distributor"``, ``payment_terms="LC"``, ``source_channel="search"``);
        ``attributes`` is a list of texts; ``created_on`` defaults to ``as_of``.
    as_of
        The day of scoring.

    Raises
    ------
    django.core.exceptions.ValidationError
        A field is invalid (the message names it).
    """
    prospect = build_inquiry(owner=owner, fields=fields, as_of=as_of)
    prospect.save()
    score_inquiry(prospect=prospect, as_of=as_of)
    check_clashes(prospects=[prospect], today=as_of)
    return prospect


def update_inquiry(*, prospect: Prospect, fields: Mapping[str, Any], as_of: dt.date) -> Prospect:
    """Change what an inquiry states (:data:`INQUIRY_FIELDS`), score it again and check it for clashes.

    Only the stated facts are written (the stage, owner and scores others may have changed stay as
    stored). Raises ``ValidationError`` naming the field.
    """
    unknown = set(fields) - set(INQUIRY_FIELDS)
    if unknown:
        raise ValueError(f"unknown inquiry fields: {sorted(unknown)}")
    for name, value in fields.items():
        if value is None and name == "created_on":
            continue
        if (
            name in ("turnover", "expected_value")
            and value not in (None, "")
            and not isinstance(value, Decimal)
        ):
            value = Decimal(str(value))
        if name == "attributes":
            value = list(value or [])
        elif value is None and name not in (
            "headcount",
            "turnover",
            "expected_value",
            "delivery_sensitivity",
        ):
            value = ""
        setattr(prospect, name, value)
    prospect.full_clean(exclude=["customer"])
    prospect.save(
        update_fields=[name for name in fields if not (name == "created_on" and fields[name] is None)]
    )
    score_inquiry(prospect=prospect, as_of=as_of)
    check_clashes(prospects=[prospect], today=as_of)
    return prospect


def create_inquiries(
    *, owner: User | None, rows: Sequence[Mapping[str, Any]], as_of: dt.date
) -> list[Prospect]:
    """Record several validated inquiries, score them and check them for clashes (one pass over the book)."""
    prospects = [build_inquiry(owner=owner, fields=row, as_of=as_of) for row in rows]
    for prospect in prospects:
        prospect.save()
    score_prospects(prospects=prospects, as_of=as_of)
    check_clashes(prospects=prospects, today=as_of)
    return prospects
