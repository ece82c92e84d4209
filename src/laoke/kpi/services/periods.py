"""The period selector: presets relative to the book's date, or two dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from laoke.core.kpi import Period

#: Preset codes in the order the selector shows them.
PRESETS = ("12m", "ytd", "last_quarter", "last_year", "custom")
#: Longest custom period (ten years).
MAX_DAYS = 3660
#: Custom dates outside these are refused (the period before must still be a real date).
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2999, 12, 31)


@dataclass(frozen=True)
class PeriodChoice:
    """What the user picked and the period it means."""

    preset: str
    period: Period


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def preset_period(preset: str, as_of: dt.date) -> Period:
    """The period of a preset, as of the book's date."""
    if preset == "ytd":
        return Period(dt.date(as_of.year, 1, 1), as_of)
    if preset == "last_quarter":
        end = _quarter_start(as_of) - dt.timedelta(days=1)
        return Period(_quarter_start(end), end)
    if preset == "last_year":
        return Period(dt.date(as_of.year - 1, 1, 1), dt.date(as_of.year - 1, 12, 31))
    return Period.months_to(as_of, 12)


def _sensible(start: dt.date, end: dt.date) -> bool:
    """A custom span in the right order, at most ten years, within years the comparisons can reach."""
    return EARLIEST <= start <= end <= LATEST and (end - start).days <= MAX_DAYS


def resolve_period(
    preset: str | None, start: dt.date | None, end: dt.date | None, *, as_of: dt.date
) -> PeriodChoice:
    """The period for the selector's values; an unknown preset or a bad custom span → last 12 months."""
    if preset == "custom" and start is not None and end is not None and _sensible(start, end):
        return PeriodChoice("custom", Period(start, end))
    chosen = preset if preset in PRESETS and preset != "custom" else "12m"
    return PeriodChoice(chosen, preset_period(chosen, as_of))
