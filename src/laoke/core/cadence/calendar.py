"""Festivals worth a greeting and quiet periods to avoid, per country, from the ``holidays`` package.

The ``holidays`` package computes each country's public holidays (lunar and Islamic ones included,
the latter marked "estimated"); this module picks those a customer expects a greeting for and
derives the quiet periods: Ramadan for Gulf buyers (the month before Eid al-Fitr), the Chinese New
Year factory shutdown, and the July–August holidays in Europe.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays

from laoke.core.cadence.policy import CadencePolicy


@dataclass(frozen=True)
class Festival:
    """One festival of one country on one date."""

    code: str
    country: str
    on: dt.date
    name_en: str
    name_zh: str


@dataclass(frozen=True)
class QuietPeriod:
    """Days when pushing business is unwelcome; ``long`` periods only move the big pushes."""

    code: str
    starts_on: dt.date
    ends_on: dt.date
    reason_en: str
    reason_zh: str

    @property
    def long(self) -> bool:
        """Longer than a month (the European summer): the monthly touch stays, only pushes move."""
        return (self.ends_on - self.starts_on).days > 35

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` falls inside the period."""
        return self.starts_on <= day <= self.ends_on


# (code, English name, Chinese name, the holidays package's English names, preferred first).
# A name matches exactly or followed by a parenthesis ("Eid al-Fitr (estimated)").
GREETED: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("new_year", "New Year", "新年", ("New Year's Day", "Universal Fraternization Day")),
    (
        "lunar_new_year",
        "Lunar New Year",
        "春节",
        ("Chinese New Year (Spring Festival)", "Lunar New Year", "Korean New Year"),
    ),
    ("easter", "Easter", "复活节", ("Good Friday", "Easter Sunday", "Easter Monday")),
    ("eid_al_fitr", "Eid al-Fitr", "开斋节", ("Eid al-Fitr", "Eid al-Fitr Holiday")),
    ("eid_al_adha", "Eid al-Adha", "宰牲节", ("Eid al-Adha", "Eid al-Adha Holiday")),
    ("diwali", "Diwali", "排灯节", ("Diwali", "Deepavali")),
    ("songkran", "Songkran", "宋干节", ("Songkran Festival",)),
    ("mid_autumn", "Mid-Autumn Festival", "中秋节", ("Mid-Autumn Festival", "Chuseok")),
    ("thanksgiving", "Thanksgiving", "感恩节", ("Thanksgiving Day",)),
    (
        "national_day",
        "National Day",
        "国庆节",
        (
            "National Day",
            "Independence Day",
            "German Unity Day",
            "Republic Day",
            "Canada Day",
            "Australia Day",
            "Russia Day",
            "King's Day",
            "National Day Holiday",
        ),
    ),
    ("christmas", "Christmas", "圣诞节", ("Christmas Day", "Christmas", "Coptic Christmas Day")),
)


def _matches(name: str, pattern: str) -> bool:
    return name == pattern or name.startswith(pattern + " (")


@lru_cache(maxsize=512)
def _public_holidays(country: str, year: int) -> tuple[tuple[dt.date, str], ...]:
    """The country's holidays of ``year`` as (date, English name), observed-day copies left out."""
    try:
        table = holidays.country_holidays(country, years=year, language="en_US")
    except (NotImplementedError, KeyError):
        return ()
    out: list[tuple[dt.date, str]] = []
    for day, names in sorted(table.items()):
        for name in str(names).split(";"):
            name = name.strip()
            if (
                name
                and "observed" not in name
                and "in lieu" not in name
                and not name.startswith("Alternative")
            ):
                out.append((day, name))
    return tuple(out)


def supported(country: str) -> bool:
    """Whether the ``holidays`` package knows the country."""
    return bool(country) and country.upper() in holidays.list_supported_countries()


def festivals(country: str, year: int) -> list[Festival]:
    """The festivals of ``country`` in ``year`` worth a greeting, one per festival (its first day)."""
    return list(_festivals(country.upper(), year))


@lru_cache(maxsize=1024)
def _festivals(country: str, year: int) -> tuple[Festival, ...]:
    found: list[Festival] = []
    country = country.upper()
    table = _public_holidays(country, year)
    for code, name_en, name_zh, patterns in GREETED:
        day = next((d for p in patterns for d, name in table if _matches(name, p)), None)
        if day is not None:
            found.append(Festival(code, country, day, name_en, name_zh))
    return tuple(sorted(found, key=lambda f: f.on))


#: A New Year this close after Christmas shares one greeting with it ("Merry Christmas and a happy New Year").
JOINT_GREETING_DAYS = 10


def festivals_between(country: str, start: dt.date, end: dt.date) -> list[Festival]:
    """Greeted festivals of ``country`` dated from ``start`` to ``end`` inclusive.

    Christmas followed within days by New Year becomes one greeting on Christmas.
    """
    found: list[Festival] = []
    for year in range(start.year - 1, end.year + 1):
        found.extend(festivals(country, year))
    christmas = {f.on for f in found if f.code == "christmas"}
    out: list[Festival] = []
    for f in found:
        if f.code == "new_year" and any(0 < (f.on - c).days <= JOINT_GREETING_DAYS for c in christmas):
            continue
        if f.code == "christmas" and any(
            g.code == "new_year" and 0 < (g.on - f.on).days <= JOINT_GREETING_DAYS for g in found
        ):
            f = Festival("christmas", f.country, f.on, "Christmas and New Year", "圣诞和新年")
        if start <= f.on <= end:
            out.append(f)
    return out


def _first_named(country: str, year: int, pattern: str) -> dt.date | None:
    for day, name in _public_holidays(country, year):
        if pattern in name:
            return day
    return None


def quiet_periods(country: str, year: int, policy: CadencePolicy) -> list[QuietPeriod]:
    """Quiet periods of ``year`` for a customer in ``country`` (including our factory's shutdown)."""
    country = country.upper()
    out: list[QuietPeriod] = []
    if country in policy.gulf_countries:
        eid = _first_named(country, year, "Eid al-Fitr")
        if eid is not None:
            out.append(
                QuietPeriod(
                    "ramadan",
                    eid - dt.timedelta(days=30),
                    eid - dt.timedelta(days=1),
                    f"Ramadan in {country} (until Eid al-Fitr on {eid.isoformat()})",
                    f"{country} 斋月期间（开斋节 {eid.isoformat()}）",
                )
            )
    new_year = _first_named(policy.factory_country, year, "Chinese New Year (Spring Festival)")
    if new_year is not None:
        out.append(
            QuietPeriod(
                "factory_new_year",
                new_year - dt.timedelta(days=7),
                new_year + dt.timedelta(days=14),
                f"Chinese New Year factory shutdown (New Year on {new_year.isoformat()})",
                f"春节工厂放假（春节 {new_year.isoformat()}）",
            )
        )
    if country in policy.europe_countries:
        out.append(
            QuietPeriod(
                "europe_summer",
                dt.date(year, 7, 1),
                dt.date(year, 8, 31),
                "July–August holidays in Europe",
                "欧洲7–8月度假季",
            )
        )
    return out


def quiet_periods_around(country: str, day: dt.date, policy: CadencePolicy) -> list[QuietPeriod]:
    """Quiet periods of the year before, of and after ``day`` (a period may cross New Year)."""
    out: list[QuietPeriod] = []
    for year in (day.year - 1, day.year, day.year + 1):
        out.extend(quiet_periods(country, year, policy))
    return out


def next_birthday(birthday: dt.date, on_or_after: dt.date) -> dt.date:
    """The next anniversary of ``birthday`` on or after ``on_or_after`` (29 February → 28 February)."""
    for year in (on_or_after.year, on_or_after.year + 1):
        try:
            day = birthday.replace(year=year)
        except ValueError:
            day = dt.date(year, 2, 28)
        if day >= on_or_after:
            return day
    raise AssertionError("unreachable")  # pragma: no cover
