"""The words of the follow-up plan's tasks, festivals and quiet periods, rendered at display time.

The cadence rules (:mod:`laoke.core.cadence.rules`) give each task a title and reasons as codes
with figures (``cadence.ladder.ask.title``, ``cadence.festival.why`` with the greeting code, the
country and the day…); the task stores them (``Task.title_msg``/``why_msg``) and
:attr:`laoke.retention.models.Task.title` words them in the reader's language through the registry
this catalogue joins in ``CadenceConfig.ready`` (:func:`laoke.platform.messages.register`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from laoke.platform.messages import Catalogue, Wording, country, date

#: Festival and greeting codes (laoke.core.cadence.festivals, and the joint greetings of
#: laoke.core.cadence.calendar) as the reader calls them.
FESTIVAL_NAMES = {
    "new_year": pgettext_lazy("festival", "New Year"),
    "lunar_new_year": pgettext_lazy("festival", "Lunar New Year"),
    "mid_autumn": pgettext_lazy("festival", "Mid-Autumn Festival"),
    "easter": pgettext_lazy("festival", "Easter"),
    "orthodox_easter": pgettext_lazy("festival", "Orthodox Easter"),
    "christmas": pgettext_lazy("festival", "Christmas"),
    "orthodox_christmas": pgettext_lazy("festival", "Orthodox Christmas"),
    "eid_al_fitr": pgettext_lazy("festival", "Eid al-Fitr"),
    "eid_al_adha": pgettext_lazy("festival", "Eid al-Adha"),
    "diwali": pgettext_lazy("festival", "Diwali"),
    "songkran": pgettext_lazy("festival", "Songkran"),
    "nowruz": pgettext_lazy("festival", "Nowruz"),
    "thanksgiving": pgettext_lazy("festival", "Thanksgiving"),
    "national_day": pgettext_lazy("festival", "National Day"),
    "new_year+christmas": pgettext_lazy("festival", "Christmas and New Year"),
    "new_year+orthodox_christmas": pgettext_lazy("festival", "New Year and Christmas"),
}


def festival_name(code: Any) -> str:
    """A festival or greeting code in the reader's language (the code itself when unknown)."""
    return str(FESTIVAL_NAMES.get(str(code), code))


def month(value: Any) -> str:
    """A month in the reader's format: ``March 2027``, ``2027年3月``."""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return str(formats.date_format(day, "YEAR_MONTH_FORMAT"))


_DATED = {"sent": date, "last": date, "on": date, "start": date, "order_date": date, "from": date}
_FESTIVAL = {"festival": festival_name, "country": country, "on": date}
_QUIET = {"country": country, "on": date, "from": date}
_SEASON = {"season": month}

CATALOGUE: Catalogue = {
    # --- the follow-up ladder: days, subject and sent day of the unanswered mail ---
    "cadence.ladder.ask.title": Wording(_("Ask whether the mail arrived")),
    "cadence.ladder.ask.why": Wording(
        _("No reply for %(days)s days to “%(subject)s” sent on %(sent)s: ask politely whether it arrived."),
        _DATED,
    ),
    "cadence.ladder.intro.title": Wording(_("Send a short product introduction")),
    "cadence.ladder.intro.why": Wording(
        _("Still no reply %(days)s days after “%(subject)s” (%(sent)s): send a short product introduction."),
        _DATED,
    ),
    "cadence.ladder.call.title": Wording(_("Phone the customer")),
    "cadence.ladder.call.why": Wording(
        _("No reply %(days)s days after “%(subject)s” (%(sent)s) and the follow-ups: call them."), _DATED
    ),
    "cadence.ladder.small_floor": Wording(_("Small customer: not chased tighter than every %(days)s days.")),
    # --- the monthly touch and its topics ---
    "cadence.touch.title": Wording(_("Monthly personal mail")),
    "cadence.touch.first": Wording(_("No personal contact recorded yet: one mail a month at least.")),
    "cadence.touch.last": Wording(
        _("Last personal contact on %(last)s; contact every %(days)s days."), _DATED
    ),
    "cadence.touch.last_key": Wording(
        _("Last personal contact on %(last)s; contact every %(days)s days (key customer: every two weeks)."),
        _DATED,
    ),
    "cadence.topic.new_products": Wording(_("Topic: the new products %(names)s.")),
    "cadence.topic.festival": Wording(_("Topic: %(festival)s greetings."), _FESTIVAL),
    "cadence.topic.event.freight_before_new_year": Wording(
        _("Topic: freight rates before the Chinese New Year rush.")
    ),
    "cadence.topic.event.spring_fairs": Wording(_("Topic: the spring trade-fair season.")),
    "cadence.topic.event.canton_fair_spring": Wording(_("Topic: the Canton Fair (spring session).")),
    "cadence.topic.event.mid_year_materials": Wording(_("Topic: mid-year raw-material prices.")),
    "cadence.topic.event.peak_shipping": Wording(_("Topic: the peak shipping season before Christmas.")),
    "cadence.topic.event.canton_fair_autumn": Wording(_("Topic: the Canton Fair (autumn session).")),
    "cadence.topic.event.next_year_prices": Wording(_("Topic: next year's price list.")),
    "cadence.topic.event.year_review": Wording(_("Topic: the year's review and next year's plan.")),
    "cadence.topic.price": Wording(_("Topic: price and market information.")),
    # --- festivals and birthdays ---
    "cadence.festival.title": Wording(_("Send %(festival)s greetings"), _FESTIVAL),
    "cadence.festival.why": Wording(
        _("%(festival)s in %(country)s on %(on)s: greet them in their language."), _FESTIVAL
    ),
    "cadence.birthday.title": Wording(_("Birthday wishes to %(name)s")),
    "cadence.birthday.why": Wording(_("%(name)s's birthday is on %(on)s."), _DATED),
    # --- before the season ---
    "cadence.pre_season.title": Wording(_("Send new samples or the catalogue")),
    "cadence.pre_season.why": Wording(
        _("Next order expected from %(start)s: contact two months ahead."), _DATED
    ),
    "cadence.season.samples.title": Wording(_("Send samples for the next season")),
    "cadence.season.samples.why": Wording(
        _(
            "Seasonal buyer: orders come around %(season)s; samples go out about %(months)s months "
            "before the season."
        ),
        _SEASON,
    ),
    "cadence.season.designs.title": Wording(_("Settle the designs for the season")),
    "cadence.season.designs.why": Wording(
        _(
            "Seasonal buyer: orders come around %(season)s; designs are settled about %(months)s months "
            "before the season."
        ),
        _SEASON,
    ),
    # --- order touchpoints: the order's number and day ---
    "cadence.order.completion.title": Wording(_("Tell the expected completion date")),
    "cadence.order.completion.why": Wording(
        _("Order %(order_no)s of %(order_date)s: tell them when it will be ready."), _DATED
    ),
    "cadence.order.photos.title": Wording(_("Send production photos")),
    "cadence.order.photos.why": Wording(
        _("Order %(order_no)s of %(order_date)s: send photos from production."), _DATED
    ),
    "cadence.order.shipping.title": Wording(_("Announce completion and shipping")),
    "cadence.order.shipping.why": Wording(
        _("Order %(order_no)s of %(order_date)s: announce completion and shipping in advance."), _DATED
    ),
    "cadence.order.loading.title": Wording(_("Send container-loading photos")),
    "cadence.order.loading.why": Wording(
        _("Order %(order_no)s of %(order_date)s: send the container-loading photos."), _DATED
    ),
    # --- win-back touches (laoke.core.cadence.reactivation.STAGES) ---
    "cadence.reactivation.new_products.title": Wording(_("Win-back touch %(step)s: introduce new products")),
    "cadence.reactivation.new_process.title": Wording(
        _("Win-back touch %(step)s: present a new process or technology")
    ),
    "cadence.reactivation.samples.title": Wording(_("Win-back touch %(step)s: offer free samples")),
    "cadence.reactivation.call.title": Wording(_("Win-back touch %(step)s: call the decision maker")),
    "cadence.reactivation.visit.title": Wording(_("Win-back touch %(step)s: propose a visit or a meeting")),
    "cadence.reactivation.keep_trying.title": Wording(
        _("Win-back touch %(step)s: try again with news from the market")
    ),
    "cadence.reactivation.dormant": Wording(_("Dormant customer.")),
    "cadence.reactivation.count": Wording(
        _("Attempts so far: %(attempts)s; rejections: %(rejections)s. Sales starts at the fifth rejection.")
    ),
    "cadence.reactivation.selling": Wording(
        _("Rejections so far: %(rejections)s. Now the selling starts: ask for a meeting.")
    ),
    # --- quiet periods (laoke.core.cadence.calendar.QuietPeriod.reason) ---
    "cadence.quiet.ramadan": Wording(_("Ramadan in %(country)s (until Eid al-Fitr on %(on)s)"), _QUIET),
    "cadence.quiet.factory_new_year": Wording(
        _("the Chinese New Year factory shutdown (New Year on %(on)s)"), _QUIET
    ),
    "cadence.quiet.europe_summer": Wording(_("the July–August holidays in Europe"), _QUIET),
    "cadence.quiet.moved.ramadan": Wording(
        _("Moved from %(from)s: Ramadan in %(country)s (until Eid al-Fitr on %(on)s)."), _QUIET
    ),
    "cadence.quiet.moved.factory_new_year": Wording(
        _("Moved from %(from)s: the Chinese New Year factory shutdown (New Year on %(on)s)."), _QUIET
    ),
    "cadence.quiet.moved.europe_summer": Wording(
        _("Moved from %(from)s: the July–August holidays in Europe."), _QUIET
    ),
    "cadence.quiet.short.ramadan": Wording(
        _("Ramadan in %(country)s: keep it short, a reply may take longer."), _QUIET
    ),
    "cadence.quiet.short.factory_new_year": Wording(
        _("The Chinese New Year factory shutdown: keep it short, a reply may take longer."), _QUIET
    ),
    "cadence.quiet.short.europe_summer": Wording(
        _("The July–August holidays in Europe: keep it short, a reply may take longer."), _QUIET
    ),
}
