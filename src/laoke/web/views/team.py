"""Team pages for managers: people and their books, handover, shared pool, access policy; dossiers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laoke.accounts.access import current_user, manager_required, may_change_company_rules
from laoke.accounts.models import User
from laoke.accounts.services.people import assignable_roles, managed_people
from laoke.audit.models import AuditAction
from laoke.audit.services import record
from laoke.customers.models import AccessPolicy, Customer, CustomerShare, HandoverDossier
from laoke.customers.services.pool import assign_from_pool
from laoke.customers.services.sharing import SharingError, may_share, share, unshare
from laoke.customers.visibility import customer_for, salespeople, visible_customers
from laoke.interactions.models import InteractionKindChoices
from laoke.retention.services.handover import HandoverError, hand_over
from laoke.web.forms_team import AccessPolicyForm, HandoverForm, PoolForm, ShareForm

POOL_PAGE = 200


def people_context(user: User) -> dict[str, object]:
    """What the team page shows of the people actions."""
    return {
        "may_add_people": bool(assignable_roles(user)),
        "editable_people": {p.pk for p in managed_people(user)},
    }


def _people_rows(user: User) -> list[dict[str, Any]]:
    people = salespeople(user).annotate(
        n_customers=Count("customers", distinct=True),
        revenue=Sum("customers__score__revenue_12m"),
    )
    total = sum(p.revenue or 0 for p in people) or 0
    return [
        {
            "person": p,
            "customers": p.n_customers,
            "revenue": p.revenue or 0,
            "share": (p.revenue or 0) / total if total else None,
        }
        for p in people
    ]


@manager_required
def team(request: HttpRequest) -> HttpResponse:
    """Salespeople with their customers and share of sales (the risk if they leave), pool, policy."""
    user = current_user(request)
    policy = AccessPolicy.current()
    context = {
        "nav": "team",
        "rows": _people_rows(user),
        "pool": visible_customers(user).filter(owner__isnull=True).count(),
        "policy_form": AccessPolicyForm(instance=policy),
        "may_change_rules": may_change_company_rules(user),
        **people_context(user),
    }
    return render(request, "accounts/team.html", context)


@manager_required
@require_POST
def access_policy(request: HttpRequest) -> HttpResponse:
    """Save the shared-pool rule and the export limit (audited); company-wide, so company level only."""
    user = current_user(request)
    if not may_change_company_rules(user):
        raise PermissionDenied
    policy = AccessPolicy.current()
    before = {"pool_after_days": policy.pool_after_days, "export_row_limit": policy.export_row_limit}
    form = AccessPolicyForm(request.POST, instance=policy)
    if not form.is_valid():
        context = {
            "nav": "team",
            "rows": _people_rows(user),
            "pool": 0,
            "policy_form": form,
            "may_change_rules": True,
        }
        return render(request, "accounts/team.html", context, status=400)
    with transaction.atomic():
        saved = form.save()
        after = {"pool_after_days": saved.pool_after_days, "export_row_limit": saved.export_row_limit}
        record(
            user, AuditAction.POLICY_CHANGE, target="access policy", detail={"before": before, "after": after}
        )
    messages.success(request, _("Team rules saved."))
    return redirect("team")


@manager_required
def handover(request: HttpRequest, user_id: int) -> HttpResponse:
    """Hand a leaving salesperson's customers over in one action and deactivate the account."""
    user = current_user(request)
    leaving = salespeople(user).filter(pk=user_id).first()
    if leaving is None:
        raise Http404
    people = salespeople(user).filter(is_active=True, left_on__isnull=True).exclude(pk=leaving.pk)
    customers = (
        Customer.objects.filter(owner=leaving).select_related("score").order_by("-score__revenue_12m", "name")
    )
    form = HandoverForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        recipients: list[User | None] = list(form.cleaned_data["recipients"])
        if form.cleaned_data["to_pool"]:
            recipients = [None]
        try:
            with transaction.atomic():
                result = hand_over(
                    leaving=leaving, by=user, recipients=recipients, note=form.cleaned_data["note"]
                )
        except HandoverError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("%(n)s customers of %(name)s handed over; the account is deactivated.")
                % {"n": result.total, "name": leaving},
            )
            return redirect("team")
    context = {"nav": "team", "leaving": leaving, "customers": customers, "form": form}
    return render(request, "accounts/handover.html", context, status=400 if form.errors else 200)


def pool_customers(user: User) -> QuerySet[Customer]:
    """Customers in the shared pool the user may list: those the user sees, or for a salesperson
    every pool customer (it belongs to nobody; they may claim it)."""
    if user.is_manager:
        return visible_customers(user).filter(owner__isnull=True)
    if not (user.is_active and user.left_on is None):
        return Customer.objects.none()
    return Customer.objects.filter(owner__isnull=True, is_target=False)


@login_required
def pool(request: HttpRequest) -> HttpResponse:
    """The shared pool (公海): customers without an owner; a manager gives them to someone, a
    salesperson claims one."""
    user = current_user(request)
    customers = pool_customers(user).select_related("score")
    people = salespeople(user).filter(is_active=True, left_on__isnull=True) if user.is_manager else None
    status = 200
    if request.method == "POST":
        form = PoolForm(request.POST, customers=customers, people=people)
        if form.is_valid():
            person = form.cleaned_data["owner"] if user.is_manager else user
            with transaction.atomic():
                n = assign_from_pool(customers=form.cleaned_data["customer"], to=person, by=user)
            messages.success(request, _("%(n)s customers given to %(name)s.") % {"n": n, "name": person})
            return redirect("pool")
        for error in dict.fromkeys(str(e) for errors in form.errors.values() for e in errors):
            messages.error(request, error)
        status = 400
    context = {
        "nav": "team" if user.is_manager else "pool",
        "customers": customers.order_by("-score__revenue_12m", "name")[:POOL_PAGE],
        "total": customers.count(),
        "people": people if people is not None else [],
        "policy": AccessPolicy.current(),
        "claiming": not user.is_manager,
    }
    return render(request, "accounts/pool.html", context, status=status)


@login_required
def dossiers(request: HttpRequest, customer_id: int) -> HttpResponse:
    """The handover dossiers of a customer the user may see (newest first)."""
    user = current_user(request)
    customer = customer_for(user, customer_id)
    rows = list(
        HandoverDossier.objects.filter(customer=customer).select_related("from_user", "to_user", "created_by")
    )
    kinds = dict(InteractionKindChoices.choices)
    for dossier in rows:
        for item in dossier.facts.get("interactions", []):
            item["kind_label"] = str(kinds.get(item.get("kind", ""), item.get("kind", "")))
    return render(
        request, "accounts/dossiers.html", {"nav": "customers", "customer": customer, "dossiers": rows}
    )


@login_required
def sharing(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Who else works this customer; the owner or a manager adds and removes colleagues."""
    user = current_user(request)
    customer = customer_for(user, customer_id)
    allowed = may_share(user, customer)
    status = 200
    if request.method == "POST":
        if not allowed:
            raise Http404
        form = ShareForm(request.POST)
        other = form.cleaned_data["user"] if form.is_valid() else None
        if other is None:
            messages.error(request, _("Choose a colleague."))
            status = 400
        else:
            try:
                with transaction.atomic():
                    if request.POST.get("remove"):
                        unshare(customer=customer, with_user=other, by=user)
                        messages.success(request, _("No longer shared with %(name)s.") % {"name": other})
                    else:
                        share(customer=customer, with_user=other, by=user)
                        messages.success(request, _("Shared with %(name)s.") % {"name": other})
            except SharingError:
                messages.error(request, _("%(name)s cannot be given this customer.") % {"name": other})
            return redirect("customer_sharing", customer_id=customer.pk)
    shares = CustomerShare.objects.filter(customer=customer).select_related("user", "shared_by")
    colleagues = (
        User.objects.filter(is_active=True, left_on__isnull=True)
        .exclude(pk=customer.owner_id or 0)
        .exclude(pk__in=shares.values("user_id"))
        .order_by("first_name", "username")
    )
    context = {
        "nav": "customers",
        "customer": customer,
        "shares": shares,
        "colleagues": colleagues if allowed else [],
        "may_share": allowed,
    }
    return render(request, "accounts/sharing.html", context, status=status)
