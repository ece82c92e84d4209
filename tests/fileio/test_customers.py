"""Reading customer lists: Chinese headers, choices in words, ranges, duplicates."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

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


HEADER = "客户编号,客户名称,客户类型,付款方式,客户来源"
CHOICE_COLUMNS = {"kind": 2, "payment_terms": 3, "source_channel": 4}
CHOICE_CODES = {"kind": KIND_WORDS, "payment_terms": PAYMENT_TERMS_WORDS, "source_channel": SOURCE_WORDS}


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_wrong_choice_lists_words_the_reader_accepts(write_text: Callable[..., Path], lang: str) -> None:
    """A wrong kind, payment term or source is answered with the words to write, in the reader's
    language, never the stored codes (the import page listed "brand_owner, brand_user, …")."""
    result = read_customer_file(write_text("c.csv", f"{HEADER}\nC1,A,外星人,支票,报纸\n"))
    messages = {e.field: e.message(lang) for e in result.errors}
    assert set(messages) == set(CHOICE_COLUMNS)
    colon, comma = ("：", "、") if lang == "zh-hans" else (": ", ", ")
    for name, message in messages.items():
        offered = message.split(colon)[-1].split(comma)
        codes = set(CHOICE_CODES[name].values())
        assert len(offered) == len(codes)
        raw = {c for c in codes if "_" in c or c.isupper()}  # brand_owner, TT_ADVANCE, LC …
        assert not raw & set(offered), f"{name}: stored codes shown: {message}"
        if lang == "zh-hans":
            assert not re.search("[A-Za-z]", "".join(offered)), f"{name}: English words in Chinese: {message}"
        # Every word offered is read back as one of the field's codes.
        rows = []
        for i, word in enumerate(offered):
            cells = [f"C{i}", f"N{i}", "", "", ""]
            cells[CHOICE_COLUMNS[name]] = word
            rows.append(",".join(cells))
        read = read_customer_file(write_text(f"{name}.csv", "\n".join([HEADER, *rows]) + "\n"))
        assert read.errors == [], f"{name}: {[e.message(lang) for e in read.errors]}"
        assert set(read.frame[name]) == codes
