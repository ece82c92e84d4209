"""The KPI pack over the customers a user may see (a manager's team or book, a salesperson's own).

The reorder rate and the owner concentration are also shown on the portfolio dashboard, which
takes them from :func:`owner_kpis`: the same queries and the same core functions as the pack.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from laoke.accounts.models import User
from laoke.core.kpi import (
    OwnerShare,
    Period,
    RateBreakdown,
    ResponseTimes,
    RevenueConcentration,
    losses_by_reason,
    owner_concentration,
    plan_winback_rate,
    reorder_rate,
    response_times,
    retention_rate,
    revenue_concentration,
    winback_rate,
)
from laoke.core.kpi.losses import LOOKBACK_MONTHS, LossSummary
from laoke.core.scorecard.features import months_before
from laoke.customers.book_cache import cached
from laoke.kpi import repositories as repo
from laoke.pipeline.repositories import visible_prospects
from laoke.pipeline.services.board import pace


@dataclass
class KpiPack:
    """Every KPI for one period and one user's scope; ``names`` maps user ids to display names."""

    period: Period
    previous: Period
    reorder: RateBreakdown
    retention: RateBreakdown
    winback: RateBreakdown
    plans: RateBreakdown
    concentration: RevenueConcentration
    owners: list[OwnerShare]
    response: ResponseTimes
    losses: list[LossSummary]
    pace: pl.DataFrame
    names: dict[int, str] = field(default_factory=dict)

    def name(self, user_id: int | None) -> str:
        """The display name of a user id ("" for None: no owner)."""
        return self.names.get(user_id, "") if user_id is not None else ""


@dataclass
class OwnerKpis:
    """The reorder rate and the owner concentration of one period over a user's scope, with names."""

    period: Period
    reorder: RateBreakdown
    owners: list[OwnerShare]
    names: dict[int, str] = field(default_factory=dict)

    def name(self, user_id: int | None) -> str:
        """The display name of a user id ("" for None: no owner)."""
        return self.names.get(user_id, "") if user_id is not None else ""


def _reorder_and_owners(
    orders: pl.DataFrame, owner_frame: pl.DataFrame, period: Period
) -> tuple[RateBreakdown, list[OwnerShare]]:
    """The two KPIs per owner, from the frames of :mod:`laoke.kpi.repositories` (pack and dashboard)."""
    return reorder_rate(orders, owner_frame, period), owner_concentration(orders, owner_frame, period)


def owner_kpis(*, user: User, period: Period) -> OwnerKpis:
    """The reorder rate and the owner concentration of ``period`` over what ``user`` may see.

    Exactly the figures of :func:`kpi_pack` for the same user and period, without the other KPIs.
    Cached per scope and book version (:mod:`laoke.customers.book_cache`).
    """
    return cached("owner_kpis", user, (period.start, period.end), lambda: _owner_kpis(user, period))


def _owner_kpis(user: User, period: Period) -> OwnerKpis:
    orders = repo.order_totals(user, period.previous().start, period.end)
    reorder, owners = _reorder_and_owners(orders, repo.owners(user), period)
    ids = {r.owner_id for r in reorder.by_owner} | {o.owner_id for o in owners}
    return OwnerKpis(period, reorder, owners, repo.user_names({i for i in ids if i is not None}))


def kpi_pack(*, user: User, period: Period) -> KpiPack:
    """The KPI pack of ``period`` over what ``user`` may see, cached per scope and book version.

    A pack is computed once after each change of the book (:mod:`laoke.customers.book_cache`).
    """
    return cached("kpi_pack", user, (period.start, period.end), lambda: _kpi_pack(user, period))


def _kpi_pack(user: User, period: Period) -> KpiPack:
    previous = period.previous()
    since = min(previous.start, months_before(period.start, LOOKBACK_MONTHS))
    orders = repo.order_totals(user, since, period.end)
    owner_frame = repo.owners(user)
    states = repo.state_changes(user, period.end)
    in_period = orders.filter(pl.col("order_date") >= period.start)
    reorder, owners = _reorder_and_owners(orders, owner_frame, period)
    pack = KpiPack(
        period=period,
        previous=previous,
        reorder=reorder,
        retention=retention_rate(states, owner_frame, period),
        winback=winback_rate(states, owner_frame, period),
        plans=plan_winback_rate(repo.winback_plans(user, period.end), owner_frame, period),
        concentration=revenue_concentration(in_period, period),
        owners=owners,
        response=response_times(repo.received_mails(user, period.start, period.end), period),
        losses=losses_by_reason(repo.losses(user, period.start, period.end), orders, period),
        pace=pace(prospects=visible_prospects(user), as_of=period.end, quarters=4).filter(
            pl.col("owner").is_null()
        ),
    )
    ids: set[int] = set()
    for breakdown in (pack.reorder, pack.retention, pack.winback, pack.plans):
        ids.update(r.owner_id for r in breakdown.by_owner if r.owner_id is not None)
    ids.update(o.owner_id for o in pack.owners if o.owner_id is not None)
    ids.update(r.user_id for r in pack.response.by_user if r.user_id is not None)
    pack.names = repo.user_names(ids)
    return pack


def default_as_of(user: User, today: dt.date) -> dt.date:
    """The book's date for presets (the latest scoring), else today."""
    return cached("book_date", user, (today,), lambda: repo.book_date(user, today))
