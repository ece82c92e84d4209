"""A forecast chance as a reader takes it: in words, with its window (English and Chinese).

"15 %" invites more precision than a forecast has; "about 1 in 7 chance of an order in the
next 90 days" says the same and reads as what it is. Chances from a quarter up read as tenths
("about 3 in 10" / "约三成"), smaller ones as "1 in N" ("about 1 in 7" / "约七分之一").
"""

from __future__ import annotations

import math

_ZH_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """``n`` (0–999) in Chinese numerals: 7 -> 七, 12 -> 十二, 40 -> 四十, 105 -> 一百零五."""
    if not 0 <= n <= 999:
        return str(n)
    if n < 10:
        return _ZH_DIGITS[n]
    if n < 20:
        return "十" + (_ZH_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _ZH_DIGITS[n // 10] + "十" + (_ZH_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    head = _ZH_DIGITS[n // 100] + "百"
    if not rest:
        return head
    return head + ("零" + _ZH_DIGITS[rest] if rest < 10 else zh_number(rest))


def _half_up(x: float) -> int:
    return math.floor(x + 0.5)


def chance_words(p: float) -> tuple[str, str]:
    """The chance ``p`` in words: ``("about 1 in 7", "约七分之一")``, ``("about 3 in 10", "约三成")``.

    Below 1 % it is "less than 1 in 100" (不到百分之一), above 95 % "more than 9 in 10" (超过九成).
    """
    if not math.isfinite(p) or p < 0.01:
        return "less than 1 in 100", "不到百分之一"
    if p > 0.95:
        return "more than 9 in 10", "超过九成"
    if p >= 0.25:
        tenths = _half_up(10 * p)
        return f"about {tenths} in 10", f"约{zh_number(tenths)}成"
    n = _half_up(1 / p)
    return f"about 1 in {n}", f"约{zh_number(n)}分之一"


def chance_sentence(p: float, days: int) -> tuple[str, str]:
    """``("About 1 in 7 chance of an order in the next 90 days", "未来90天内下单的可能性约七分之一")``."""
    en, zh = chance_words(p)
    sentence = f"{en[0].upper()}{en[1:]} chance of an order in the next {days} days"
    return sentence, f"未来{days}天内下单的可能性{zh}"
