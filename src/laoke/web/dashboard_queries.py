"""Figures of the portfolio dashboard, aggregated in SQL over the stored scores and state history.

Every figure reads the derived ``CustomerScore`` rows (one per customer, written by
``laoke score``) or the state-change history, so the page stays fast with 10 k customers. The
reorder rate and the sales per owner are not here: the dashboard takes them from the KPI pack
(``laoke.kpi.services.owner_kpis``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet, Sum

from laoke.accounts.models import User
from laoke.customers.visibility import visible_for
from laoke.retention.models import CustomerScore, LifecycleStateChoices, StateChange

#: The share of top customers whose sales the Pareto headline reports (the "20" of 80/20).
TOP_SHARE = 0.20
#: Points drawn on the Pareto curve at most (the curve is sampled, the headline is exact).
PARETO_POINTS = 101
AT_RISK_LISTED = 10
TREND_MONTHS = 12


@dataclass(frozen=True)
class Slice:
    """One group of a breakdown: a label, how many customers and how much they bought."""

    key: str
    customers: int
    revenue: float
    share: float = 0.0


@dataclass(frozen=True)
class ParetoCurve:
    """Cumulative share of sales (y) along the share of customers ranked by sales (x)."""

    customers: int
    revenue: float
    top_share: float  # the share of customers in the headline (0.2)
    top_customers: int  # how many customers that is
    top_revenue_share: float  # the share of sales they make
    points: list[tuple[float, float]] = field(default_factory=list)


def scope(user: User) -> QuerySet[CustomerScore]:
    """Scores of the customers the user may see (``laoke.customers.visibility``)."""
    return visible_for(user, CustomerScore.objects.all())


def _with_shares(rows: list[Slice]) -> list[Slice]:
    total = sum(r.revenue for r in rows)
    return [Slice(r.key, r.customers, r.revenue, r.revenue / total if total else 0.0) for r in rows]


def grade_distribution(qs: QuerySet[CustomerScore]) -> list[Slice]:
    """Customers and sales per grade, best grade first; ungraded prospects are left out."""
    rows = (
        qs.exclude(grade="")
        .values("grade")
        .annotate(n=Count("id"), revenue=Sum("revenue_12m"))
        .order_by("grade")
    )
    return _with_shares([Slice(r["grade"], r["n"], float(r["revenue"] or 0.0)) for r in rows])


def pareto_curve(qs: QuerySet[CustomerScore], top_share: float = TOP_SHARE) -> ParetoCurve:
    """The 80/20 curve over the customers with positive sales in the last 12 months.

    The top group has ``round(n × top_share)`` customers (at least one), as in
    :func:`laoke.core.scorecard.pareto.pareto_summary`.
    """
    values = sorted(
        (float(v) for v in qs.filter(revenue_12m__gt=0).values_list("revenue_12m", flat=True)), reverse=True
    )
    n = len(values)
    total = math.fsum(values)
    if not n or total <= 0:
        return ParetoCurve(0, 0.0, top_share, 0, 0.0, [(0.0, 0.0)])
    cumulative = [0.0]
    running = 0.0
    for value in values:
        running += value
        cumulative.append(running / total)
    top_n = max(1, round(n * top_share))
    steps = min(n, PARETO_POINTS - 1)
    ranks = sorted({round(i * n / steps) for i in range(steps + 1)})
    points = [(rank / n, cumulative[rank]) for rank in ranks]
    return ParetoCurve(n, total, top_share, top_n, cumulative[top_n], points)


def at_risk(qs: QuerySet[CustomerScore]) -> tuple[int, float, list[CustomerScore]]:
    """Customers at risk: their number, their sales of the last 12 months, the largest of them."""
    risky = qs.filter(state=LifecycleStateChoices.AT_RISK)
    totals = risky.aggregate(n=Count("id"), revenue=Sum("revenue_12m"))
    top = list(risky.select_related("customer", "customer__owner").order_by("-revenue_12m")[:AT_RISK_LISTED])
    return int(totals["n"] or 0), float(totals["revenue"] or 0.0), top


def state_counts(qs: QuerySet[CustomerScore]) -> dict[str, int]:
    """Customers per lifecycle state now."""
    return {r["state"]: r["n"] for r in qs.exclude(state="").values("state").annotate(n=Count("id"))}


def month_ends(as_of: dt.date, months: int = TREND_MONTHS) -> list[dt.date]:
    """The last day of each of the ``months`` months up to the one holding ``as_of`` (oldest first)."""
    ends = []
    year, month = as_of.year, as_of.month
    for _ in range(months):
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        ends.append(min(nxt - dt.timedelta(days=1), as_of))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return ends[::-1]


def dormant_trend(user: User, as_of: dt.date, months: int = TREND_MONTHS) -> list[tuple[dt.date, int]]:
    """Dormant customers at the end of each month, replayed from the state-change history."""
    changes = visible_for(user, StateChange.objects.filter(changed_on__lte=as_of))
    rows = changes.order_by("customer_id", "changed_on").values_list("customer_id", "changed_on", "state")
    ends = month_ends(as_of, months)
    counts = [0] * len(ends)
    history: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    for customer_id, changed_on, state in rows.iterator(chunk_size=5000):
        history[customer_id].append((changed_on, state))
    for steps in history.values():
        i = 0
        state = ""
        for k, end in enumerate(ends):
            while i < len(steps) and steps[i][0] <= end:
                state = steps[i][1]
                i += 1
            if state == LifecycleStateChoices.DORMANT:
                counts[k] += 1
    return list(zip(ends, counts, strict=True))


def revenue_by(qs: QuerySet[CustomerScore], column: str, limit: int = 15) -> list[Slice]:
    """Sales of the last 12 months grouped by a customer column (``country`` or ``currency``).

    The largest ``limit`` groups are listed; the rest are summed into one group with key "".
    """
    rows = (
        qs.filter(revenue_12m__gt=0)
        .values(f"customer__{column}")
        .annotate(n=Count("id"), revenue=Sum("revenue_12m"))
        .order_by("-revenue")
    )
    slices = [Slice(r[f"customer__{column}"] or "?", r["n"], float(r["revenue"] or 0.0)) for r in rows]
    head, tail = slices[:limit], slices[limit:]
    if tail:
        head.append(Slice("", sum(s.customers for s in tail), sum(s.revenue for s in tail)))
    return _with_shares(head)
