"""Portfolio dashboard (manager home): grades, 80/20, risk, dormancy, 翻单率, sales mix, owners.

The reorder rate (翻单率) and the sales per owner are the KPI pack's (``laoke.kpi.services``) for
the last 12 months, so the dashboard and the KPI page cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from laoke.accounts.access import current_user
from laoke.accounts.models import User
from laoke.company.currency import home_currency
from laoke.company.names import country_name
from laoke.core.kpi import OWNER_SHARE_LIMIT
from laoke.customers.book_cache import book_version, cached, scope_key
from laoke.kpi.services import owner_kpis
from laoke.kpi.services.pack import default_as_of
from laoke.kpi.services.periods import preset_period
from laoke.platform.memo import kept
from laoke.retention.models import BacktestRun, LifecycleStateChoices
from laoke.web import dashboard_queries as q

#: Drawn dashboards kept by this process (scope, language, role, day and book version in the key).
_BODIES: dict[tuple[str, ...], str] = {}
_BODIES_KEPT = 64


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The whole book for a manager; a salesperson sees the same page over their own customers.

    The page's content is drawn once per scope, language, role, day and book version
    (:mod:`laoke.customers.book_cache`; a new accuracy check moves the version too) and kept in the
    shared cache and in this process, so a repeated visit costs the book version's query and the
    page around the content (menu, CSRF token).
    """
    user = current_user(request)
    version = book_version()
    params = (get_language(), "manager" if user.is_manager else "other", timezone.localdate().isoformat())
    body = kept(
        _BODIES,
        (scope_key(user), *params, version),
        _BODIES_KEPT,
        lambda: cached("dashboard-body", user, params, lambda: _body(request, user), version=version),
    )
    return render(request, "web/dashboard.html", {"nav": "dashboard", "body": mark_safe(body)})


def forget_kept_bodies() -> None:
    """Forget the dashboards drawn by this process (tests: a rolled-back test leaves ids, hence
    book versions, that the next one reuses)."""
    _BODIES.clear()


def _body(request: HttpRequest, user: User) -> str:
    """The page's content (figures, charts, accuracy check, pipeline pace) as HTML."""
    as_of = default_as_of(user, timezone.localdate())
    context = {"nav": "dashboard", "accuracy": _accuracy(as_of), **_figures(user, as_of)}
    return str(render_to_string("web/_dashboard_body.html", context, request=request))


def _accuracy(as_of: dt.date) -> dict[str, Any] | None:
    """The accuracy check (a backtest on the user's own book) of the scores shown, laid out for the
    table: the newest made as of the book's date or before. A book re-scored as of an earlier day
    (its last order's, for an old export) keeps the check of the later day too, whose year of
    "what happened since" had no orders at all."""
    run = BacktestRun.objects.filter(as_of__lte=as_of).order_by("-as_of", "-id").first()
    if run is None:
        return None
    labels = {"laoke": _("Laoke"), "bgnbd": _("BG/NBD (classic model)"), "rfm": _("RFM rule of thumb")}
    models = run.metrics.get("models", {})
    rows = [{"key": key, "label": label, **models[key]} for key, label in labels.items() if key in models]
    alerts = run.metrics.get("alerts", {})
    figures = [alerts.get(k) for k in ("precision", "rhythm_base_rate", "stated_confidence")]
    overdue = None
    if alerts.get("flagged") and all(isinstance(v, float) and math.isfinite(v) for v in figures):
        precision, base, stated = (round(100 * v) for v in figures)
        overdue = {
            "flagged": int(alerts["flagged"]),
            "precision": precision,
            "rhythm_base": base,
            "stated": stated,
        }
    stated = run.metrics.get("stated_chance") or {}
    deciles = [
        {"stated": round(100 * mean), "observed": round(100 * rate), "customers": int(size)}
        for mean, rate, size in stated.get("reliability") or []
    ]
    return {
        "cutoff": run.cutoff,
        "horizon_days": run.horizon_days,
        "customers": run.customers,
        "rows": rows,
        # AUC is undefined (stored as null) when everyone or no one ordered in the check's window.
        "auc_undefined": any(row.get("auc") is None for row in rows),
        "active": int(run.metrics.get("active_in_horizon") or 0),
        "overdue": overdue,
        # The chance the customer pages state (within 90 days) against what happened.
        "stated_chance": {"days": stated.get("days"), "rows": deciles} if deciles else None,
    }


def _owner_figures(
    user: User, as_of: dt.date
) -> tuple[list[dict[str, Any]], float | None, list[dict[str, Any]]]:
    """翻单率 per owner, for the company, and the sales per owner (managers only): the KPI pack's
    figures for its default period (the last 12 months up to the book's date)."""
    kpis = owner_kpis(user=user, period=preset_period("12m", as_of))
    reorder = [
        {"owner": kpis.name(r.owner_id), "base_customers": r.base, "reordered": r.hits, "rate": r.rate}
        for r in kpis.reorder.by_owner
    ]
    owners = [
        {
            "owner_id": o.owner_id,
            "owner": kpis.name(o.owner_id),
            "customers": o.customers,
            "revenue": o.revenue,
            "share": o.share,
            "flagged": o.flagged,
        }
        for o in kpis.owners
    ]
    return reorder, kpis.reorder.company.rate, owners if user.is_manager else []


def _figures(user: User, as_of: dt.date) -> dict[str, Any]:
    """The page's figures as of the book's date (``default_as_of``, read once by ``_body``)."""
    scores = q.scope(user)
    grades = q.grade_distribution(scores)
    pareto = q.pareto_curve(scores)
    risk_count, risk_revenue, risk_top = q.at_risk(scores)
    states = q.state_counts(scores)
    trend = q.dormant_trend(user, as_of)
    reorder, reorder_total, owners = _owner_figures(user, as_of)
    countries = q.revenue_by(scores, "country")
    currencies = q.revenue_by(scores, "currency")
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
        "countries": [
            {"name": country_name(s.key) if s.key else other, "value": round(s.revenue)} for s in countries
        ],
        "currencies": [{"name": s.key or other, "value": round(s.revenue)} for s in currencies],
    }
    return {
        "as_of": as_of,
        "currency": home_currency(),
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
        "reorder_total": reorder_total,
        "countries": countries,
        "currencies": currencies,
        "owners": owners,
        "owner_limit": OWNER_SHARE_LIMIT,
        "flagged_owners": [o for o in owners if o["flagged"]],
        "charts": charts,
    }
