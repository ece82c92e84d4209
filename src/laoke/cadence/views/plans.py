"""Win-back plans and proposed trips."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laoke.cadence.forms import AttemptForm, PostMortemForm
from laoke.cadence.models import ReactivationPlan, VisitPlan
from laoke.cadence.services.plans import (
    PlanError,
    close_plan,
    record_attempt,
    set_visit_status,
    update_post_mortem,
)
from laoke.core.cadence.reactivation import CAME_FOR, STAGES
from laoke.customers.permissions import visible_visit_plans
from laoke.customers.visibility import visible_for
from laoke.web.access import current_user


def _plan(request: HttpRequest, plan_id: int) -> ReactivationPlan:
    qs = visible_for(
        current_user(request), ReactivationPlan.objects.select_related("customer", "customer__owner")
    )
    return get_object_or_404(qs, pk=plan_id)


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The plan: post-mortem, prepared answers, staged touches and the attempt log."""
    plan = _plan(request, plan_id)
    attempts = list(plan.attempts.select_related("user"))
    rejections = sum(1 for a in attempts if a.outcome == "rejected")
    context = {
        "plan": plan,
        "attempts": attempts,
        "rejections": rejections,
        "stages": [(i + 1, s, i < len(attempts)) for i, s in enumerate(STAGES)],
        "came_for_labels": [CAME_FOR[c] for c in plan.came_for if c in CAME_FOR],
        "attempt_form": AttemptForm(initial={"attempted_on": timezone.localdate()}),
        "post_mortem_form": PostMortemForm(
            initial={"came_for": plan.came_for, "left_because": plan.left_because}
        ),
        "nav": "customers",
    }
    return render(request, "cadence/plan.html", context)


@login_required
@require_POST
def plan_attempt(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Log one touch of the plan."""
    plan = _plan(request, plan_id)
    form = AttemptForm(request.POST)
    if form.is_valid():
        try:
            record_attempt(
                plan=plan,
                user=current_user(request),
                on=form.cleaned_data["attempted_on"],
                outcome=form.cleaned_data["outcome"],
                rejection=form.cleaned_data["rejection"],
                note=form.cleaned_data["note"],
            )
        except PlanError:
            messages.error(request, _("This plan is closed."))
        else:
            messages.success(request, _("Attempt recorded."))
    else:
        messages.error(request, _("Please check the date and the outcome."))
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


@login_required
def visit_detail(request: HttpRequest, visit_id: int) -> HttpResponse:
    """A proposed trip and its key customers; plan it or decline it."""
    visit = _visit(request, visit_id)
    customers = visible_for(current_user(request), visit.customers.select_related("score"), "pk")
    if request.method == "POST":
        try:
            set_visit_status(visit=visit, status=request.POST.get("status", ""))
        except PlanError:
            messages.error(request, _("Unknown choice."))
        return redirect("cadence_visit", visit_id=visit.pk)
    return render(request, "cadence/visit.html", {"visit": visit, "customers": customers, "nav": "today"})
