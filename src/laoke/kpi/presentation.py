"""The KPI pack laid out for the page, the charts and the Excel workbook, in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from laoke.core.kpi import RateBreakdown
from laoke.fileio.export import Sheet
from laoke.kpi.messages import definition
from laoke.kpi.services import KpiPack
from laoke.retention.models import LossReasonChoices


def _owner(pack: KpiPack, owner_id: int | None) -> str:
    return pack.name(owner_id) or _("(no owner)")


def rate_rows(pack: KpiPack, breakdown: RateBreakdown) -> list[dict[str, Any]]:
    """Per-owner rows of a rate: owner, base, hits, rate (None without a base)."""
    return [
        {"owner": _owner(pack, r.owner_id), "base": r.base, "hits": r.hits, "rate": r.rate}
        for r in breakdown.by_owner
    ]


def _rate_chart(pack: KpiPack, breakdown: RateBreakdown, series: str) -> dict[str, Any]:
    rows = rate_rows(pack, breakdown)
    return {
        "labels": [r["owner"] for r in rows],
        "values": [round(r["rate"] * 100, 1) if r["rate"] is not None else None for r in rows],
        "company": round(breakdown.company.rate * 100, 1) if breakdown.company.rate is not None else None,
        "seriesName": series,
        "companyName": _("Company"),
    }


def loss_label(reason: str) -> str:
    """The loss reason in the reader's language."""
    try:
        return str(LossReasonChoices(reason).label)
    except ValueError:
        return reason


def charts(pack: KpiPack) -> dict[str, Any]:
    """The data every chart of the page draws (JSON-ready)."""
    summary = pack.concentration.summary
    return {
        "reorder": _rate_chart(pack, pack.reorder, _("Reorder rate %")),
        "retention": _rate_chart(pack, pack.retention, _("Retention rate %")),
        "winback": _rate_chart(pack, pack.winback, _("Win-back rate %")),
        "pareto": {
            "points": [[round(x * 100, 2), round(y * 100, 2)] for x, y in pack.concentration.curve],
            "xName": _("Share of customers (ranked by sales) %"),
            "yName": _("Share of sales %"),
            "seriesName": _("Cumulative share of sales"),
            "topShare": round(summary.top_share * 100),
        },
        "owners": [{"name": _owner(pack, o.owner_id), "value": round(o.revenue)} for o in pack.owners],
        "response": {
            "labels": [_owner(pack, r.user_id) for r in pack.response.by_user],
            "values": [
                round(r.median_hours, 2) if r.median_hours is not None else None
                for r in pack.response.by_user
            ],
            "seriesName": _("Median reply time (hours)"),
        },
        "losses": {
            "labels": [loss_label(r.reason) for r in pack.losses],
            "customers": [r.customers for r in pack.losses],
            "revenue": [round(r.revenue_lost) for r in pack.losses],
            "customersName": _("Customers lost"),
            "revenueName": _("Sales lost (12 months before)"),
        },
        "pace": {
            "labels": pack.pace["quarter"].to_list(),
            "entered": pack.pace["entered"].to_list(),
            "converted": pack.pace["converted"].to_list(),
            "goal": pack.pace["goal"].to_list(),
            "enteredName": _("New targets"),
            "convertedName": _("Converted"),
            "goalName": _("Goal (5 %)"),
        },
    }


def _rate_sheet(pack: KpiPack, name: str, breakdown: RateBreakdown, base: str, hits: str) -> Sheet:
    rows: list[list[Any]] = [
        [r["owner"], r["base"], r["hits"], r["rate"]] for r in rate_rows(pack, breakdown)
    ]
    rows.append([_("Company"), breakdown.company.base, breakdown.company.hits, breakdown.company.rate])
    return Sheet(name, [_("Owner"), base, hits, _("Rate")], rows, {0: 24, 1: 18, 2: 18}, {3: "0.0%"})


def workbook(pack: KpiPack) -> list[Sheet]:
    """One sheet per KPI, plus the definitions and the period."""
    summary = pack.concentration.summary
    codes = [
        ("reorder", _("Reorder rate")),
        ("retention", _("Retention rate")),
        ("revenue_concentration", _("Revenue concentration")),
        ("owner_concentration", _("Owner concentration")),
        ("response_time", _("Response time")),
        ("winback", _("Win-back rate")),
        ("losses", _("Losses by reason")),
        ("pipeline_pace", _("Pipeline pace")),
    ]
    about = [[_("Period"), f"{pack.period.start:%Y-%m-%d} – {pack.period.end:%Y-%m-%d}"]]
    about += [[label, definition(code)] for code, label in codes]
    return [
        Sheet(_("Definitions"), [_("KPI"), _("Definition")], about, {0: 26, 1: 110}),
        _rate_sheet(
            pack, _("Reorder rate"), pack.reorder, _("Bought in the period before"), _("Bought again")
        ),
        _rate_sheet(
            pack, _("Retention rate"), pack.retention, _("Kept at the start"), _("Still kept at the end")
        ),
        _rate_sheet(
            pack, _("Win-back rate"), pack.winback, _("Dormant or lost at the start"), _("Active again")
        ),
        _rate_sheet(pack, _("Win-back plans"), pack.plans, _("Plans running"), _("Won back")),
        Sheet(
            _("Revenue concentration"),
            [_("Figure"), _("Value")],
            [
                [_("Buying customers"), summary.customers],
                [_("Sales"), summary.revenue],
                [_("Sales share of the top fifth of customers (20/80)"), summary.top_share_revenue_share],
                [_("Customers who make four fifths of sales"), summary.customers_for_cut],
            ],
            {0: 40, 1: 16},
        ),
        Sheet(
            _("Owner concentration"),
            [_("Owner"), _("Customers"), _("Sales"), _("Share"), _("Above 30 %")],
            [[_owner(pack, o.owner_id), o.customers, o.revenue, o.share, o.flagged] for o in pack.owners],
            {0: 24, 2: 16},
            {2: "#,##0", 3: "0.0%"},
        ),
        Sheet(
            _("Response time"),
            [_("Salesperson"), _("Mails received"), _("Answered"), _("Median hours"), _("Within 10 minutes")],
            [
                [name, r.mails, r.answered, r.median_hours, r.within_target]
                for name, r in [
                    *((_owner(pack, r.user_id), r) for r in pack.response.by_user),
                    (_("Company"), pack.response.company),
                ]
            ],
            {0: 24},
            {3: "0.00"},
        ),
        Sheet(
            _("Losses by reason"),
            [_("Reason"), _("Customers lost"), _("Sales lost"), _("Share of sales lost")],
            [
                [loss_label(r.reason), r.customers, r.revenue_lost, r.share_of_revenue_lost]
                for r in pack.losses
            ],
            {0: 44, 2: 16},
            {2: "#,##0", 3: "0.0%"},
        ),
        Sheet(
            _("Pipeline pace"),
            [
                _("Quarter"),
                _("Tracked at the start"),
                _("New targets"),
                _("Converted"),
                _("Dropped"),
                _("Goal"),
            ],
            [
                list(row)
                for row in pack.pace.select(
                    "quarter", "tracked", "entered", "converted", "dropped", "goal"
                ).iter_rows()
            ],
            {0: 12},
        ),
    ]
