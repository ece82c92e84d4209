"""Policy page (评估标准): edit weights, thresholds, grades and treatments; preview; save and re-grade."""

from __future__ import annotations

import difflib
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laoke.accounts.access import current_user, manager_required, may_change_company_rules
from laoke.audit.models import AuditAction
from laoke.audit.services import record
from laoke.company.models import ScoringPolicy
from laoke.core.scorecard.policy import Policy
from laoke.core.scorecard.policy_toml import policy_from_toml, policy_to_toml
from laoke.jobs.listing import live, recent_score_job
from laoke.jobs.models import Job
from laoke.jobs.services import queue_job
from laoke.retention.services.policy_changes import (
    changes_from_result,
    save_policy,
    saved_policy,
    scoring_date,
)
from laoke.web.policy_form import PolicyForm, PolicyTextForm

HISTORY_ROWS = 20


def _bound(request: HttpRequest, base: Policy) -> PolicyForm | PolicyTextForm:
    if request.POST.get("mode") == "toml":
        return PolicyTextForm(request.POST)
    return PolicyForm(request.POST, policy=base)


def _page(
    request: HttpRequest, form: PolicyForm, text_form: PolicyTextForm, status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {
        "nav": "policy",
        "form": form,
        "text_form": text_form,
        "history": ScoringPolicy.objects.select_related("created_by")[:HISTORY_ROWS],
        "open_toml": text_form.is_bound,
        "score_job": recent_score_job(),
        "may_save": may_change_company_rules(current_user(request)),
    }
    return render(request, "web/policy.html", context, status=status)


@manager_required
def policy_page(request: HttpRequest) -> HttpResponse:
    """Show the policy in force as a form and as TOML; a POST saves a new version and re-grades
    (company-wide, so only at company level: a team manager may read and preview it)."""
    if request.method == "POST" and not may_change_company_rules(current_user(request)):
        raise PermissionDenied
    base = saved_policy()
    text_form = PolicyTextForm(initial={"toml": policy_to_toml(base)})
    form = PolicyForm(policy=base)
    if request.method == "POST":
        bound = _bound(request, base)
        if isinstance(bound, PolicyTextForm):
            text_form = bound
        else:
            form = bound
        if bound.is_valid() and bound.result is not None:
            row = save_policy(
                bound.result,
                note=bound.cleaned_data.get("note") or "",
                user=current_user(request),
                as_of=scoring_date(timezone.localdate()),
            )
            record(
                current_user(request),
                AuditAction.POLICY_CHANGE,
                target=f"scoring policy v{row.pk}",
                detail={"note": row.note},
            )
            messages.success(
                request,
                _("Policy version %(id)s saved; the book is being re-scored with it (progress below).")
                % {"id": row.pk},
            )
            return redirect("policy")
        return _page(request, form, text_form, status=400)
    return _page(request, form, text_form)


@manager_required
@require_POST
def policy_preview(request: HttpRequest) -> HttpResponse:
    """htmx: queue a ``preview`` job (the book re-scored in memory with the edited policy), show its
    progress, then the grade moves. Its card posts ``job`` back here every second until it is done."""
    user = current_user(request)
    if request.POST.get("job"):
        job = Job.objects.filter(pk=request.POST["job"], kind="preview", created_by=user).first()
        if job is None:
            raise PermissionDenied
        return _preview(request, job)
    bound = _bound(request, saved_policy())
    if not bound.is_valid() or bound.result is None:
        errors = [
            f"{bound[name].label if name in bound.fields else ''}: {e}"
            for name, es in bound.errors.items()
            for e in es
        ]
        return render(request, "web/partials/policy_preview.html", {"errors": errors})
    job = queue_job("preview", params={"toml": policy_to_toml(bound.result)}, user=user)
    job.refresh_from_db()
    return _preview(request, job)


def _preview(request: HttpRequest, job: Job) -> HttpResponse:
    """The preview job's card while it waits or runs; the grade moves once it is done."""
    context: dict[str, Any] = {"job": live(job)}
    if job.state == Job.State.DONE:
        context["changes"] = changes_from_result(job.result or {})
    return render(request, "web/partials/policy_preview.html", context)


@manager_required
def policy_download(request: HttpRequest) -> HttpResponse:
    """The policy in force as a TOML file."""
    response = HttpResponse(policy_to_toml(saved_policy()), content_type="application/toml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="laoke-policy.toml"'
    return response


@manager_required
def policy_version(request: HttpRequest, version_id: int) -> HttpResponse:
    """One saved version beside the policy in force (a line diff of the two TOML texts); a POST
    restores it as a new version (company level), which re-scores the book."""
    row = get_object_or_404(ScoringPolicy.objects.select_related("created_by"), pk=version_id)
    user = current_user(request)
    old = policy_from_toml(row.text)
    if request.method == "POST":
        if not may_change_company_rules(user):
            raise PermissionDenied
        saved = save_policy(
            old,
            note=_("Restored version %(id)s") % {"id": row.pk},
            user=user,
            as_of=scoring_date(timezone.localdate()),
        )
        record(
            user, AuditAction.POLICY_CHANGE, target=f"scoring policy v{saved.pk}", detail={"restored": row.pk}
        )
        messages.success(
            request,
            _("Version %(old)s restored as version %(id)s; the book is being re-scored with it.")
            % {"old": row.pk, "id": saved.pk},
        )
        return redirect("policy")
    current = policy_to_toml(saved_policy()).splitlines()
    diff = list(difflib.unified_diff(policy_to_toml(old).splitlines(), current, lineterm="", n=1))[
        2:
    ]  # the two file-name lines say nothing here
    lines = [("add" if d.startswith("+") else "del" if d.startswith("-") else "ctx", d) for d in diff]
    context = {"nav": "policy", "row": row, "lines": lines, "may_save": may_change_company_rules(user)}
    return render(request, "web/policy_version.html", context)
