"""Reading customer lists: Chinese headers, choices in words, ranges, duplicates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from laoke.customers.models import CustomerKindChoices, PaymentTermsChoices, SourceChannelChoices
from laoke.fileio import read_customer_file
from laoke.fileio.customers import KIND_WORDS, PAYMENT_TERMS_WORDS, SOURCE_WORDS

TEXT = (
    "客户编号,客户名称,国家,币种,客户类型,付款方式,账期,负责业务员,关系等级,员工人数,年营业额,来源,备注\n"
    'C001,Acme GmbH,德国,EUR,经销商,T/T,30,li,4,120,"5,000,000",展会,老客户\n'
    "C002,Beta Inc,US,usd,importer,L/C,,wang,,,,referral,\n"
)


def test_chinese_customer_list_is_read(write_text: Callable[..., Path]) -> None:
    """It maps Chinese headers and words (经销商, T/T, 展会) to the model's codes."""
    result = read_customer_file(write_text("c.csv", TEXT, "gbk"))
    assert result.errors == []
    first = result.frame.row(0, named=True)
    assert (first["customer_id"], first["name"], first["country"], first["currency"]) == (
        "C001",
        "Acme GmbH",
        "DE",
        "EUR",
    )
    assert (first["kind"], first["payment_terms"], first["source_channel"]) == ("distributor", "TT", "field")
    assert (first["credit_days"], first["relationship_level"], first["turnover"]) == (30, 4, 5_000_000.0)
    second = result.frame.row(1, named=True)
    assert (second["kind"], second["payment_terms"], second["currency"]) == ("importer", "LC", "USD")


def test_bad_customer_rows_are_reported(write_text: Callable[..., Path]) -> None:
    """It reports an unknown kind, an out-of-range level, a bad currency and a repeated code."""
    text = (
        "客户编号,客户名称,客户类型,关系等级,币种\n"
        "C1,A,外星人,3,USD\nC2,B,trader,9,USD\nC3,C,trader,1,美元钞票\nC1,D,trader,1,USD\n"
    )
    result = read_customer_file(write_text("c.csv", text))
    assert [(e.row, e.field, e.code) for e in result.errors] == [
        (2, "kind", "bad_choice"),
        (3, "relationship_level", "out_of_range"),
        (4, "currency", "bad_currency"),
        (5, "customer_id", "duplicate_customer"),
    ]
    assert result.frame.height == 0


def test_choice_words_map_to_existing_model_choices() -> None:
    """It only produces codes the customer model accepts."""
    assert set(KIND_WORDS.values()) <= set(CustomerKindChoices.values)
    assert set(PAYMENT_TERMS_WORDS.values()) <= set(PaymentTermsChoices.values)
    assert set(SOURCE_WORDS.values()) <= set(SourceChannelChoices.values)
