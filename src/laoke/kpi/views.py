"""The KPI page (a manager's team or book, a salesperson's own figures) and its Excel export."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from laoke.accounts.access import current_user
from laoke.audit.models import AuditAction
from laoke.audit.services import record
from laoke.company.currency import home_currency
from laoke.core.kpi import KPI_CODES
from laoke.fileio.export import write_xlsx_book
from laoke.kpi import presentation as show
from laoke.kpi.forms import PeriodForm
from laoke.kpi.messages import definition
from laoke.kpi.services import KpiPack, PeriodChoice, kpi_pack, resolve_period
from laoke.kpi.services.pack import default_as_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _choice(request: HttpRequest) -> tuple[PeriodForm, PeriodChoice]:
    user = current_user(request)
    form = PeriodForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    choice = resolve_period(
        data.get("preset"),
        data.get("start"),
        data.get("end"),
        as_of=default_as_of(user, timezone.localdate()),
    )
    if not request.GET or not form.is_valid():
        form = PeriodForm(
            initial={"preset": choice.preset, "start": choice.period.start, "end": choice.period.end}
        )
    return form, choice


@login_required
def kpi_page(request: HttpRequest) -> HttpResponse:
    """Every KPI of the chosen period, each with its definition, a chart and a table."""
    user = current_user(request)
    form, choice = _choice(request)
    pack = kpi_pack(user=user, period=choice.period)
    context = {
        "nav": "kpi",
        "form": form,
        "choice": choice,
        "pack": pack,
        "currency": home_currency(),
        "definitions": {code: definition(code) for code in KPI_CODES},
        "reorder_rows": show.rate_rows(pack, pack.reorder),
        "retention_rows": show.rate_rows(pack, pack.retention),
        "winback_rows": show.rate_rows(pack, pack.winback),
        "owner_rows": [{"owner": pack.name(o.owner_id), "share": o} for o in pack.owners],
        "response_rows": [{"user": pack.name(r.user_id), "row": r} for r in pack.response.by_user],
        "loss_rows": [{"label": show.loss_label(r.reason), "row": r} for r in pack.losses],
        "pace_rows": list(pack.pace.iter_rows(named=True)),
        "charts": show.charts(pack),
        "export_query": request.GET.urlencode(),
    }
    return render(request, "kpi/kpi.html", context)


@login_required
def kpi_export(request: HttpRequest) -> HttpResponse:
    """The KPI pack of the chosen period as an Excel workbook (one sheet per KPI), audited."""
    user = current_user(request)
    _form, choice = _choice(request)
    pack: KpiPack = kpi_pack(user=user, period=choice.period)
    buffer = io.BytesIO()
    rows = write_xlsx_book(buffer, show.workbook(pack))
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    period = f"{choice.period.start:%Y%m%d}-{choice.period.end:%Y%m%d}"
    response["Content-Disposition"] = f'attachment; filename="laoke-kpi-{period}.xlsx"'
    record(user, AuditAction.EXPORT, target=_("KPI pack %(period)s") % {"period": period}, rows=rows)
    return response
