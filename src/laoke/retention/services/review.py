"""The year-end review (年度客户盘点, 004) of the stored book, and its Excel workbook."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl
from django.utils import translation

from laoke.accounts.models import User
from laoke.core.scorecard.policy import Policy
from laoke.core.scorecard.review import PROPOSALS, year_end_review
from laoke.customers.models import Customer
from laoke.fileio.export import Sheet, xlsx_book_bytes
from laoke.retention.models import ReviewDecision, ReviewDecisionChoices, ReviewSignoff
from laoke.retention.scorecard_messages import proposal_text
from laoke.retention.services.scoring import current_policy, load_book

#: Columns of the workbook: (frame column, English header, Chinese header).
COLUMNS = (
    ("customer_id", "Customer code", "客户编号"),
    ("name", "Customer", "客户"),
    ("country", "Country", "国家"),
    ("owner", "Owner", "负责业务员"),
    ("volume", "Sales this year", "本年销售额"),
    ("volume_previous", "Sales last year", "上年销售额"),
    ("change_pct", "Change %", "变化 %"),
    ("share_of_year", "Share of the year %", "占全年比例 %"),
    ("grade", "Grade", "客户等级"),
    ("total_score", "Score", "评分"),
    ("proposal_label", "Proposal", "建议"),
)
#: Columns added when the manager's decisions are known (the review page's export).
DECISION_COLUMNS = (
    ("decision_label", "Decision", "决定"),
    ("note", "Note", "备注"),
)


def review_frame(*, year: int, policy: Policy | None = None) -> pl.DataFrame:
    """The review of ``year`` for the stored book, with each customer's name, country and owner."""
    book = load_book()
    review = year_end_review(
        book.orders,
        book.customers,
        book.payments,
        book.interactions,
        book.promises,
        year=year,
        policy=policy or current_policy(),
    )
    names = pl.DataFrame(
        list(Customer.objects.values_list("code", "name", "country", "owner__username")),
        schema={"customer_id": pl.String, "name": pl.String, "country": pl.String, "owner": pl.String},
        orient="row",
    )
    return review.join(names, on="customer_id", how="left")


def review_workbook(review: pl.DataFrame, *, year: int, chinese: bool) -> bytes:
    """An .xlsx workbook of the review for the annual meeting (one sheet, a header row, filters).

    Written by :mod:`laoke.fileio.export`, so a customer or owner named like a formula stays text.
    """
    columns = COLUMNS + (DECISION_COLUMNS if "decision_label" in review.columns else ())
    with translation.override("zh-hans" if chinese else "en"):
        words = {code: proposal_text(code) for code in PROPOSALS}
    review = review.with_columns(pl.col("proposal").replace_strict(words, default="").alias("proposal_label"))
    headers = [chinese_header if chinese else english for _name, english, chinese_header in columns]
    rows = [
        [_cell(name, row.get(name)) for name, _en, _zh in columns] for row in review.iter_rows(named=True)
    ]
    formats = {col: fmt for col, (name, _en, _zh) in enumerate(columns) if (fmt := NUMBER_FORMATS.get(name))}
    sheet = Sheet(
        f"{year}",
        headers,
        rows,
        widths={0: 14, 1: 32, **{col: 14 for col in range(2, len(columns))}},
        number_formats=formats,
        autofilter=True,
        freeze_columns=2,
    )
    return xlsx_book_bytes([sheet])


#: Number formats of the numeric columns (percentages are shown as 12.3, not 0.123).
NUMBER_FORMATS = {
    "volume": "#,##0",
    "volume_previous": "#,##0",
    "total_score": "#,##0",
    "change_pct": "0.0",
    "share_of_year": "0.0",
}


def _cell(name: str, value: Any) -> Any:
    """The value of one cell: the share of the year as a percentage, everything else as stored."""
    if name == "share_of_year" and value is not None:
        return value * 100.0
    return value


class ReviewError(ValueError):
    """A review decision or sign-off that cannot be taken."""


def owner_names() -> dict[str, str]:
    """Each customer code's owner by display name (full name, else username)."""
    rows = Customer.objects.values_list("code", "owner__first_name", "owner__last_name", "owner__username")
    return {code: " ".join(p for p in (first, last) if p) or (user or "") for code, first, last, user in rows}


def with_decisions(review: pl.DataFrame, *, year: int) -> pl.DataFrame:
    """The review with each customer's recorded ``decision`` and ``note`` (the proposal when none)."""
    stored = {
        code: (decision, note)
        for code, decision, note in ReviewDecision.objects.filter(year=year).values_list(
            "customer__code", "decision", "note"
        )
    }
    codes = review["customer_id"].to_list()
    proposals = review["proposal"].to_list()
    names = owner_names()
    return review.with_columns(
        pl.Series("decision", [stored.get(c, (p, ""))[0] for c, p in zip(codes, proposals, strict=True)]),
        pl.Series("note", [stored.get(c, ("", ""))[1] for c in codes], dtype=pl.String),
        pl.Series("decided", [c in stored for c in codes], dtype=pl.Boolean),
        pl.Series("owner", [names.get(c, "") for c in codes], dtype=pl.String),
    )


def is_signed_off(year: int) -> bool:
    """Whether the year's review is final."""
    return ReviewSignoff.objects.filter(year=year).exists()


def save_decisions(
    *, year: int, by: User, proposals: Mapping[str, str], decisions: Mapping[str, tuple[str, str]]
) -> int:
    """Record the manager's decision (and note) per customer code; returns how many were stored.

    ``proposals`` maps each code to the review's proposal; codes outside it are refused (the caller
    passes only customers the manager sees). A signed-off year cannot change.
    """
    if is_signed_off(year):
        raise ReviewError(f"the {year} review is signed off")
    valid = set(ReviewDecisionChoices.values)
    ids = dict(Customer.objects.filter(code__in=list(decisions)).values_list("code", "pk"))
    stored = 0
    for code, (decision, note) in decisions.items():
        if code not in proposals or code not in ids:
            raise ReviewError(f"customer {code} is not in the review")
        if decision not in valid:
            raise ReviewError(f"unknown decision {decision!r}")
        ReviewDecision.objects.update_or_create(
            year=year,
            customer_id=ids[code],
            defaults={
                "proposal": proposals[code],
                "decision": decision,
                "note": note[:500],
                "decided_by": by,
            },
        )
        stored += 1
    return stored


def sign_off(*, year: int, by: User, proposals: Mapping[str, str]) -> int:
    """Make the year's review final: customers without a decision take the proposal. Returns their number."""
    if is_signed_off(year):
        raise ReviewError(f"the {year} review is already signed off")
    decided = set(ReviewDecision.objects.filter(year=year).values_list("customer__code", flat=True))
    missing = {code: (proposal, "") for code, proposal in proposals.items() if code not in decided}
    added = save_decisions(year=year, by=by, proposals=proposals, decisions=missing) if missing else 0
    ReviewSignoff.objects.create(year=year, signed_by=by)
    return added


def tier_overrides() -> dict[int, str]:
    """Per customer id, the tier set by its latest signed-off review: promote → key, drop → small."""
    signed = list(ReviewSignoff.objects.values_list("year", flat=True))
    latest: dict[int, tuple[int, str]] = {}
    for customer_id, year, decision in ReviewDecision.objects.filter(year__in=signed).values_list(
        "customer_id", "year", "decision"
    ):
        if customer_id not in latest or year > latest[customer_id][0]:
            latest[customer_id] = (year, decision)
    tiers: dict[str, str] = {
        ReviewDecisionChoices.PROMOTE.value: "key",
        ReviewDecisionChoices.DROP.value: "small",
    }
    return {cid: tiers[d] for cid, (_y, d) in latest.items() if d in tiers}


def visible_review(user: User, *, year: int) -> tuple[dict[str, str], pl.DataFrame]:
    """Every customer's proposal, and the review rows ``user`` may see with their decisions."""
    from laoke.customers.visibility import visible_customers

    codes = set(visible_customers(user).values_list("code", flat=True))
    frame = review_frame(year=year)
    everyone = dict(zip(frame["customer_id"].to_list(), frame["proposal"].to_list(), strict=True))
    mine = frame.filter(frame["customer_id"].is_in(list(codes)))
    return everyone, with_decisions(mine, year=year)


def review_export(user: User, *, year: int, chinese: bool) -> tuple[bytes, int]:
    """The review workbook as ``user`` sees it (decisions in words), audited; and its row count."""
    from django.utils.translation import gettext as _

    from laoke.audit.models import AuditAction
    from laoke.audit.services import record

    _everyone, review = visible_review(user, year=year)
    labels = {value: str(label) for value, label in ReviewDecisionChoices.choices}
    review = review.with_columns(
        review["decision"].replace_strict(labels, default="").alias("decision_label")
    )
    body = review_workbook(review, year=year, chinese=chinese)
    record(
        user, AuditAction.EXPORT, target=_("Year-end review %(year)s") % {"year": year}, rows=review.height
    )
    return body, review.height
