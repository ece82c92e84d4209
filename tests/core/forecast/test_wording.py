"""A forecast chance in words, in English and Chinese."""

from __future__ import annotations

import pytest

from laoke.core.forecast.wording import chance_sentence, chance_words, zh_number


@pytest.mark.parametrize(
    ("p", "en", "zh"),
    [
        (0.005, "less than 1 in 100", "不到百分之一"),
        (0.15, "about 1 in 7", "约七分之一"),
        (0.2, "about 1 in 5", "约五分之一"),
        (0.04, "about 1 in 25", "约二十五分之一"),
        (0.25, "about 3 in 10", "约三成"),
        (0.34, "about 3 in 10", "约三成"),
        (0.5, "about 5 in 10", "约五成"),
        (0.72, "about 7 in 10", "约七成"),
        (0.97, "more than 9 in 10", "超过九成"),
    ],
)
def test_chance_words(p: float, en: str, zh: str) -> None:
    assert chance_words(p) == (en, zh)


def test_words_stay_near_the_chance() -> None:
    """The words never claim a chance more than a few points from the figure they replace."""
    for k in range(1, 96):
        p = k / 100
        en, _ = chance_words(p)
        said = en.removeprefix("about ").removeprefix("less than ").removeprefix("more than ")
        a, b = (int(v) for v in said.split(" in "))
        assert abs(a / b - p) <= (0.05 if p >= 0.25 else 0.03) + 1e-9, (p, en)


def test_sentence_names_the_window() -> None:
    en, zh = chance_sentence(0.15, 90)
    assert en == "About 1 in 7 chance of an order in the next 90 days"
    assert zh == "未来90天内下单的可能性约七分之一"


def test_zh_numbers() -> None:
    assert [zh_number(n) for n in (0, 7, 10, 12, 20, 40, 99, 100, 105, 120)] == [
        "零",
        "七",
        "十",
        "十二",
        "二十",
        "四十",
        "九十九",
        "一百",
        "一百零五",
        "一百二十",
    ]
