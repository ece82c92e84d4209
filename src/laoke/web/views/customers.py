"""Customers: the paged, filtered, sortable list, saved views and the Excel/CSV export (audited, limited)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laoke.accounts.models import User
from laoke.audit.services.exports import export_refused, record_export
from laoke.company.models import CompanySettings
from laoke.customers.models import Customer, CustomerKindChoices
from laoke.fileio.export import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_bytes, xlsx_bytes
from laoke.retention.models import LifecycleStateChoices
from laoke.web.access import current_user, salespeople
from laoke.web.customer_query import (
    PAGE_SIZE,
    SORT_LABELS,
    CustomerFilter,
    filter_choices,
    filtered_customers,
    page_rows,
)
from laoke.web.forms import SavedViewForm
from laoke.web.models import SavedView
from laoke.web.services import save_view
from laoke.web.templatetags.laoke_web import bilingual, reason_text

TOP_REASONS = 2


def home_currency() -> str:
    """The company's home currency code (USD when the settings row does not exist yet)."""
    company = CompanySettings.objects.filter(pk=1).only("home_currency").first()
    return company.home_currency if company else "USD"


@login_required
def customer_list(request: HttpRequest) -> HttpResponse:
    """One page of the filtered customer list with its filters and the user's saved views."""
    user = current_user(request)
    flt = CustomerFilter.from_query(request.GET)
    customers = filtered_customers(user=user, flt=flt)
    page = Paginator(customers, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = page_rows(customers, page.number)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "flt": flt,
        "query": query,
        "querystring": query.urlencode(),
        "choices": filter_choices(user=user),
        "states": LifecycleStateChoices.choices,
        "kinds": CustomerKindChoices.choices,
        "owners": salespeople(user) if user.is_manager else [],
        "sort_labels": SORT_LABELS,
        "saved_views": SavedView.objects.filter(user=user),
        "save_form": SavedViewForm(initial={"querystring": query.urlencode()}),
        "currency": home_currency(),
        "top_reasons": TOP_REASONS,
        "nav": "customers",
    }
    return render(request, "web/customer_list.html", context)


def export_rows(customers: QuerySet[Customer]) -> list[list[Any]]:
    """The rows of the Excel export (one per customer, the list's columns)."""
    rows = []
    for c in customers:
        score = getattr(c, "score", None) if _has_score(c) else None
        rows.append(
            [
                c.code,
                c.name,
                c.country,
                c.get_kind_display() if c.kind else "",
                str(c.owner) if c.owner else "",
                score.grade if score else "",
                bilingual(score, "treatment") if score else "",
                score.get_state_display() if score and score.state else "",
                round(score.total, 1) if score and score.total is not None else None,
                score.revenue_12m if score else None,
                c.last_order,  # type: ignore[attr-defined]
                c.open_alerts,  # type: ignore[attr-defined]
                "; ".join(reason_text(r) for r in (score.reasons or [])[:TOP_REASONS]) if score else "",
            ]
        )
    return rows


def _has_score(customer: Customer) -> bool:
    try:
        customer.score  # noqa: B018 - touching the relation tells whether the row exists
    except Customer.score.RelatedObjectDoesNotExist:
        return False
    return True


def export_headers() -> list[str]:
    """Column titles of the customer export, in the reader's language."""
    return [
        _("Code"),
        _("Name"),
        _("Country"),
        _("Kind"),
        _("Owner"),
        _("Grade"),
        _("Treatment"),
        _("State"),
        _("Score"),
        _("Sales, last 12 months") + f" ({home_currency()})",
        _("Last order"),
        _("Open alerts"),
        _("Top reasons"),
    ]


def export_allowed(request: HttpRequest, user: User, rows: int, what: str) -> bool:
    """False (logged, with a message to the user) when a salesperson exports more than the limit."""
    limit = export_refused(user, rows=rows, what=what)
    if limit is None:
        return True
    messages.error(
        request,
        _(
            "Export refused: %(rows)s rows is more than the %(limit)s a salesperson may export at once. "
            "Narrow the filter or ask your manager."
        )
        % {"rows": rows, "limit": limit},
    )
    return False


@login_required
def customer_export(request: HttpRequest, fmt: str = "xlsx") -> HttpResponse:
    """All rows of the filtered list, in the list's order, as .xlsx (or .csv); formulas neutralised."""
    user = current_user(request)
    flt = CustomerFilter.from_query(request.GET)
    customers = filtered_customers(user=user, flt=flt)
    total = customers.count()
    if not export_allowed(request, user, total, "customers"):
        return redirect(f"{reverse('customer_list')}?{request.GET.urlencode()}")
    rows = export_rows(customers)
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = HttpResponse(csv_bytes(export_headers(), rows), content_type=CSV_CONTENT_TYPE)
    else:
        data = xlsx_bytes(
            export_headers(),
            rows,
            sheet=_("Customers"),
            widths={0: 14, 1: 36, **dict.fromkeys(range(2, 11), 12), 11: 60},
            number_formats={8: "#,##0"},
        )
        response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="laoke-customers-{stamp}.{fmt}"'
    record_export(
        user, what="customers", rows=len(rows), detail={"format": fmt, "query": request.GET.urlencode()[:500]}
    )
    return response


@login_required
@require_POST
def saved_view_create(request: HttpRequest) -> HttpResponse:
    """Keep the current list query under a name and reopen the list with it."""
    form = SavedViewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the view a name."))
        return redirect("customer_list")
    view = save_view(
        user=current_user(request),
        name=form.cleaned_data["name"],
        querystring=form.cleaned_data["querystring"],
    )
    messages.success(request, _("View “%(name)s” saved.") % {"name": view.name})
    return redirect(f"{reverse('customer_list')}?{view.querystring}")


@login_required
@require_POST
def saved_view_delete(request: HttpRequest, view_id: int) -> HttpResponse:
    """Delete one of the user's saved views."""
    view = get_object_or_404(SavedView, pk=view_id, user=current_user(request))
    view.delete()
    messages.success(request, _("View “%(name)s” deleted.") % {"name": view.name})
    return redirect("customer_list")
