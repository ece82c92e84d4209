"""The year-end review page (年度客户盘点): proposals, the manager's decisions, sign-off, Excel."""

from __future__ import annotations

from collections import Counter

import polars as pl
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from laoke.accounts.models import User
from laoke.audit.models import AuditAction
from laoke.audit.services import record
from laoke.customers.permissions import may_change_company_rules
from laoke.customers.visibility import visible_customers
from laoke.retention.models import ReviewDecisionChoices, ReviewSignoff
from laoke.retention.services.review import (
    ReviewError,
    review_frame,
    review_workbook,
    save_decisions,
    sign_off,
    with_decisions,
)
from laoke.web.access import current_user
from laoke.web.manager_access import manager_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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
    codes = set(visible_customers(user).values_list("code", flat=True))
    frame = review_frame(year=year)
    everyone = dict(zip(frame["customer_id"].to_list(), frame["proposal"].to_list(), strict=True))
    mine = frame.filter(frame["customer_id"].is_in(list(codes)))
    return user, everyone, with_decisions(mine, year=year)


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
    """The review as an Excel workbook: figures, proposal, decision and note, owners by name."""
    user, _everyone, review = _review(request, year)
    chinese = (request.LANGUAGE_CODE or "").startswith("zh")
    labels = {value: str(label) for value, label in ReviewDecisionChoices.choices}
    review = review.with_columns(
        review["decision"].replace_strict(labels, default="").alias("decision_label")
    )
    body = review_workbook(review, year=year, chinese=chinese)
    record(
        user, AuditAction.EXPORT, target=_("Year-end review %(year)s") % {"year": year}, rows=review.height
    )
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="review-{year}.xlsx"'
    return response
