"""The analyze page: ``laoke analyze`` for a manager's uploaded order file (no database).

The file (and an optional rates file) is kept in the import page's upload folder under a random
token remembered in the session, so the "Download as Excel" button re-computes the same analysis
from the same file through :mod:`laoke.retention.services.analysis`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from laoke.accounts.access import manager_required
from laoke.core.scorecard import Policy
from laoke.fileio import FileReadError, read_order_file
from laoke.fileio.export import Sheet, xlsx_book_bytes
from laoke.importing.services.flow import UPLOAD_DIR, keep_upload
from laoke.retention.services.analysis import Analysis, analyze_orders, default_as_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "analyze_upload"
#: Row errors listed on the page; the rest are counted.
ERRORS_SHOWN = 50


def _lang() -> str:
    return "zh-hans" if (get_language() or "").startswith("zh") else "en"


def _kept(token: Any) -> Path | None:
    if not isinstance(token, str) or not token.isalnum():
        return None
    path = UPLOAD_DIR / token
    return path if path.is_file() else None


def _run(options: dict[str, Any]) -> tuple[Analysis | None, dict[str, Any]]:
    """Read the kept file and analyse it; the context explains what went wrong, if anything."""
    path = _kept(options.get("token"))
    if path is None:
        return None, {"upload_error": _("The uploaded file has expired; upload it again.")}
    rates = _kept(options.get("rates")) if options.get("rates") else None
    try:
        result = read_order_file(
            path,
            name=str(options.get("name") or path.name),
            retail_conventions=bool(options.get("retail")),
            home_currency=str(options.get("home") or "USD"),
            rates=rates,
        )
    except FileReadError as unreadable:
        return None, {"upload_error": unreadable.message(_lang())}
    context: dict[str, Any] = {"lines": result.frame.height, "skipped": result.rows_skipped}
    if result.error_count:
        context["row_errors"] = [
            {"row": e.row, "column": e.column, "message": e.message(_lang())}
            for e in result.errors[:ERRORS_SHOWN]
        ]
        context["more_errors"] = max(result.error_count - ERRORS_SHOWN, 0)
        context["rejected"] = len(result.rejected_rows)
        if not options.get("skip_bad"):
            return None, context
    if result.frame.is_empty():
        context["upload_error"] = _("The file has no usable order lines.")
        return None, context
    zh = _lang() != "en"
    # Amounts are in the home currency, and so is the currency risk (as the app scores it).
    policy = Policy(home_currency=str(options.get("home") or "USD"))
    return analyze_orders(result.frame, as_of=default_as_of(result.frame), policy=policy, zh=zh), context


def _headers() -> list[str]:
    return [_("Customer code"), _("Sales in the window"), _("Score"), _("Grade"), _("Treatment")]


def _workbook(analysis: Analysis) -> bytes:
    rows = analysis.customers.select(
        "customer_id", "revenue_window", "total_score", "grade", "treatment"
    ).iter_rows()
    sheet = Sheet(
        _("Customers"),
        _headers(),
        rows,
        widths={0: 18, 1: 16, 2: 8, 3: 8, 4: 60},
        number_formats={1: "#,##0", 2: "0.0"},
        autofilter=True,
    )
    return xlsx_book_bytes([sheet])


@manager_required
def analyze_page(request: HttpRequest) -> HttpResponse:
    """Upload an order file and see its grade table, 80/20 summary and graded customers."""
    context: dict[str, Any] = {"nav": "analyze", "headers": _headers()}
    if request.method != "POST":
        return render(request, "retention/analyze.html", context)
    if request.POST.get("action") == "xlsx":
        analysis, extra = _run(request.session.get(SESSION_KEY) or {})
        if analysis is None:
            return render(request, "retention/analyze.html", {**context, **extra}, status=400)
        response = HttpResponse(_workbook(analysis), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="analysis.xlsx"'
        return response
    file = request.FILES.get("file")
    if file is None:
        context["upload_error"] = _("Choose a CSV or Excel file.")
        return render(request, "retention/analyze.html", context, status=400)
    rates_file = request.FILES.get("rates")
    options = {
        "token": keep_upload(file, "orders").token,
        "name": Path(file.name or "upload").name,
        "rates": keep_upload(rates_file, "orders").token if rates_file else "",
        "retail": request.POST.get("retail") == "on",
        "skip_bad": request.POST.get("skip_bad") == "on",
        "home": (request.POST.get("home_currency") or "USD").strip().upper()[:3] or "USD",
    }
    request.session[SESSION_KEY] = options
    analysis, extra = _run(options)
    context.update(extra, analysis=analysis, options=options)
    if analysis is not None:
        context["customers"] = list(
            analysis.customers.select(
                "customer_id", "revenue_window", "total_score", "grade", "treatment"
            ).iter_rows()
        )
        context["window_months"] = Policy().thresholds.window_months
        p = analysis.pareto
        context["pct"] = {
            "customers": f"{p.share_of_customers_for_cut:.1%}",
            "cut": f"{p.cut:.0%}",
            "top": f"{p.top_share:.0%}",
            "share": f"{p.top_share_revenue_share:.1%}",
        }
    return render(request, "retention/analyze.html", context, status=200 if analysis else 400)
