"""Which festivals a customer expects a greeting for, by country, and when they fall.

A table by festival code, not by the English names of public holidays: the ``holidays`` package
names Singapore's and Malaysia's New Year "Chinese New Year", Korea's "Korean New Year", India's
holidays vary by state, and many countries keep festivals as public holidays that their buyers
do not expect a greeting for (Easter for Indian buyers, say) — or greet festivals that are no
public holiday (Diwali for Indian buyers is; New Year in Russia is the main greeting; Christmas
in Russia is on 7 January). Dates come from the ``holidays`` package's calendars (Chinese
lunisolar, Islamic lunar, Hindu lunisolar; Islamic dates are estimates) and from ``dateutil``'s
Easter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter

if TYPE_CHECKING:
    from holidays.calendars import _ChineseLunisolar, _HinduLunisolar, _IslamicLunar


@lru_cache(maxsize=1)
def _calendars() -> tuple[_ChineseLunisolar, _IslamicLunar, _HinduLunisolar]:
    """The lunar calendars, built when a festival's date is first asked for: importing ``holidays``
    loads every country's module (about 25 ms), which no command that draws no plan should pay."""
    from holidays.calendars import _ChineseLunisolar, _HinduLunisolar, _IslamicLunar

    return _ChineseLunisolar(), _IslamicLunar(), _HinduLunisolar()


def _first_in_year(dates: object, year: int) -> dt.date | None:
    for day, _estimated in dates:  # type: ignore[attr-defined]
        if day.year == year:
            return day
    return None


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _lunar_new_year(year: int) -> dt.date | None:
    day, _estimated = _calendars()[0].lunar_new_year_date(year)
    return day


def _mid_autumn(year: int) -> dt.date | None:
    day, _estimated = _calendars()[0].mid_autumn_date(year)
    return day


#: Festival code → its date in a year (None when it has none); the adapters word the codes.
FESTIVALS: dict[str, Callable[[int], dt.date | None]] = {
    "new_year": lambda y: dt.date(y, 1, 1),
    "lunar_new_year": _lunar_new_year,
    "mid_autumn": _mid_autumn,
    "easter": lambda y: easter(y, EASTER_WESTERN),
    "orthodox_easter": lambda y: easter(y, EASTER_ORTHODOX),
    "christmas": lambda y: dt.date(y, 12, 25),
    "orthodox_christmas": lambda y: dt.date(y, 1, 7),
    "eid_al_fitr": lambda y: _first_in_year(_calendars()[1].eid_al_fitr_dates(y), y),
    "eid_al_adha": lambda y: _first_in_year(_calendars()[1].eid_al_adha_dates(y), y),
    "diwali": lambda y: _calendars()[2].diwali_india_date(y)[0],
    "songkran": lambda y: dt.date(y, 4, 13),
    "nowruz": lambda y: dt.date(y, 3, 21),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
}

#: National days worth a greeting (month, day), where buyers expect one.
NATIONAL_DAYS: dict[str, tuple[int, int]] = {
    "CN": (10, 1),
    "FR": (7, 14),
    "DE": (10, 3),
    "VN": (9, 2),
    "AE": (12, 2),
    "SA": (9, 23),
    "TR": (10, 29),
    "KZ": (12, 16),
    "PK": (8, 14),
    "BD": (3, 26),
    "MX": (9, 16),
    "BR": (9, 7),
    "CL": (9, 18),
}

_WEST = ("new_year", "easter", "christmas")
_CHINESE_WORLD = ("new_year", "lunar_new_year", "mid_autumn")
_GULF = ("new_year", "eid_al_fitr", "eid_al_adha")

#: Greetings by country for the 40 largest export markets (ISO 3166-1 alpha-2), plus China.
GREETINGS: dict[str, tuple[str, ...]] = {
    "CN": ("new_year", "lunar_new_year", "mid_autumn", "national_day"),
    "HK": _CHINESE_WORLD,
    "TW": _CHINESE_WORLD,
    "SG": ("new_year", "lunar_new_year", "mid_autumn", "eid_al_fitr", "diwali", "christmas"),
    "MY": ("new_year", "lunar_new_year", "eid_al_fitr", "diwali", "christmas"),
    "ID": ("new_year", "lunar_new_year", "eid_al_fitr", "eid_al_adha", "christmas"),
    "TH": ("new_year", "lunar_new_year", "songkran"),
    "VN": ("new_year", "lunar_new_year", "mid_autumn", "national_day"),
    "KR": ("new_year", "lunar_new_year", "mid_autumn", "christmas"),
    "JP": ("new_year",),
    "PH": ("new_year", "lunar_new_year", "easter", "christmas"),
    "IN": ("new_year", "diwali"),
    "BD": ("new_year", "eid_al_fitr", "eid_al_adha", "national_day"),
    "PK": ("new_year", "eid_al_fitr", "eid_al_adha", "national_day"),
    "AE": (*_GULF, "national_day"),
    "SA": (*_GULF, "national_day"),
    "IQ": _GULF,
    "EG": ("new_year", "eid_al_fitr", "eid_al_adha"),
    "TR": ("new_year", "eid_al_fitr", "eid_al_adha", "national_day"),
    "IR": ("nowruz", "eid_al_fitr"),
    "KZ": ("new_year", "nowruz", "eid_al_adha", "national_day"),
    "NG": ("new_year", "eid_al_fitr", "easter", "christmas"),
    "RU": ("new_year", "orthodox_christmas"),
    "US": ("new_year", "thanksgiving", "christmas"),
    "CA": _WEST,
    "MX": (*_WEST, "national_day"),
    "BR": (*_WEST, "national_day"),
    "CL": (*_WEST, "national_day"),
    "AU": ("new_year", "christmas"),
    "ZA": _WEST,
    "GB": _WEST,
    "DE": (*_WEST, "national_day"),
    "FR": (*_WEST, "national_day"),
    "IT": _WEST,
    "ES": _WEST,
    "NL": _WEST,
    "BE": _WEST,
    "PL": _WEST,
    "CZ": _WEST,
    "SE": _WEST,
    "CH": _WEST,
}

#: Countries outside the table: the New Year only (safe everywhere, wrong nowhere).
DEFAULT_GREETINGS: tuple[str, ...] = ("new_year",)


#: Every festival code a greeting can be for (``national_day`` only where the country has one).
ALL_CODES: tuple[str, ...] = (*FESTIVALS, "national_day")

Switches = Iterable[tuple[str, str, bool]]


def greetings_for(
    country: str, table: dict[str, tuple[str, ...]] | None = None, switches: Switches = ()
) -> tuple[str, ...]:
    """The festival codes a customer in ``country`` is greeted for.

    ``table`` replaces the built-in one; ``switches`` are the company's changes to it:
    ``(country, code, enabled)`` switches one greeting off, or on where the table leaves it out.
    """
    country = (country or "").upper()
    codes = list((table or GREETINGS).get(country, DEFAULT_GREETINGS))
    for where, code, enabled in switches:
        if where.upper() != country or code not in ALL_CODES:
            continue
        if enabled and code not in codes:
            codes.append(code)
        elif not enabled and code in codes:
            codes.remove(code)
    return tuple(codes)


@lru_cache(maxsize=4096)
def festival_date(code: str, country: str, year: int) -> dt.date | None:
    """The day of festival ``code`` in ``year`` for ``country`` (national days are per country)."""
    if code == "national_day":
        month_day = NATIONAL_DAYS.get(country.upper())
        return dt.date(year, *month_day) if month_day else None
    return FESTIVALS[code](year)
