"""Country names (English and Chinese, as found in exporters' files) → ISO 3166-1 alpha-2.

The names come from the Unicode CLDR through Babel (English, simplified and traditional Chinese:
every country, e.g. 德国 / 德國 / Germany, 科特迪瓦 / Côte d’Ivoire), plus the spellings exporters
and the UCI Online Retail file write that CLDR does not (UK, Great Britain, England, USA, 美国本土,
Deutschland, Holland, EIRE, 香港, 沙特…) in :data:`ALIASES`. Keys are lower case with punctuation
folded to single spaces (:func:`name_key`, the same rule as ``parsing.country_expr``).
"""

from __future__ import annotations

import re
from functools import cache

from babel import Locale

#: The languages whose CLDR names are recognised.
LOCALES = ("en", "zh_Hans", "zh_Hant")

#: CLDR region codes that are not countries (EU, the UN, "unknown") or not ISO 3166-1.
_NOT_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"}
)

#: Spellings found in real files that CLDR does not give, by ISO code.
ALIASES: dict[str, tuple[str, ...]] = {
    "AE": ("uae", "阿联酋"),
    "AU": ("澳洲",),
    "BD": ("孟加拉",),
    "CN": ("prc", "中国大陆", "mainland china", "people s republic of china"),
    "CZ": ("czech republic",),
    "DE": ("deutschland", "federal republic of germany"),
    "ES": ("españa", "espana"),
    "GB": ("uk", "u k", "great britain", "britain", "england", "scotland", "wales", "northern ireland"),
    "HK": ("hong kong", "hongkong", "香港", "中国香港"),
    "ID": ("印尼",),
    "IE": ("eire", "republic of ireland"),
    "IR": ("islamic republic of iran",),
    "IT": ("italia",),
    "KR": ("korea", "republic of korea", "korea republic of"),
    "MO": ("macao", "macau", "澳门", "中国澳门"),
    "NL": ("the netherlands", "holland", "nederland"),
    "RU": ("russian federation",),
    "SA": ("沙特",),
    "TR": ("turkey", "turkiye"),
    "TW": ("中国台湾", "taiwan province of china"),
    "US": ("usa", "u s a", "u s", "america", "united states of america", "美国本土"),
    "VN": ("viet nam",),
    "ZA": ("rsa",),
}

#: Names shown for a code where CLDR's is long-winded.
_SHOWN = {"HK": ("Hong Kong", "中国香港"), "MO": ("Macao", "中国澳门")}

_KEY_PUNCTUATION = re.compile(r"[\s.'’_-]+")


def name_key(text: str) -> str:
    """How a name is looked up: lower case, runs of spaces and ``.'’_-`` folded to one space."""
    return _KEY_PUNCTUATION.sub(" ", text.strip().lower()).strip()


@cache
def _territories(locale: str) -> dict[str, str]:
    """ISO code → the CLDR name of the country in ``locale``."""
    names = Locale.parse(locale).territories
    return {
        code: str(name)
        for code, name in names.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }


def _codes() -> dict[str, str]:
    table: dict[str, str] = {}
    for code, spellings in ALIASES.items():
        for spelling in spellings:
            table.setdefault(name_key(spelling), code)
    for locale in LOCALES:
        for code, name in _territories(locale).items():
            for spelling in (name, name.replace("&", "and"), name.replace("St.", "Saint")):
                table.setdefault(name_key(spelling), code)
    return table


#: Every known spelling (as :func:`name_key` makes it) → ISO code.
COUNTRY_CODES: dict[str, str] = _codes()
#: The ISO 3166-1 alpha-2 codes known (CLDR's regions that are countries).
ISO_CODES: frozenset[str] = frozenset(_territories("en"))


def country_code(text: str | None) -> str | None:
    """The ISO code of a country written as a name or a code; None when it is not known.

    A name wins over a code, so ``UK`` is GB; ``uk`` and ``de`` are codes in any case.
    """
    if not text or not text.strip():
        return None
    by_name = COUNTRY_CODES.get(name_key(text))
    if by_name is not None:
        return by_name
    upper = text.strip().upper()
    return upper if upper in ISO_CODES else None


def country_names() -> dict[str, tuple[str, str]]:
    """Each ISO code → (English name, simplified Chinese name)."""
    english, chinese = _territories("en"), _territories("zh_Hans")
    return {code: _SHOWN.get(code, (name, chinese.get(code, name))) for code, name in english.items()}


def unknown_countries_message(counts: list[tuple[str, int]]) -> tuple[str, str]:
    """(English, Chinese) warning naming the first unknown country names and their row counts."""
    names = ", ".join(f"{name} ({count:,})" for name, count in counts[:10])
    more = len(counts) - 10
    names_zh = "、".join(f"{name}（{count:,} 行）" for name, count in counts[:10])
    return (
        f"Unknown country names left blank: {names}" + (f" and {more} more" if more > 0 else ""),
        f"无法识别的国家名称，已留空：{names_zh}" + (f" 等另外 {more} 个" if more > 0 else ""),
    )
