"""Portfolio dashboard (manager home): grades, 80/20, risk, dormancy, 翻单率, sales mix, owners."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from laoke.accounts.models import User
from laoke.company.models import CompanySettings
from laoke.customers.visibility import sees_everything
from laoke.orders.models import Order
from laoke.retention.models import BacktestRun, CustomerScore, LifecycleStateChoices, StateChange
from laoke.web import dashboard_queries as q
from laoke.web.access import current_user


def _home_currency() -> str:
    company = CompanySettings.objects.filter(pk=1).only("home_currency").first()
    return company.home_currency if company else "USD"


#: Figures are kept this long at most; any rescoring or new order changes the key sooner.
CACHE_SECONDS = 600


def _book_version() -> str:
    """Changes whenever scores are recomputed or orders/state history are written."""
    scores = CustomerScore.objects.aggregate(at=Max("computed_at"), n=Count("id"))
    orders = Order.objects.aggregate(last=Max("id"))
    changes = StateChange.objects.aggregate(last=Max("id"))
    return f"{scores['at']}|{scores['n']}|{orders['last']}|{changes['last']}"


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The whole book for a manager; a salesperson sees the same page over their own customers.

    The figures are cached per scope and book version, so repeated visits cost a few small queries.
    """
    user = current_user(request)
    scope_key = "all" if sees_everything(user) else f"user{user.pk}"
    version = hashlib.sha1(_book_version().encode(), usedforsecurity=False).hexdigest()
    key = f"laoke:dashboard:{scope_key}:{get_language()}:{version}"
    context = cache.get(key)
    if context is None:
        context = _figures(user)
        cache.set(key, context, CACHE_SECONDS)
    return render(request, "web/dashboard.html", {"nav": "dashboard", "accuracy": _accuracy(), **context})


def _accuracy() -> dict[str, Any] | None:
    """The newest accuracy check (a backtest on the user's own book), laid out for the table."""
    run = BacktestRun.objects.order_by("-as_of", "-id").first()
    if run is None:
        return None
    labels = {"laoke": _("Laoke"), "bgnbd": _("BG/NBD (classic model)"), "rfm": _("RFM rule of thumb")}
    models = run.metrics.get("models", {})
    rows = [{"key": key, "label": label, **models[key]} for key, label in labels.items() if key in models]
    return {"cutoff": run.cutoff, "horizon_days": run.horizon_days, "customers": run.customers, "rows": rows}


def _figures(user: User) -> dict[str, Any]:
    scores = q.scope(user)
    as_of = q.book_date(scores, timezone.localdate())
    grades = q.grade_distribution(scores)
    pareto = q.pareto_curve(scores)
    risk_count, risk_revenue, risk_top = q.at_risk(scores)
    states = q.state_counts(scores)
    trend = q.dormant_trend(user, as_of)
    reorder = q.reorder_rates(user, as_of)
    base = sum(r.base_customers for r in reorder)
    again = sum(r.reordered for r in reorder)
    countries = q.revenue_by(scores, "country")
    currencies = q.revenue_by(scores, "currency")
    owners = q.owner_concentration(scores) if user.is_manager else []
    other = _("Other")
    charts: dict[str, Any] = {
        "grades": {
            "labels": [g.key for g in grades],
            "customers": [g.customers for g in grades],
            "revenue": [round(g.revenue) for g in grades],
            "customersName": _("Customers"),
            "revenueName": _("Sales, last 12 months"),
        },
        "pareto": {
            "points": [[round(x * 100, 2), round(y * 100, 2)] for x, y in pareto.points],
            "xName": _("Share of customers (ranked by sales) %"),
            "yName": _("Share of sales %"),
            "seriesName": _("Cumulative share of sales"),
            "topShare": round(pareto.top_share * 100),
        },
        "dormant": {
            "months": [date_format(end, "YEAR_MONTH_FORMAT") for end, _n in trend],
            "counts": [n for _end, n in trend],
            "seriesName": _("Dormant customers"),
        },
        "countries": [{"name": s.key or other, "value": round(s.revenue)} for s in countries],
        "currencies": [{"name": s.key or other, "value": round(s.revenue)} for s in currencies],
    }
    return {
        "as_of": as_of,
        "currency": _home_currency(),
        "grades": grades,
        "graded": sum(g.customers for g in grades),
        "pareto": pareto,
        "risk_count": risk_count,
        "risk_revenue": risk_revenue,
        "risk_top": risk_top,
        "dormant_count": states.get(LifecycleStateChoices.DORMANT, 0),
        "states": [(label, states.get(value, 0)) for value, label in LifecycleStateChoices.choices],
        "trend": trend,
        "reorder": reorder,
        "reorder_total": again / base if base else None,
        "countries": countries,
        "currencies": currencies,
        "owners": owners,
        "owner_limit": q.OWNER_CONCENTRATION_LIMIT,
        "flagged_owners": [o for o in owners if o["flagged"]],
        "charts": charts,
    }
