"""Today's forms: the bulk catch-up action and the daily budget.

The page itself is ``laoke.web.views.today.today`` (the home page); its context comes from
``laoke.cadence.today_page.today_context``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from laoke.accounts.access import current_user
from laoke.cadence.services.today import (
    CatchUpError,
    act_on_catch_up,
    set_daily_budget,
)
from laoke.cadence.today_forms import BudgetForm, CatchUpForm
from laoke.platform.redirects import safe_next
from laoke.retention.permissions import visible_tasks


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
