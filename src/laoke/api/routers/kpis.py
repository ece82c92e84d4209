"""The KPI pack over what the caller may see, for a period (default: the last 12 months)."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from laoke.accounts.models import User
from laoke.api.auth import api_user
from laoke.api.errors import field_error
from laoke.api.schemas import ErrorOut, KpiFilter, KpiOut
from laoke.core.kpi import Period, RateBreakdown, ResponseRow
from laoke.kpi.messages import definitions_in
from laoke.kpi.services import kpi_pack
from laoke.kpi.services.pack import default_as_of
from laoke.kpi.services.periods import MAX_DAYS

router = Router(tags=["kpis"])


def _rates(breakdown: RateBreakdown, logins: dict[int, str]) -> dict[str, Any]:
    def row(r: Any) -> dict[str, Any]:
        owner = logins.get(r.owner_id) if r.owner_id is not None else None
        return {"owner": owner, "base": r.base, "hits": r.hits, "rate": r.rate}

    return {"company": row(breakdown.company), "by_owner": [row(r) for r in breakdown.by_owner]}


def _response(r: ResponseRow, logins: dict[int, str]) -> dict[str, Any]:
    user = logins.get(r.user_id) if r.user_id is not None else None
    return {
        "user": user,
        "mails": r.mails,
        "answered": r.answered,
        "median_hours": r.median_hours,
        "within_target": r.within_target,
    }


@router.get("/kpis", response={200: KpiOut, 422: ErrorOut}, summary="The KPI pack")
def kpis(request: HttpRequest, filters: Query[KpiFilter]) -> dict[str, Any]:
    """Reorder rate, retention, win-back, 80/20, owner concentration, response time, losses and
    pipeline pace over the customers the caller may see (see docs/kpi.md for the definitions)."""
    user = api_user(request)
    default = Period.months_to(default_as_of(user, timezone.localdate()), 12)
    start, end = filters.start or default.start, filters.end or default.end
    if start > end:
        raise field_error("start", _("The period starts after it ends."))
    if (end - start).days > MAX_DAYS:
        raise field_error("start", _("A period is at most ten years long."))
    pack = kpi_pack(user=user, period=Period(start, end))
    logins = dict(User.objects.filter(pk__in=list(pack.names)).values_list("pk", "username"))
    summary = pack.concentration.summary
    return {
        "start": start,
        "end": end,
        "definitions": definitions_in("en", "zh-hans"),
        "reorder": _rates(pack.reorder, logins),
        "retention": _rates(pack.retention, logins),
        "winback": _rates(pack.winback, logins),
        "winback_plans": _rates(pack.plans, logins),
        "revenue_concentration": {
            "customers": summary.customers,
            "revenue": summary.revenue,
            "top_share_revenue_share": summary.top_share_revenue_share,
            "customers_for_cut": summary.customers_for_cut,
        },
        "owner_concentration": [
            {
                "owner": logins.get(o.owner_id) if o.owner_id is not None else None,
                "customers": o.customers,
                "revenue": o.revenue,
                "share": o.share,
                "flagged": o.flagged,
            }
            for o in pack.owners
        ],
        "response_time": {
            "company": _response(pack.response.company, logins),
            "by_user": [_response(r, logins) for r in pack.response.by_user],
        },
        "losses": [vars(loss) for loss in pack.losses],
        "pipeline_pace": list(
            pack.pace.select("quarter", "tracked", "entered", "converted", "dropped", "goal").iter_rows(
                named=True
            )
        ),
    }
