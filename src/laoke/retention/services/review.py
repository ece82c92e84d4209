"""The year-end review (年度客户盘点, 004) of the stored book, and its Excel workbook."""

from __future__ import annotations

from typing import Any

import polars as pl

from laoke.core.scorecard.policy import Policy
from laoke.core.scorecard.review import year_end_review
from laoke.customers.models import Customer
from laoke.fileio.export import Sheet, xlsx_book_bytes
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
    ("proposal_en", "Proposal", "建议"),
    ("proposal_zh", "Proposal (Chinese)", "建议（中文）"),
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
        schema=["customer_id", "name", "country", "owner"],
        orient="row",
    )
    return review.join(names, on="customer_id", how="left")


def review_workbook(review: pl.DataFrame, *, year: int, chinese: bool) -> bytes:
    """An .xlsx workbook of the review for the annual meeting (one sheet, a header row, filters).

    Written by :mod:`laoke.fileio.export`, so a customer or owner named like a formula stays text.
    """
    headers = [chinese_header if chinese else english for _name, english, chinese_header in COLUMNS]
    rows = [
        [_cell(name, row.get(name)) for name, _en, _zh in COLUMNS] for row in review.iter_rows(named=True)
    ]
    formats = {col: fmt for col, (name, _en, _zh) in enumerate(COLUMNS) if (fmt := NUMBER_FORMATS.get(name))}
    sheet = Sheet(
        f"{year}",
        headers,
        rows,
        widths={0: 14, 1: 32, **{col: 14 for col in range(2, len(COLUMNS))}},
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
