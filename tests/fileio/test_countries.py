"""Country names in English or Chinese (CLDR through Babel, plus exporters' spellings) become ISO codes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from laoke.fileio.countries import country_code, country_names
from laoke.fileio.customers import read_customer_file
from laoke.fileio.errors import localised
from laoke.fileio.orders import read_order_file
from laoke.fileio.parsing import country_expr

Write = Callable[..., Path]

SPELLINGS = [
    ("英国", "GB"),
    ("UK", "GB"),
    ("Great Britain", "GB"),
    ("United Kingdom", "GB"),
    ("德国", "DE"),
    ("德國", "DE"),
    ("Deutschland", "DE"),
    ("科特迪瓦", "CI"),
    ("Côte d’Ivoire", "CI"),
    ("Bosnia and Herzegovina", "BA"),
    ("波斯尼亚和黑塞哥维那", "BA"),
    ("乌兹别克斯坦", "UZ"),
    ("中国香港特别行政区", "HK"),
    ("香港", "HK"),
    ("EIRE", "IE"),
    ("de", "DE"),
]


@pytest.mark.parametrize(("name", "code"), SPELLINGS)
def test_name_becomes_iso_code(name: str, code: str) -> None:
    """The per-value look-up and the file reader's vectorised one agree on the ISO code."""
    assert country_code(name) == code
    column = pl.DataFrame({"c": [name]}).select(country_expr("c"))["c"]
    assert column.to_list() == [code]


def test_order_file_countries_in_both_languages(write_text: Write) -> None:
    """An order file's 国家 in Chinese or English gives ISO codes; unknown names are warned in zh and en."""
    rows = [
        "A,2024-01-05,1,科特迪瓦",
        "B,2024-01-05,1,United Kingdom",
        "C,2024-01-05,1,火星",
        "D,2024-01-05,1,火星",
    ]
    text = "客户,日期,金额,国家\n" + "\n".join(rows) + "\n"
    result = read_order_file(write_text("o.csv", text))
    assert result.frame["country"].to_list() == ["CI", "GB", None, None]
    assert localised(result.warnings[0], "zh-hans") == "无法识别的国家名称，已留空：火星（2 行）"
    assert localised(result.warnings[0], "en") == "Unknown country names left blank: 火星 (2)"


def test_customer_file_unknown_country_is_warned_in_chinese(write_text: Write) -> None:
    """A customer list's unknown country is named in the user's language."""
    result = read_customer_file(write_text("c.csv", "客户编号,国家\nA,Atlantis\nB,德国\n"))
    assert result.frame["country"].to_list() == [None, "DE"]
    assert localised(result.warnings[0], "zh-hans").startswith("无法识别的国家名称")


def test_every_country_has_an_english_and_a_chinese_name() -> None:
    """The names shown in forms cover every ISO country, not only a hand-made list of markets."""
    names = country_names()
    assert len(names) > 240
    assert names["DE"] == ("Germany", "德国")
    assert names["UZ"] == ("Uzbekistan", "乌兹别克斯坦")
    assert "EU" not in names and "ZZ" not in names


def test_unknown_country_counts_are_grouped_by_thousands() -> None:
    """A real book's counts read 1,647 in both languages (Online Retail II's Channel Islands)."""
    from laoke.fileio.countries import unknown_countries_message

    english, chinese = unknown_countries_message([("Channel Islands", 1647), ("West Indies", 54)])
    assert english == "Unknown country names left blank: Channel Islands (1,647), West Indies (54)"
    assert chinese == "无法识别的国家名称，已留空：Channel Islands（1,647 行）、West Indies（54 行）"
