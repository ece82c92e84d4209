"""A reporting period: two dates, both included."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from laoke.core.scorecard.features import months_before


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"period starts after it ends: {self.start} > {self.end}")

    @property
    def days(self) -> int:
        """Number of days in the period."""
        return (self.end - self.start).days + 1

    @property
    def whole_months(self) -> int | None:
        """How many calendar months the period spans when it is made of whole months, else None."""
        if self.start.day != 1 or (self.end + dt.timedelta(days=1)).day != 1:
            return None
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def previous(self) -> Period:
        """The period of the same length that ends the day before this one starts.

        A period of whole calendar months is preceded by as many whole months (2024 before 2025,
        not 366 days); any other period by the same number of days.
        """
        end = self.start - dt.timedelta(days=1)
        months = self.whole_months
        if months is not None:
            return Period(months_before(self.start, months), end)
        return Period(end - dt.timedelta(days=self.days - 1), end)

    @classmethod
    def months_to(cls, end: dt.date, months: int) -> Period:
        """The ``months`` calendar months up to and including ``end``."""
        return cls(months_before(end, months) + dt.timedelta(days=1), end)

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` falls inside the period."""
        return self.start <= day <= self.end
