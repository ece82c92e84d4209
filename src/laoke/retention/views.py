"""The year-end review page (年度客户盘点): proposals, the manager's decisions, sign-off, Excel."""

from __future__ import annotations

from collections import Counter

import polars as pl
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from laoke.accounts.access import current_user, manager_required, may_change_company_rules
from laoke.accounts.models import User
from laoke.audit.services import record
from laoke.customers.visibility import visible_for, visible_owners
from laoke.jobs.exports import queue_export
from laoke.retention.forms import ALERT_KINDS, AlertActionForm, AlertFilterForm
from laoke.retention.models import Alert, ReviewDecisionChoices, ReviewSignoff, Task
from laoke.retention.scorecard_messages import proposal_text
from laoke.retention.services.alerts import (
    OPEN_STATES,
    AlreadyDismissedError,
    alert_task_key,
    assign_alert,
    dismiss_alert,
)
from laoke.retention.services.review import (
    ReviewError,
    save_decisions,
    sign_off,
    visible_review,
)

#: Audit key of review decisions and sign-offs.
REVIEW_ACTION = "year_review"


def default_year() -> int:
    """The year under review: the current one in December, else the last one."""
    today = timezone.localdate()
    return today.year if today.month == 12 else today.year - 1


@manager_required
def review_index(request: HttpRequest) -> HttpResponse:
    """Open the review of the default year."""
    return redirect("year_review", year=default_year())


def _review(request: HttpRequest, year: int) -> tuple[User, dict[str, str], pl.DataFrame]:
    if not 1990 <= year <= 2100:
        raise Http404
    user = current_user(request)
    everyone, mine = visible_review(user, year=year)
    return user, everyone, mine


@manager_required
def year_review(request: HttpRequest, year: int) -> HttpResponse:
    """Each customer's figures and proposal; the manager decides, saves and (company-level) signs off."""
    user, everyone, review = _review(request, year)
    signed = ReviewSignoff.objects.filter(year=year).select_related("signed_by").first()
    may_sign = may_change_company_rules(user)
    if request.method == "POST":
        if signed is not None:
            messages.error(
                request, _("The %(year)s review is signed off and can no longer change.") % {"year": year}
            )
            return redirect("year_review", year=year)
        visible = {c: everyone[c] for c in review["customer_id"].to_list()}
        try:
            with transaction.atomic():
                if request.POST.get("action") == "sign_off":
                    if not may_sign:
                        raise PermissionDenied
                    added = sign_off(year=year, by=user, proposals=everyone)
                    record(
                        user, REVIEW_ACTION, target=str(year), rows=len(everyone), detail={"signed_off": True}
                    )
                    messages.success(
                        request,
                        _(
                            "The %(year)s review is signed off; %(added)d customers without a decision "
                            "took the proposal."
                        )
                        % {"year": year, "added": added},
                    )
                else:
                    choices = {
                        code: (
                            request.POST.get(f"decision-{code}", ""),
                            request.POST.get(f"note-{code}", "").strip(),
                        )
                        for code in visible
                        if f"decision-{code}" in request.POST
                    }
                    stored = save_decisions(year=year, by=user, proposals=visible, decisions=choices)
                    record(user, REVIEW_ACTION, target=str(year), rows=stored)
                    messages.success(request, _("%(count)d decisions saved.") % {"count": stored})
        except ReviewError:
            messages.error(request, _("A decision was not one of the choices; nothing was saved."))
        return redirect("year_review", year=year)
    rows = review.sort(["share_of_year", "customer_id"], descending=[True, False], nulls_last=True).to_dicts()
    for row in rows:
        row["proposal_label"] = proposal_text(row["proposal"])
    counts = Counter(r["decision"] for r in rows)
    return render(
        request,
        "retention/year_review.html",
        {
            "nav": "year_review",
            "year": year,
            "rows": rows,
            "choices": ReviewDecisionChoices.choices,
            "labels": dict(ReviewDecisionChoices.choices),
            "counts": [(label, counts.get(value, 0)) for value, label in ReviewDecisionChoices.choices],
            "signed": signed,
            "may_sign": may_sign,
            "years": [default_year() - i for i in range(3)],
            "export_url": reverse("year_review_export", kwargs={"year": year}),
        },
    )


@manager_required
def year_review_export(request: HttpRequest, year: int) -> HttpResponse:
    """The review as an Excel workbook, written by a worker (the whole book is re-read and scored).

    The manager waits on the job's page, which offers the file when it is ready.
    """
    if not 1990 <= year <= 2100:
        raise Http404
    job = queue_export(current_user(request), "review", {"year": year}, lang=request.LANGUAGE_CODE)
    return redirect("job_page", job_id=job.pk)


ALERTS_PER_PAGE = 50


def _people(user: User) -> list[tuple[int, str]]:
    """Salespeople the manager may hand work to (current accounts only)."""
    people = visible_owners(user).filter(is_active=True, left_on__isnull=True).order_by("username")
    return [(p.pk, p.get_full_name() or p.username) for p in people]


@manager_required
def alert_inbox(request: HttpRequest) -> HttpResponse:
    """Alerts the manager sees, filtered by kind, severity, owner and state; dismissed or assigned in bulk."""
    user = current_user(request)
    visible = visible_for(user, Alert.objects.select_related("customer", "customer__owner"))
    owners = [(p.pk, p.get_full_name() or p.username) for p in visible_owners(user).order_by("username")]
    people = _people(user)
    if request.method == "POST":
        open_ids = list(visible.filter(dismissed_at__isnull=True).values_list("pk", flat=True))
        action = AlertActionForm(request.POST, alert_ids=open_ids, people=people)
        if not action.is_valid():
            for errors in action.errors.values():
                for error in errors:
                    messages.error(request, str(error))
            return redirect(f"{reverse('alert_inbox')}?{request.GET.urlencode()}")
        chosen = list(visible.filter(pk__in=action.cleaned_data["alerts"]))
        with transaction.atomic():
            if action.cleaned_data["action"] == "dismiss":
                done = 0
                for alert in chosen:
                    try:
                        dismiss_alert(alert=alert, user=user, note=action.cleaned_data["note"])
                        done += 1
                    except AlreadyDismissedError:
                        continue
                record(user, "alerts_dismissed", rows=done, detail={"alerts": [a.pk for a in chosen]})
                messages.success(request, _("%(count)d alerts dismissed.") % {"count": done})
            else:
                assignee = User.objects.get(pk=action.cleaned_data["assignee"])
                for alert in chosen:
                    assign_alert(alert=alert, assignee=assignee, today=timezone.localdate())
                record(
                    user,
                    "alerts_assigned",
                    target=assignee.username,
                    rows=len(chosen),
                    detail={"alerts": [a.pk for a in chosen]},
                )
                messages.success(
                    request,
                    _("%(count)d alerts are on %(name)s's agenda.")
                    % {"count": len(chosen), "name": assignee.get_full_name() or assignee.username},
                )
        return redirect(f"{reverse('alert_inbox')}?{request.GET.urlencode()}")
    form = AlertFilterForm(request.GET or None, owners=owners)
    data = form.cleaned_data if form.is_valid() else {}
    state = data.get("state") or "open"
    if state == "dismissed":
        alerts = visible.filter(dismissed_at__isnull=False)
    elif state == "cleared":
        alerts = visible.filter(cleared_on__isnull=False)
    else:
        alerts = visible.filter(dismissed_at__isnull=True, cleared_on__isnull=True)
    if data.get("kind"):
        alerts = alerts.filter(code=data["kind"])
    if data.get("severity"):
        alerts = alerts.filter(severity=int(data["severity"]))
    if data.get("owner"):
        alerts = alerts.filter(customer__owner_id=data["owner"])
    alerts = alerts.order_by("-severity", "-raised_on", "pk")
    page = Paginator(alerts, ALERTS_PER_PAGE).get_page(request.GET.get("page"))
    assigned = dict(
        Task.objects.filter(
            rule_key__in=[alert_task_key(a) for a in page.object_list], status__in=OPEN_STATES
        )
        .select_related("assignee")
        .values_list("rule_key", "assignee__username")
    )
    kinds = dict(ALERT_KINDS)
    rows = [
        {
            "alert": a,
            "kind": kinds.get(a.code, a.code),
            "assigned_to": assigned.get(alert_task_key(a), ""),
        }
        for a in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "retention/alerts.html",
        {
            "nav": "alert_inbox",
            "form": form,
            "rows": rows,
            "page": page,
            "total": page.paginator.count,
            "state": state,
            "people": people,
            "query": query.urlencode(),
        },
    )
