"""Today, ranked and bounded: the page's context, the bulk catch-up action, the daily budget.

The page itself is ``laoke.web.views.today.today`` (the home page); it takes its tasks from
:func:`today_context`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from laoke.accounts.models import User
from laoke.cadence.services.agenda_page import agenda_extras
from laoke.cadence.services.today import (
    CatchUpError,
    act_on_catch_up,
    build_today,
    daily_budget,
    set_daily_budget,
)
from laoke.cadence.today_forms import BudgetForm, CatchUpForm
from laoke.customers.visibility import sees_everything
from laoke.web.access import current_user, salespeople, visible_tasks
from laoke.web.forms import AgendaFilterForm
from laoke.web.redirects import safe_next

#: "Later" rows drawn on the page (the rest are counted; filters reach them).
LATER_SHOWN = 50


def today_context(request: HttpRequest) -> dict[str, Any]:
    """What the Today page shows: the ranked list of the user (a manager: everyone's or one person's)."""
    user = current_user(request)
    assignee: User | None = user
    chosen = ""
    form = AgendaFilterForm(request.GET, people=salespeople(user) if user.is_manager else None)
    form.is_valid()  # a value that is not valid is left out of cleaned_data: that filter is ignored
    if user.is_manager:
        assignee = form.cleaned_data.get("who")
        chosen = str(assignee.pk) if assignee else ""
    day = timezone.localdate()
    kind = form.cleaned_data.get("kind") or ""
    # Visibility (own tasks; a team manager those of the team's customers and people) is applied in
    # the database; the ranking runs on the loaded rows (one query), so nothing is read per task.
    scope = None if sees_everything(user) else visible_tasks(user)
    budget = daily_budget(assignee if assignee is not None else user)
    listing = build_today(today=day, assignee=assignee, scope=scope, budget=budget, kind=kind)
    return {
        "listing": listing,
        "later_shown": listing.later[:LATER_SHOWN],
        "later_hidden": max(len(listing.later) - LATER_SHOWN, 0),
        "today": day,
        "people": salespeople(user) if user.is_manager else [],
        "chosen": chosen,
        "budget_form": BudgetForm(initial={"daily_budget": daily_budget(user)}),
        "catch_up_form": CatchUpForm(),
        "nav": "today",
        **agenda_extras(scope=scope, assignee=assignee, today=day, kind=kind),
    }


@login_required
@require_POST
def catch_up(request: HttpRequest) -> HttpResponse:
    """Snooze, reschedule or dismiss the ticked catch-up tasks (those the user may act on)."""
    user = current_user(request)
    back = safe_next(request, "home")
    form = CatchUpForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, _("Nothing was changed: %(errors)s") % {"errors": errors})
        return redirect(back)
    data = form.cleaned_data
    today = timezone.localdate()
    try:
        with transaction.atomic():
            changed = act_on_catch_up(
                tasks=visible_tasks(user),
                ids=data["task"],
                action=data["action"],
                today=today,
                until=data.get("until"),
            )
    except CatchUpError:
        messages.error(request, _("Nothing was changed: pick a date after today."))
        return redirect(back)
    asked = len(data["task"])
    done = {
        "snooze": ngettext("%(n)s task snoozed.", "%(n)s tasks snoozed.", changed),
        "reschedule": ngettext("%(n)s task moved.", "%(n)s tasks moved.", changed),
        "dismiss": ngettext("%(n)s task dismissed.", "%(n)s tasks dismissed.", changed),
    }[data["action"]] % {"n": changed}
    if changed < asked:
        done += " " + _("The others were closed or moved meanwhile, or are not yours.")
    messages.success(request, done)
    return redirect(back)


@login_required
@require_POST
def budget(request: HttpRequest) -> HttpResponse:
    """Set how many tasks the user's Today shows."""
    user = current_user(request)
    form = BudgetForm(request.POST)
    if form.is_valid():
        set_daily_budget(user=user, budget=form.cleaned_data["daily_budget"])
        messages.success(
            request,
            _("Today now shows %(n)s tasks a day.") % {"n": form.cleaned_data["daily_budget"]},
        )
    else:
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, _("The number was not saved: %(errors)s") % {"errors": errors})
    return redirect(safe_next(request, "home"))
