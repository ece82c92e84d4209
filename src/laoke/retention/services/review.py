"""The year-end review (年度客户盘点, 004) of the stored book, and its Excel workbook."""

from __future__ import annotations

import io

import polars as pl
import xlsxwriter

from laoke.core.scorecard.policy import Policy
from laoke.core.scorecard.review import year_end_review
from laoke.customers.models import Customer
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
    """An .xlsx workbook of the review for the annual meeting (one sheet, a header row, filters)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "default_date_format": "yyyy-mm-dd"})
    sheet = workbook.add_worksheet(f"{year}")
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    money = workbook.add_format({"num_format": "#,##0"})
    percent = workbook.add_format({"num_format": "0.0"})
    for col, (_name, english, chinese_header) in enumerate(COLUMNS):
        sheet.write(0, col, chinese_header if chinese else english, bold)
    for row_index, row in enumerate(review.iter_rows(named=True), start=1):
        for col, (name, _en, _zh) in enumerate(COLUMNS):
            value = row.get(name)
            if name in {"change_pct", "share_of_year"} and value is not None:
                value = value * (100.0 if name == "share_of_year" else 1.0)
                sheet.write_number(row_index, col, value, percent)
            elif name in {"volume", "volume_previous", "total_score"} and value is not None:
                sheet.write_number(row_index, col, value, money)
            elif value is not None:
                sheet.write(row_index, col, value)
    sheet.autofilter(0, 0, max(review.height, 1), len(COLUMNS) - 1)
    sheet.freeze_panes(1, 2)
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 32)
    sheet.set_column(2, len(COLUMNS) - 1, 14)
    workbook.close()
    return buffer.getvalue()
