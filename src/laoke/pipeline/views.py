"""Pages of the pipeline app: inquiries, board, target portrait, pace, portrait edit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from laoke.accounts.models import User
from laoke.company.currency import home_currency
from laoke.core.portrait.pipeline import STAGES
from laoke.customers.models import SourceChannelChoices
from laoke.customers.visibility import visible_customers
from laoke.fileio.errors import FileReadError
from laoke.pipeline import messages as words
from laoke.pipeline import presentation
from laoke.pipeline.forms import STAGE_LABELS, InquiryFileForm, InquiryForm, MoveForm, PortraitForm
from laoke.pipeline.models import CustomerPortrait, Prospect, ProspectStatusChoices
from laoke.pipeline.repositories import visible_prospects
from laoke.pipeline.services.board import MoveRefused, board_for, move_prospect, sources
from laoke.pipeline.services.clashes import describe_clashes
from laoke.pipeline.services.inquiries import (
    INQUIRY_FIELDS,
    create_inquiries,
    create_inquiry,
    score_prospects,
    update_inquiry,
)
from laoke.pipeline.services.inquiry_file import read_inquiry_file
from laoke.pipeline.services.portraits import book_target, save_portrait
from laoke.pipeline.services.targets import tier_status
from laoke.platform.redirects import safe_next

PAGE_SIZE = 100


def _user(request: HttpRequest) -> User:
    user: Any = request.user
    assert isinstance(user, User)
    return user


def _prospect(user: User, prospect_id: int) -> Prospect:
    return get_object_or_404(visible_prospects(user), pk=prospect_id)


@login_required
def inquiry_list(request: HttpRequest) -> HttpResponse:
    """Open inquiries and targets, best look-alike first, with the forms to add more."""
    user = _user(request)
    qs = visible_prospects(user).filter(
        status__in=[ProspectStatusChoices.INQUIRY, ProspectStatusChoices.TARGET]
    )
    # Reading writes nothing: inquiries recorded without a score are scored by the book's re-score
    # (cadence.services.book) or the "Score again" button, and show "—" until then.
    rows = list(qs.order_by(F("lookalike_score").desc(nulls_last=True), "-created_on", "pk")[:PAGE_SIZE])
    context = {
        "nav": "inquiries",
        "rows": [{"p": p, "warning": presentation.evidence(p.lookalike)["warning"]} for p in rows],
        "form": InquiryForm(initial={"created_on": timezone.localdate()}),
        "file_form": InquiryFileForm(),
        "currency": home_currency(),
    }
    return render(request, "pipeline/inquiry_list.html", context)


@login_required
@require_POST
def inquiry_create(request: HttpRequest) -> HttpResponse:
    """Record one inquiry from the form and score it."""
    user = _user(request)
    form = InquiryForm(request.POST)
    if form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        with transaction.atomic():
            prospect = create_inquiry(owner=user, fields=fields, as_of=timezone.localdate())
        messages.success(request, _("Inquiry recorded and scored."))
        if prospect.clashes:
            messages.warning(
                request, _("Possible clash: this buyer looks like another record of the company.")
            )
        return redirect("pipeline_inquiry", prospect.pk)
    context = {
        "nav": "inquiries",
        "rows": [],
        "form": form,
        "file_form": InquiryFileForm(),
        "currency": home_currency(),
    }
    return render(request, "pipeline/inquiry_list.html", context, status=400)


@login_required
@require_POST
def inquiry_import(request: HttpRequest) -> HttpResponse:
    """Record every inquiry of an uploaded file, or none when a row is wrong."""
    user = _user(request)
    form = InquiryFileForm(request.POST, request.FILES)
    zh = presentation.chinese()
    problems: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            parsed = read_inquiry_file(upload, name=upload.name)
        except FileReadError as exc:
            problems = [exc.message("zh-hans" if zh else "en")]
        else:
            problems = [e.message(zh) for e in parsed.errors]
            if not problems:
                rows = [{k: v for k, v in r.items() if k != "row"} for r in parsed.rows]
                try:
                    with transaction.atomic():
                        created = create_inquiries(owner=user, rows=rows, as_of=timezone.localdate())
                except ValidationError as exc:
                    problems = [f"{k}: {'; '.join(v)}" for k, v in exc.message_dict.items()]
                else:
                    messages.success(
                        request, _("%(count)d inquiries recorded and scored.") % {"count": len(created)}
                    )
                    return redirect("pipeline_inquiries")
    else:
        problems = [str(e) for errs in form.errors.values() for e in errs]
    for problem in problems[:20]:
        messages.error(request, problem)
    if len(problems) > 20:
        messages.error(request, _("… and %(count)d more problems.") % {"count": len(problems) - 20})
    messages.error(request, _("Nothing was imported: correct the file and upload it again."))
    return redirect("pipeline_inquiries")


@login_required
@require_POST
def inquiry_rescore(request: HttpRequest) -> HttpResponse:
    """Score the user's open inquiries and targets again against today's book."""
    user = _user(request)
    qs = visible_prospects(user).filter(
        status__in=[ProspectStatusChoices.INQUIRY, ProspectStatusChoices.TARGET]
    )
    with transaction.atomic():
        scored = score_prospects(prospects=qs, as_of=timezone.localdate())
    messages.success(request, _("%(count)d inquiries scored again.") % {"count": len(scored)})
    return redirect("pipeline_inquiries")


@login_required
def inquiry_detail(request: HttpRequest, prospect_id: int) -> HttpResponse:
    """One inquiry: its look-alike score, the nearest customers and what matches or differs."""
    user = _user(request)
    prospect = _prospect(user, prospect_id)
    details = prospect.lookalike or {}
    nearest = details.get("nearest", [])
    ids = [int(n["customer_id"]) for n in nearest if str(n["customer_id"]).isdigit()]
    visible = {c.pk: c for c in visible_customers(user).filter(pk__in=ids)}
    neighbours = [
        {
            "customer": visible.get(int(n["customer_id"])),
            "grade": n.get("grade"),
            "similarity": n["similarity"],
        }
        for n in nearest
    ]
    best_match = details.get("best_match")
    moves = list(prospect.moves.select_related("moved_by")[:20])
    for move in moves:  # the history names the stages as the board does, not by their codes
        move.from_label = STAGE_LABELS.get(move.from_stage, move.from_stage)  # type: ignore[attr-defined]
        move.to_label = STAGE_LABELS.get(move.to_stage, move.to_stage)  # type: ignore[attr-defined]
    context = {
        "nav": "inquiries",
        "p": prospect,
        "details": details,
        "evidence": presentation.evidence(details),
        "neighbours": neighbours,
        "best_match": visible.get(int(best_match)) if best_match and str(best_match).isdigit() else None,
        # The customer it became may be a colleague's (handed over since): named only if visible.
        "became": visible_customers(user).filter(pk=prospect.customer_id).first()
        if prospect.customer_id
        else None,
        "move_form": MoveForm(initial={"to": prospect.stage}),
        "moves": moves,
        "clashes": describe_clashes(user=user, prospects=[prospect]).get(prospect.pk, []),
        "tier": tier_status([prospect], today=timezone.localdate()).get(prospect.pk),
        "editable": prospect.status in (ProspectStatusChoices.INQUIRY, ProspectStatusChoices.TARGET),
        "stage_label": STAGE_LABELS.get(prospect.stage, prospect.stage),
        "currency": home_currency(),
    }
    return render(request, "pipeline/inquiry_detail.html", context)


@login_required
def inquiry_edit(request: HttpRequest, prospect_id: int) -> HttpResponse:
    """Correct what an open inquiry or target states; it is scored and checked for clashes again."""
    user = _user(request)
    prospect = _prospect(user, prospect_id)
    if prospect.status not in (ProspectStatusChoices.INQUIRY, ProspectStatusChoices.TARGET):
        messages.error(request, _("Only open inquiries and targets can be edited."))
        return redirect("pipeline_inquiry", prospect.pk)
    if request.method == "POST":
        form = InquiryForm(request.POST, instance=Prospect.objects.get(pk=prospect.pk))
        if form.is_valid():
            fields = {name: form.cleaned_data.get(name) for name in INQUIRY_FIELDS}
            with transaction.atomic():
                saved = update_inquiry(prospect=prospect, fields=fields, as_of=timezone.localdate())
            messages.success(request, _("Inquiry saved and scored again."))
            if saved.clashes:
                messages.warning(
                    request, _("Possible clash: this buyer looks like another record of the company.")
                )
            return redirect("pipeline_inquiry", prospect.pk)
    else:
        form = InquiryForm(instance=prospect)
    context = {"nav": "inquiries", "p": prospect, "form": form}
    return render(request, "pipeline/inquiry_edit.html", context, status=400 if form.errors else 200)


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """The A/B/C board: inquiry, A, B, C, won, dropped (won and dropped: the last 90 days)."""
    user = _user(request)
    today = timezone.localdate()
    # Each column draws its best look-alikes (BOARD_CARDS) and counts the rest: thousands of
    # inquiries made a page of megabytes. The inquiry list pages through all of them.
    board_cols = board_for(user=user, today=today).columns
    context = {
        "nav": "pipeline",
        "columns": [
            {
                "key": col.key,
                "label": STAGE_LABELS[col.key],
                "items": col.items,
                "count": col.count,
                "more": pgettext("board column", "and %(count)d more") % {"count": col.hidden}
                if col.hidden
                else "",
            }
            for col in board_cols
        ],
        "stages": [(s, STAGE_LABELS[s]) for s in STAGES],
        "currency": home_currency(),
    }
    return render(request, "pipeline/board.html", context)


@login_required
@require_POST
def prospect_move(request: HttpRequest, prospect_id: int) -> HttpResponse:
    """Move a prospect on the board (won → becomes a customer; dropped needs a reason)."""
    user = _user(request)
    prospect = _prospect(user, prospect_id)
    form = MoveForm(request.POST)
    back = safe_next(request, "pipeline_board")
    if not form.is_valid():
        messages.error(request, _("Choose where to move it."))
        return redirect(back)
    customer = None
    code = form.cleaned_data["customer_code"].strip()
    if code and form.cleaned_data["to"] == "won":
        customer = visible_customers(user).filter(code=code).first()
        if customer is None:
            messages.error(request, _("No customer with the code “%(code)s”.") % {"code": code})
            return redirect(back)
    try:
        with transaction.atomic():
            move_prospect(
                prospect=prospect,
                to=form.cleaned_data["to"],
                reason=form.cleaned_data["reason"],
                user=user,
                today=timezone.localdate(),
                customer=customer,
            )
    except MoveRefused as exc:
        messages.error(request, words.text(exc.message))
    else:
        messages.success(
            request,
            _("%(name)s moved to %(stage)s.")
            % {"name": prospect.name, "stage": STAGE_LABELS[form.cleaned_data["to"]]},
        )
    return redirect(back)


@login_required
def target(request: HttpRequest) -> HttpResponse:
    """The target portrait: what the best customers have in common."""
    today = timezone.localdate()
    portrait = book_target(as_of=today)
    context = {
        "nav": "target",
        "target": portrait,
        "rows": presentation.target_rows(portrait, home_currency()),
        "grades": ", ".join(portrait.best_grades),
        "as_of": today,
    }
    return render(request, "pipeline/target.html", context)


@login_required
def pace_page(request: HttpRequest) -> HttpResponse:
    """The 004 pace check per quarter, per salesperson and for the company."""
    user = _user(request)
    labels = dict(SourceChannelChoices.choices)
    source_rows = [
        {**row, "label": labels.get(row["source_channel"] or "", _("Not recorded"))}
        for row in sources(prospects=visible_prospects(user), as_of=timezone.localdate()).to_dicts()
    ]
    context = {"nav": "pace", "source_rows": source_rows, **presentation.pace_context(user)}
    return render(request, "pipeline/pace.html", context)


@login_required
def portrait_edit(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Edit what the owner knows about a customer's portrait."""
    user = _user(request)
    customer = get_object_or_404(visible_customers(user), pk=customer_id)
    portrait = CustomerPortrait.objects.filter(customer=customer).first() or CustomerPortrait(
        customer=customer
    )
    if request.method == "POST":
        form = PortraitForm(request.POST, instance=portrait)
        if form.is_valid():
            with transaction.atomic():
                save_portrait(customer=customer, values=form.cleaned_data)
            messages.success(request, _("Profile saved."))
            return redirect("customer_detail", customer.pk)
    else:
        form = PortraitForm(instance=portrait)
    return render(
        request, "pipeline/portrait_edit.html", {"nav": "customers", "customer": customer, "form": form}
    )
