"""Customers: the paged, filtered, sortable list, saved views and the Excel/CSV export (audited, limited)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laoke.accounts.access import current_user
from laoke.accounts.models import User
from laoke.customers.book_cache import book_version
from laoke.customers.models import CustomerKindChoices
from laoke.customers.services.exports import export_refused
from laoke.jobs.exports import inline_rows, queue_export
from laoke.platform.prepared import PreparedRows
from laoke.retention.models import LifecycleStateChoices
from laoke.web.customer_export import TOP_REASONS, customer_export_file
from laoke.web.customer_query import (
    PAGE_SIZE,
    SORT_LABELS,
    CustomerFilter,
    cached_filter_choices,
    cached_owners,
    filtered_customers,
    list_currency,
    list_rows,
    ordered_ids,
)
from laoke.web.forms import SavedViewForm
from laoke.web.list_frame import list_page
from laoke.web.models import SavedView
from laoke.web.services import save_view

#: A user's saved views (id, name, query string) in the order the list shows them: a query every
#: visit asks, compiled once (``PreparedRows``); read fresh, so a view saved or deleted shows at once.
_SAVED_VIEWS = PreparedRows(
    lambda user_id: SavedView.objects.filter(user_id=user_id).values_list("pk", "name", "querystring"),
    -1,
)


@dataclass(frozen=True, slots=True)
class ShownView:
    """A saved view as the list shows it."""

    pk: int
    name: str
    querystring: str


def saved_views(user: User) -> list[ShownView]:
    """``user``'s saved views, ordered by name as ``SavedView`` orders them."""
    return [ShownView(*row) for row in _SAVED_VIEWS.rows(user.pk)]


@login_required
def customer_list(request: HttpRequest) -> HttpResponse:
    """One page of the filtered customer list with its filters and the user's saved views."""
    user = current_user(request)
    flt = CustomerFilter.from_query(request.GET)
    # The sorted ids come from the cache while the book is unchanged; the rows shown are read fresh.
    version = book_version()
    ids = ordered_ids(user=user, flt=flt, version=version)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list_rows(user=user, ids=list(page.object_list))  # type: ignore[assignment]  # ids -> rows
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "flt": flt,
        "query": query,
        "querystring": query.urlencode(),
        "choices": cached_filter_choices(user=user, version=version),
        "states": LifecycleStateChoices.choices,
        "kinds": CustomerKindChoices.choices,
        "owners": cached_owners(user=user, version=version) if user.is_manager else [],
        "sort_labels": SORT_LABELS,
        "saved_views": saved_views(user),
        "currency": list_currency(version),
        "top_reasons": TOP_REASONS,
        "nav": "customers",
        "list_version": version,  # the rows' reasons worded once per book version
    }
    # The page around the rows is kept per reader, book and switches of the address (list_frame).
    html = list_page(request, context)
    if html is not None:
        return HttpResponse(html)
    return render(request, "web/customer_list.html", context)


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
    """All rows of the filtered list, in the list's order, as .xlsx (or .csv); formulas neutralised.

    A list longer than ``LAOKE_EXPORT_INLINE_ROWS`` is written by a worker: the user waits on the
    job's page, which offers the file when it is ready (the web never blocks on a long export).
    """
    user = current_user(request)
    flt = CustomerFilter.from_query(request.GET)
    total = filtered_customers(user=user, flt=flt).count()
    if not export_allowed(request, user, total, "customers"):
        return redirect(f"{reverse('customer_list')}?{request.GET.urlencode()}")
    query = request.GET.urlencode()
    if total > inline_rows():
        job = queue_export(user, "customers", {"query": query, "fmt": fmt}, lang=request.LANGUAGE_CODE)
        return redirect("job_page", job_id=job.pk)
    done = customer_export_file(user, query=query, fmt=fmt)
    response = HttpResponse(done.data, content_type=done.content_type)
    response["Content-Disposition"] = f'attachment; filename="{done.filename}"'
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
