"""The follow-up plan overview: response times, open tasks by kind, win-backs, the calendar link."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laoke.accounts.access import current_user
from laoke.cadence.forms import CustomerMailForm
from laoke.cadence.models import ReactivationPlan
from laoke.cadence.services.calendar import feed_token
from laoke.cadence.services.mails import MailLogError, mark_answered, record_customer_mail
from laoke.cadence.services.reports import agenda_counts, kind_label, response_times, win_back_summary
from laoke.customers.visibility import visible_customers, visible_for, visible_owners
from laoke.interactions.models import Interaction, InteractionKindChoices
from laoke.platform.redirects import redirect_back

#: Unanswered customer mails older than this are no longer listed.
UNANSWERED_DAYS = 14


def unanswered_mails(request: HttpRequest) -> list[Interaction]:
    """Customer mails not answered yet, oldest first, from the user's visible customers."""
    user = current_user(request)
    since = timezone.now() - dt.timedelta(days=UNANSWERED_DAYS)
    qs = Interaction.objects.filter(
        kind=InteractionKindChoices.EMAIL_IN, reply_hours__isnull=True, occurred_at__gte=since
    ).select_related("customer")
    if not user.is_manager:
        qs = qs.filter(customer__owner=user)
    return list(visible_for(user, qs).order_by("occurred_at")[:50])


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Response times per salesperson, open tasks by kind, win-backs and the calendar feed."""
    user = current_user(request)
    today = timezone.localdate()
    people = visible_owners(user).filter(left_on__isnull=True).order_by("first_name", "username")
    counts = agenda_counts(as_of=today, horizon_days=7)
    names = {p.username for p in people}
    rows = [(p, counts.get(p.username, {})) for p in people]
    kinds = sorted({k for person, c in counts.items() if person in names for k in c})
    context = {
        "responses": response_times(people=people, as_of=today),
        "rows": [(p, [c.get(k, 0) for k in kinds], sum(c.values())) for p, c in rows],
        "kinds": [(k, kind_label(k)) for k in kinds],
        "wins": win_back_summary(plans=visible_for(user, ReactivationPlan.objects.all())),
        "unanswered": unanswered_mails(request),
        "mail_form": CustomerMailForm(customers=visible_customers(user)),
        "feed_url": request.build_absolute_uri(reverse("cadence_feed", args=[feed_token(user)])),
        "nav": "cadence",
    }
    return render(request, "cadence/overview.html", context)


@login_required
@require_POST
def log_customer_mail(request: HttpRequest) -> HttpResponse:
    """Record a customer mail: when it arrived and when we answered."""
    user = current_user(request)
    form = CustomerMailForm(request.POST, customers=visible_customers(user))
    if form.is_valid():
        record_customer_mail(
            customer=form.cleaned_data["customer"],
            user=user,
            arrived_at=form.cleaned_data["arrived_at"],
            answered_at=form.cleaned_data["answered_at"],
            subject=form.cleaned_data["subject"],
        )
        messages.success(request, _("Customer mail recorded."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = " ".join(str(e) for e in errors)
            messages.error(request, f"{label}: {text}" if label else text)
    return redirect("cadence_overview")


@login_required
@require_POST
def mail_answered(request: HttpRequest, interaction_id: int) -> HttpResponse:
    """Mark a customer mail answered now."""
    user = current_user(request)
    mail = get_object_or_404(visible_for(user, Interaction.objects.all()), pk=interaction_id)
    try:
        mark_answered(mail=mail)
    except MailLogError:
        messages.error(request, _("This mail cannot be marked answered."))
    return redirect_back(request, "cadence_overview")
