"""Win-back plans and proposed trips."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from laoke.accounts.access import current_user
from laoke.cadence.forms import AttemptForm, PostMortemForm, RejectionForm
from laoke.cadence.models import (
    AttemptOutcomeChoices,
    ReactivationPlan,
    TripOutcomeChoices,
    VisitPlan,
    VisitStatusChoices,
)
from laoke.cadence.permissions import visible_visit_plans
from laoke.cadence.services.plans import (
    PlanError,
    close_plan,
    may_start_plan,
    record_attempt,
    record_rejection,
    set_visit_status,
    start_plan,
    update_post_mortem,
)
from laoke.cadence.services.trips import (
    StopReport,
    TripError,
    reason_lines,
    report_trip,
    trip_cities,
    trip_stops,
)
from laoke.core.cadence.reactivation import STAGES
from laoke.customers.permissions import may_manage_customer
from laoke.customers.visibility import customer_for, visible_for
from laoke.importing.services.preview import home_currency


def _plan(request: HttpRequest, plan_id: int) -> ReactivationPlan:
    qs = visible_for(
        current_user(request), ReactivationPlan.objects.select_related("customer", "customer__owner")
    )
    return get_object_or_404(qs, pk=plan_id)


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The plan: post-mortem, prepared answers, staged touches and the log of touches and rejections."""
    plan = _plan(request, plan_id)
    attempts = list(plan.attempts.select_related("user"))
    rejections = sum(1 for a in attempts if a.outcome == AttemptOutcomeChoices.REJECTED)
    tried = len(attempts) - rejections
    reached = sum(1 for a in attempts if a.outcome != AttemptOutcomeChoices.NO_REPLY)
    today = timezone.localdate()
    context = {
        "plan": plan,
        "attempts": attempts,
        "rejections": rejections,
        "tried": tried,
        "reached": reached,
        "stages": [(i + 1, s, i < tried) for i, s in enumerate(STAGES)],
        "current_stage": STAGES[min(tried, len(STAGES) - 1)],
        "attempt_form": AttemptForm(initial={"attempted_on": today}),
        "rejection_form": RejectionForm(initial={"attempted_on": today}),
        "post_mortem_form": PostMortemForm(
            initial={"came_for": plan.came_for, "left_because": plan.left_because}
        ),
        "nav": "customers",
        "currency": home_currency(),
    }
    return render(request, "cadence/plan.html", context)


@login_required
@require_POST
def plan_attempt(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Log a touch of the plan (its current stage done), or with ``kind=rejection`` a rejection."""
    plan = _plan(request, plan_id)
    user = current_user(request)
    rejection = request.POST.get("kind") == "rejection" or request.POST.get("outcome") == "rejected"
    form: AttemptForm | RejectionForm = (
        RejectionForm(request.POST) if rejection else AttemptForm(request.POST)
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            if isinstance(form, RejectionForm):
                record_rejection(
                    plan=plan,
                    user=user,
                    on=data["attempted_on"],
                    what_they_said=data["rejection"],
                    note=data["note"],
                )
            else:
                record_attempt(
                    plan=plan,
                    user=user,
                    on=data["attempted_on"],
                    outcome=data["outcome"],
                    rejection=data["rejection"],
                    note=data["note"],
                )
        except PlanError:
            messages.error(request, _("This plan is closed."))
        else:
            messages.success(request, _("Rejection recorded.") if rejection else _("Attempt recorded."))
    elif rejection:
        messages.error(request, _("Please give the date and what they said."))
    else:
        messages.error(request, _("Please check the date and the outcome."))
    return redirect("cadence_plan", plan_id=plan.pk)


@login_required
@require_POST
def plan_start(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Start a win-back plan for a customer marked lost (or dormant): the owner and managers."""
    user = current_user(request)
    customer = customer_for(user, customer_id)
    if not may_manage_customer(user, customer):
        raise PermissionDenied
    if not may_start_plan(customer):
        messages.error(request, _("This customer already has an active win-back plan, or is not lost."))
        return redirect("customer_detail", customer_id=customer.pk)
    with transaction.atomic():
        plan = start_plan(customer=customer, user=user, on=timezone.localdate())
    messages.success(request, _("Win-back plan started; its first touch is on Today."))
    return redirect("cadence_plan", plan_id=plan.pk)


@login_required
@require_POST
def plan_post_mortem(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Save why the customer came and why it left."""
    plan = _plan(request, plan_id)
    form = PostMortemForm(request.POST)
    if form.is_valid():
        update_post_mortem(
            plan=plan, came_for=form.cleaned_data["came_for"], left_because=form.cleaned_data["left_because"]
        )
        messages.success(request, _("Review saved."))
    return redirect("cadence_plan", plan_id=plan.pk)


@login_required
@require_POST
def plan_close(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Stop the plan."""
    plan = _plan(request, plan_id)
    try:
        close_plan(plan=plan, on=timezone.localdate())
    except PlanError:
        messages.error(request, _("This plan is closed."))
    return redirect("cadence_plan", plan_id=plan.pk)


def _visit(request: HttpRequest, visit_id: int) -> VisitPlan:
    """The trip if the user may open and change it (its owner, their team's manager, company level)."""
    qs = visible_visit_plans(current_user(request), VisitPlan.objects.select_related("owner"))
    return get_object_or_404(qs, pk=visit_id)


def _report_rows(request: HttpRequest, visit: VisitPlan) -> list[StopReport]:
    """The trip report's fields, one row per visit (``outcome_<id>``, ``notes_<id>``, ``follow_up_<id>``)."""
    rows = []
    for stop_id in visit.stops.values_list("pk", flat=True):
        raw = request.POST.get(f"follow_up_{stop_id}", "").strip()
        try:
            follow_up = dt.date.fromisoformat(raw) if raw else None
        except ValueError:
            follow_up = None
        rows.append(
            StopReport(
                stop_id=stop_id,
                outcome=request.POST.get(f"outcome_{stop_id}", ""),
                notes=request.POST.get(f"notes_{stop_id}", "")[:4000],
                follow_up_on=follow_up,
            )
        )
    return rows


@login_required
def visit_detail(request: HttpRequest, visit_id: int) -> HttpResponse:
    """A trip: dates, cities, the visits day by day with what to discuss; plan, decline or report it."""
    visit = _visit(request, visit_id)
    user = current_user(request)
    today = timezone.localdate()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "report":
                n = report_trip(plan=visit, user=user, reports=_report_rows(request, visit), today=today)
                messages.success(
                    request,
                    ngettext(
                        "%(n)d visit reported: it is on the customer's timeline with a follow-up task.",
                        "%(n)d visits reported: each is on its customer's timeline with a follow-up task.",
                        n,
                    )
                    % {"n": n},
                )
            else:
                set_visit_status(visit=visit, status=request.POST.get("status", ""))
        except (PlanError, TripError):
            messages.error(request, _("Unknown choice."))
        return redirect("cadence_visit", visit_id=visit.pk)
    visible = set(visible_for(user, visit.customers.all(), "pk").values_list("pk", flat=True))
    stops = trip_stops(visit, as_of=today, visible=visible)
    context = {
        "visit": visit,
        "stops": stops,
        "days": [
            (day, [s for s in stops if s.stop.day == day]) for day in dict.fromkeys(s.stop.day for s in stops)
        ],
        "cities": trip_cities(visit),
        "reasons": reason_lines(visit),
        "outcomes": TripOutcomeChoices.choices,
        "reportable": today >= visit.starts_on and visit.status != VisitStatusChoices.DECLINED,
        "nav": "today",
    }
    return render(request, "cadence/visit.html", context)
