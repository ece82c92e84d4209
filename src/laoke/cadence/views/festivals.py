"""Festival greetings by country: which go out, and the company's switches (managers)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from laoke.accounts.access import current_user
from laoke.audit.models import AuditAction
from laoke.audit.services import record
from laoke.cadence.messages import festival_name
from laoke.cadence.models import FestivalSwitch
from laoke.cadence.services.drafts import festival_switches
from laoke.company.names import country_name
from laoke.core.cadence.festivals import ALL_CODES, GREETINGS, festival_date, greetings_for


def _name(code: str) -> str:
    return festival_name(code)


def _next_day(code: str, country: str, today: dt.date) -> dt.date | None:
    for year in (today.year, today.year + 1):
        day = festival_date(code, country, year)
        if day is not None and day >= today:
            return day
    return None


@login_required
def festival_list(request: HttpRequest) -> HttpResponse:
    """The 40 largest export markets (and China) with the greetings each gets; managers switch them."""
    user = current_user(request)
    if request.method == "POST":
        if not user.is_manager:
            raise PermissionDenied
        country = request.POST.get("country", "").upper()
        if country in GREETINGS:
            chosen = {c for c in request.POST.getlist("on") if c in ALL_CODES}
            added = request.POST.get("add", "")
            if added in ALL_CODES:
                chosen.add(added)
            table = set(GREETINGS[country])
            FestivalSwitch.objects.filter(country=country).delete()
            changes = [(c, False) for c in table - chosen] + [(c, True) for c in chosen - table]
            FestivalSwitch.objects.bulk_create(
                [FestivalSwitch(country=country, festival=c, enabled=e, updated_by=user) for c, e in changes]
            )
            record(
                user,
                AuditAction.POLICY_CHANGE,
                target=f"festival greetings {country}",
                detail={"greetings": sorted(chosen)},
            )
            messages.success(
                request, _("Greetings for %(country)s saved.") % {"country": country_name(country)}
            )
        return redirect(f"{request.path}#country-{country}")
    switches = festival_switches()
    today = timezone.localdate()
    rows = []
    for country in GREETINGS:
        on = greetings_for(country, switches=switches)
        shown = list(dict.fromkeys([*GREETINGS[country], *on]))
        rows.append(
            {
                "country": country,
                "name": country_name(country),
                "greetings": [
                    {
                        "code": code,
                        "name": _name(code),
                        "on": code in on,
                        "changed": (code in on) != (code in GREETINGS[country]),
                        "next": _next_day(code, country, today),
                    }
                    for code in shown
                    if code != "national_day" or festival_date(code, country, today.year) is not None
                ],
                "others": [(c, _name(c)) for c in ALL_CODES if c not in shown and c != "national_day"],
            }
        )
    rows.sort(key=lambda r: str(r["name"]))
    return render(request, "cadence/festivals.html", {"rows": rows, "nav": "cadence"})
