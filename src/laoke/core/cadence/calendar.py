"""Festivals worth a greeting and quiet periods to avoid, per country, from the ``holidays`` package.

:mod:`laoke.core.cadence.festivals` says which festivals a customer in each country is greeted for
and when they fall (by festival code, from the ``holidays`` package's calendars); this module
lists them over a span of days and derives the quiet periods: Ramadan for Gulf buyers (the month
before Eid al-Fitr), the Chinese New Year factory shutdown, and the July–August holidays in Europe.

Festivals and quiet periods are codes with dates (a greeting code such as ``christmas`` or the
joint ``new_year+christmas``, a quiet period's :attr:`QuietPeriod.reason`); the cadence app words
them (``laoke.cadence.messages``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from laoke.core.cadence.festivals import festival_date, greetings_for
from laoke.core.cadence.policy import CadencePolicy
from laoke.core.messages import Message, Param


@dataclass(frozen=True)
class Festival:
    """One festival of one country on one date."""

    code: str
    country: str
    on: dt.date
    #: What the greeting is for: the festival's code, or a joint greeting when two festivals
    #: share one mail (``new_year+christmas``: Christmas and New Year; ``new_year+orthodox_christmas``).
    greeting: str = ""

    def __post_init__(self) -> None:
        if not self.greeting:
            object.__setattr__(self, "greeting", self.code)


@dataclass(frozen=True)
class QuietPeriod:
    """Days when pushing business is unwelcome; ``long`` periods only move the big pushes."""

    code: str  # ramadan / factory_new_year / europe_summer
    starts_on: dt.date
    ends_on: dt.date
    country: str = ""
    #: The day that sets the period (Eid al-Fitr, the Chinese New Year), if any.
    on: dt.date | None = None

    @property
    def params(self) -> dict[str, Param]:
        """The figures its wordings show: the customer's country and the day that sets it."""
        return {k: v for k, v in (("country", self.country), ("on", self.on)) if v}

    @property
    def reason(self) -> Message:
        """What the period is, as a message (``cadence.quiet.ramadan``…)."""
        return Message(f"cadence.quiet.{self.code}", self.params)

    @property
    def reason_en(self) -> str:
        """Deprecated: the period is :attr:`reason` now (kept so old callers do not fail)."""
        return ""

    @property
    def reason_zh(self) -> str:
        """Deprecated: the period is :attr:`reason` now (kept so old callers do not fail)."""
        return ""

    @property
    def long(self) -> bool:
        """Longer than a month (the European summer): the monthly touch stays, only pushes move."""
        return (self.ends_on - self.starts_on).days > 35

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` falls inside the period."""
        return self.starts_on <= day <= self.ends_on


def festivals(country: str, year: int, codes: tuple[str, ...] | None = None) -> list[Festival]:
    """The festivals of ``country`` in ``year`` worth a greeting, one per festival (its first day).

    ``codes`` replaces the country's greetings (the company's switches applied, say).
    """
    return list(_festivals(country.upper(), year, codes))


@lru_cache(maxsize=1024)
def _festivals(country: str, year: int, codes: tuple[str, ...] | None = None) -> tuple[Festival, ...]:
    found: list[Festival] = []
    country = country.upper()
    for code in greetings_for(country) if codes is None else codes:
        day = festival_date(code, country, year)
        if day is not None:
            found.append(Festival(code, country, day))
    return tuple(sorted(found, key=lambda f: f.on))


#: A New Year this close after Christmas shares one greeting with it ("Merry Christmas and a happy New Year").
JOINT_GREETING_DAYS = 10


def festivals_between(
    country: str, start: dt.date, end: dt.date, codes: tuple[str, ...] | None = None
) -> list[Festival]:
    """Greeted festivals of ``country`` from ``start`` to ``end`` inclusive (``codes`` as in ``festivals``).

    Christmas followed within days by New Year becomes one greeting on Christmas.
    """
    return list(_festivals_between(country, start, end, codes))


@lru_cache(maxsize=8192)
def _festivals_between(
    country: str, start: dt.date, end: dt.date, codes: tuple[str, ...] | None
) -> tuple[Festival, ...]:
    """``festivals_between``, kept: the follow-up plan asks it for every customer of a country
    with the same dates (thousands of times on a large book)."""
    found: list[Festival] = []
    for year in range(start.year - 1, end.year + 1):
        found.extend(festivals(country, year, codes))
    christmas = {f.on for f in found if f.code == "christmas"}
    new_years = {f.on for f in found if f.code == "new_year"}
    out: list[Festival] = []
    for f in found:
        # Russia's Christmas (7 January) follows New Year: one greeting, on New Year.
        if f.code == "orthodox_christmas" and any(
            0 < (f.on - n).days <= JOINT_GREETING_DAYS for n in new_years
        ):
            continue
        if f.code == "new_year" and any(
            g.code == "orthodox_christmas" and 0 < (g.on - f.on).days <= JOINT_GREETING_DAYS for g in found
        ):
            f = Festival("new_year", f.country, f.on, "new_year+orthodox_christmas")
        if f.code == "new_year" and any(0 < (f.on - c).days <= JOINT_GREETING_DAYS for c in christmas):
            continue
        if f.code == "christmas" and any(
            g.code == "new_year" and 0 < (g.on - f.on).days <= JOINT_GREETING_DAYS for g in found
        ):
            f = Festival("christmas", f.country, f.on, "new_year+christmas")
        if start <= f.on <= end:
            out.append(f)
    return tuple(out)


def quiet_periods(country: str, year: int, policy: CadencePolicy) -> list[QuietPeriod]:
    """Quiet periods of ``year`` for a customer in ``country`` (including our factory's shutdown)."""
    country = country.upper()
    out: list[QuietPeriod] = []
    if country in policy.gulf_countries:
        eid = festival_date("eid_al_fitr", country, year)
        if eid is not None:
            out.append(
                QuietPeriod(
                    "ramadan",
                    eid - dt.timedelta(days=30),
                    eid - dt.timedelta(days=1),
                    country=country,
                    on=eid,
                )
            )
    new_year = festival_date("lunar_new_year", policy.factory_country, year)
    if new_year is not None:
        out.append(
            QuietPeriod(
                "factory_new_year",
                new_year - dt.timedelta(days=7),
                new_year + dt.timedelta(days=14),
                on=new_year,
            )
        )
    if country in policy.europe_countries:
        out.append(
            QuietPeriod(
                "europe_summer",
                dt.date(year, 7, 1),
                dt.date(year, 8, 31),
                country=country,
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
