"""Merge two customer records that are the same company (from the import's duplicate list)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from laoke.accounts.access import current_user, manager_required
from laoke.book.merge import MergeError, merge_customers
from laoke.customers.models import Customer
from laoke.customers.permissions import may_manage_customer
from laoke.jobs.services import queue_job
from laoke.platform.fields import parse_id


@manager_required
def customer_merge(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Show the two records side by side; a POST keeps this one and merges the other into it."""
    user = current_user(request)
    keep = get_object_or_404(Customer.objects.select_related("owner"), pk=customer_id)
    other_id = parse_id(request.POST.get("other") or request.GET.get("other"))
    if other_id is None:
        raise Http404
    other = get_object_or_404(Customer.objects.select_related("owner"), pk=other_id)
    if not (may_manage_customer(user, keep) and may_manage_customer(user, other)) or keep.pk == other.pk:
        raise PermissionDenied
    if request.method == "POST":
        try:
            with transaction.atomic():
                merge_customers(keep=keep, duplicate=other, by=user)
                queue_job("score", user=user)
        except MergeError as refused:
            raise PermissionDenied from refused
        messages.success(
            request,
            _("%(other)s was merged into %(keep)s; its orders and history are here now.")
            % {"other": f"{other.name} ({other.code})", "keep": f"{keep.name} ({keep.code})"},
        )
        return redirect("customer_detail", keep.pk)
    rows = [
        (_("Code"), keep.code, other.code),
        (_("Name"), keep.name, other.name),
        (_("Country"), keep.country or "—", other.country or "—"),
        (_("Owner"), str(keep.owner or "—"), str(other.owner or "—")),
        (_("Orders"), keep.orders.count(), other.orders.count()),
        (_("Contacts"), keep.contacts.count(), other.contacts.count()),
    ]
    context = {"nav": "customers", "keep": keep, "other": other, "rows": rows}
    return render(request, "web/customer_merge.html", context)
