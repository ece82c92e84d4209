from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from laoke.customers.models import Customer


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect("customer_list")


@login_required
def customer_list(request: HttpRequest) -> HttpResponse:
    customers = Customer.objects.select_related("owner").order_by("name")[:200]
    return render(request, "web/customer_list.html", {"customers": customers})
