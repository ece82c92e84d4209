"""The words of the trips, the win-back plans and the cadence's own tasks, rendered at display time.

The core says what (:mod:`laoke.core.cadence.trips`, :mod:`laoke.core.cadence.reactivation`): a
trip's title and reasons, a win-back stage, a prepared answer, as codes with raw figures; the
adapters that store a task (the urgent tasks, a trip report's follow-up) do the same. This module
words the codes (``cadence.trip.*``, ``cadence.reactivation.*``, ``cadence.urgent.*``,
``cadence.trip_follow_up.*``) in the reader's language. :data:`PLAN_MESSAGES` is registered in
:meth:`laoke.cadence.apps.CadenceConfig.ready`, so a task stored with these codes reads in the
reader's language wherever it is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from laoke.cadence.holiday_names import holiday_name
from laoke.core.cadence.reactivation import STAGE_CODE, STAGES
from laoke.core.cadence.trips import TripReason, reason_messages
from laoke.core.messages import Message
from laoke.platform.messages import Catalogue, Wording, country, date, listed, reads_chinese, render, shown


def names(value: Any) -> str:
    """Names stored one per line (cities), listed as the reader's language lists them."""
    items = [n for n in str(value or "").split("\n") if n]
    return listed(items)


def outcome(code: Any) -> str:
    """A visit's outcome (``TripOutcomeChoices``) in the reader's language."""
    from laoke.cadence.models import TripOutcomeChoices

    return str(dict(TripOutcomeChoices.choices).get(str(code), code))


#: A win-back stage in words (the core's ``Stage.code``).
STAGE_TITLES = {
    "new_products": pgettext_lazy("win-back stage", "introduce new products"),
    "new_process": pgettext_lazy("win-back stage", "present a new process or technology"),
    "samples": pgettext_lazy("win-back stage", "offer free samples"),
    "call": pgettext_lazy("win-back stage", "call the decision maker"),
    "visit": pgettext_lazy("win-back stage", "propose a visit or a meeting"),
    "keep_trying": pgettext_lazy("win-back stage", "try again with news from the market"),
}


def stage_name(code: Any) -> str:
    """A win-back stage code in the reader's language ("" for an unknown one)."""
    title = STAGE_TITLES.get(str(code))
    return str(title) if title is not None else ""


#: Prepared answers (the core's ``prepared_answers`` codes): what the customer may say, our answer.
ANSWERS = {
    "competitor": (
        _("Your price is higher than our current supplier."),
        _("Compare total cost: our quality record, lead time and a trial lot at the matched price."),
    ),
    "broken_promise": (
        _("You did not keep your promise last time."),
        _("Acknowledge it, settle the old promise first, and put the new terms in writing."),
    ),
    "neglected_small": (
        _("You never had time for us."),
        _("Name one person and a monthly contact; small orders get the same service."),
    ),
    "owner_left": (
        _("We worked with your former colleague, not with the company."),
        _("Introduce the new owner in person and keep the prices and terms they knew."),
    ),
    "market": (
        _("Our market is weak; we are not buying."),
        _("Offer smaller lots, stock support and products for the segments still growing."),
    ),
    "details": (
        _("Your deliveries were late and the quality varied."),
        _("Show what changed (process, inspection, reports) and offer a guaranteed trial order."),
    ),
    "happy_with_supplier": (
        _("We are happy with our current supplier."),
        _("Ask to be the second source: a small trial keeps their supply safe."),
    ),
    "send_catalogue": (
        _("Send us your catalogue, we will contact you."),
        _("Send it with one product chosen for them and a date to call back."),
    ),
}

_TRIP = "cadence.trip"

PLAN_MESSAGES: Catalogue = {
    # --- trips (laoke.core.cadence.trips) ---
    f"{_TRIP}.title": Wording(
        ngettext_lazy(
            "Plan a trip to %(country)s (%(cities)s): %(count)s key customer",
            "Plan a trip to %(country)s (%(cities)s): %(count)s key customers",
            "count",
        ),
        {"country": country, "cities": names},
    ),
    f"{_TRIP}.title.no_city": Wording(
        ngettext_lazy(
            "Plan a trip to %(country)s: %(count)s key customer",
            "Plan a trip to %(country)s: %(count)s key customers",
            "count",
        ),
        {"country": country},
    ),
    f"{_TRIP}.days": Wording(
        _("Trip from %(starts_on)s to %(ends_on)s."), {"starts_on": date, "ends_on": date}
    ),
    f"{_TRIP}.reason.summer_before": Wording(
        _("Before the July–August holidays in %(country)s."), {"country": country}
    ),
    f"{_TRIP}.reason.summer_after": Wording(
        _("After the July–August holidays in %(country)s."), {"country": country}
    ),
    f"{_TRIP}.reason.no_holiday": Wording(
        _("No public holiday in %(country)s on these days."), {"country": country}
    ),
    f"{_TRIP}.reason.holiday_skipped": Wording(
        _("Skips %(holiday)s on %(day)s, a public holiday in %(country)s."),
        {"country": country, "day": date, "holiday": holiday_name},
    ),
    f"{_TRIP}.reason.quiet.ramadan": Wording(
        _("Avoids Ramadan in %(country)s (%(starts_on)s to %(ends_on)s)."),
        {"country": country, "starts_on": date, "ends_on": date},
    ),
    f"{_TRIP}.reason.quiet.factory_new_year": Wording(
        _("Avoids our factory's Chinese New Year shutdown (%(starts_on)s to %(ends_on)s)."),
        {"starts_on": date, "ends_on": date},
    ),
    f"{_TRIP}.reason.quiet": Wording(
        _("Avoids a quiet period in %(country)s (%(starts_on)s to %(ends_on)s)."),
        {"country": country, "starts_on": date, "ends_on": date},
    ),
    f"{_TRIP}.reason.order_ahead": Wording(
        _("Comes before the next order expected from %(customer)s around %(day)s."), {"day": date}
    ),
    # --- a trip report's follow-up (laoke.cadence.services.trips.report_trip) ---
    "cadence.trip_follow_up.title": Wording(_("Follow up the visit of %(day)s: %(customer)s"), {"day": date}),
    "cadence.trip_follow_up.outcome": Wording(_("Trip report: %(outcome)s."), {"outcome": outcome}),
    "cadence.trip_follow_up.notes": Wording(_("Notes: %(notes)s")),
    # --- the urgent tasks (laoke.cadence.services.urgent) ---
    "cadence.urgent.at_risk.title": Wording(
        _("Call %(customer)s: a grade %(grade)s customer is now at risk")
    ),
    "cadence.urgent.at_risk.why": Wording(
        _("At risk since %(day)s: ask what changed before they go quiet."), {"day": date}
    ),
    # --- win-back plans (laoke.core.cadence.reactivation) ---
    **{f"{STAGE_CODE}.{code}": Wording(title) for code, title in STAGE_TITLES.items()},
    **{
        f"cadence.reactivation.answer.{code}.rejection": Wording(said)
        for code, (said, _reply) in ANSWERS.items()
    },
    **{
        f"cadence.reactivation.answer.{code}.reply": Wording(reply)
        for code, (_said, reply) in ANSWERS.items()
    },
}

assert {s.code for s in STAGES} == set(STAGE_TITLES), "every win-back stage needs its words"


def word(message: Message) -> str:
    """One of this module's messages in the reader's language."""
    return render(message, PLAN_MESSAGES)


def trip_reason_lines(reasons: list[Mapping[str, Any]] | None, country_code: str) -> list[str]:
    """A stored trip's reasons (``VisitPlan.reasons``), one line per fact, in the reader's language.

    A quiet period stored before reasons were codes carries its own English and Chinese text.
    """
    out: list[str] = []
    for stored in reasons or []:
        params = dict(stored.get("params") or {})
        reason = TripReason(str(stored.get("code", "")), params)
        lines = [word(m) for m in reason_messages(reason, country_code)]
        if not lines and reason.code == "quiet_skipped":
            old = params.get("zh" if reads_chinese() else "en") or params.get("en") or ""
            lines = [str(_("Avoids %(period)s.") % {"period": old})] if old else []
        out.extend(line for line in lines if line)
    return out


def answer_text(answer: Mapping[str, Any], part: str) -> str:
    """A prepared answer's ``rejection`` or ``answer`` in the reader's language.

    Plans started before answers were codes keep ``rejection_en/_zh`` and ``answer_en/_zh``.
    """
    code = str(answer.get("code") or "")
    if code in ANSWERS:
        said, reply = ANSWERS[code]
        return str(said if part == "rejection" else reply)
    return shown(None, str(answer.get(f"{part}_en") or ""), str(answer.get(f"{part}_zh") or ""))
