"""The words of the churn warnings and of a forecast's chance, rendered at display time.

The core says what an alert is about as codes with figures (:mod:`laoke.core.forecast.alerts`:
``alert.<code>.reason``, ``alert.<code>.action``) and a forecast chance as a fraction with its
window (:mod:`laoke.core.forecast.wording`: ``forecast.chance.*``). This module words them in the
reader's language (gettext, catalogue ``retention``). The catalogue is registered with
:func:`laoke.platform.messages.register` when the app starts, so a stored alert
(``Alert.reason_msg`` / ``action_msg``) reads through ``Alert.reason`` and ``Alert.action``.

A chance reads as "about 1 in 7" / "约七分之一": the Chinese wording spells its small numbers in
Chinese numerals (:func:`spelled`).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from laoke.core.forecast.wording import chance_message, unlikely_message
from laoke.platform.messages import Catalogue, Wording, decimal1, money, number, percent, render

_ZH_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """``n`` (0–999) in Chinese numerals: 7 -> 七, 12 -> 十二, 40 -> 四十, 105 -> 一百零五."""
    if not 0 <= n <= 999:
        return str(n)
    if n < 10:
        return _ZH_DIGITS[n]
    if n < 20:
        return "十" + (_ZH_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _ZH_DIGITS[n // 10] + "十" + (_ZH_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    head = _ZH_DIGITS[n // 100] + "百"
    if not rest:
        return head
    return head + ("零" + _ZH_DIGITS[rest] if rest < 10 else zh_number(rest))


def spelled(value: Any) -> str:
    """A small whole number as a fraction is said: Chinese numerals in Chinese (七), digits otherwise."""
    n = int(value)
    if (get_language() or "").lower().startswith("zh"):
        return zh_number(n)
    return number(n)


def _w(text: Any, **formats: Any) -> Wording:
    return Wording(text, formats)


#: A forecast's chance of an order in the next ``days`` days (laoke.core.forecast.wording).
CHANCE: Catalogue = {
    "forecast.chance.below": _w(
        ngettext_lazy(
            "Less than 1 in 100 chance of an order in the next %(days)s day.",
            "Less than 1 in 100 chance of an order in the next %(days)s days.",
            "days",
        )
    ),
    "forecast.chance.one_in": _w(
        ngettext_lazy(
            "About 1 in %(n)s chance of an order in the next %(days)s day.",
            "About 1 in %(n)s chance of an order in the next %(days)s days.",
            "days",
        ),
        n=spelled,
    ),
    "forecast.chance.tenths": _w(
        ngettext_lazy(
            "About %(tenths)s in 10 chance of an order in the next %(days)s day.",
            "About %(tenths)s in 10 chance of an order in the next %(days)s days.",
            "days",
        ),
        tenths=spelled,
    ),
    "forecast.chance.above": _w(
        ngettext_lazy(
            "More than 9 in 10 chance of an order in the next %(days)s day.",
            "More than 9 in 10 chance of an order in the next %(days)s days.",
            "days",
        )
    ),
    # The headline instead of the next-order date when an order is unlikely (wording.unlikely_message).
    "forecast.unlikely": _w(
        ngettext_lazy(
            "Unlikely to order in the next %(days)s day",
            "Unlikely to order in the next %(days)s days",
            "days",
        )
    ),
}

#: Why each early-warning alert was raised (laoke.core.forecast.alerts).
REASONS: Catalogue = {
    "alert.overdue.rhythm": _w(
        _(
            "Usually orders every %(usual_days)s days; %(since_days)s days since the last order "
            "(%(late_days)s days late)."
        ),
        usual_days=number,
        since_days=number,
        late_days=number,
    ),
    "alert.long_silence.reason": _w(
        _("Customer for %(years)s years, no order for %(days)s days."), years=decimal1, days=number
    ),
    "alert.volume_drop.reason": _w(
        _(
            "Yearly purchases grew from %(before)s to %(peak)s, then fell %(drop)s to %(now)s "
            "in the last 12 months."
        ),
        before=money,
        peak=money,
        now=money,
        drop=percent,
    ),
    "alert.owner_left.reason": _w(_("Its salesperson %(owner)s has left the company.")),
    "alert.open_complaint.reason": _w(
        ngettext_lazy(
            "%(count)s unresolved complaint, %(oldest_days)s days old.",
            "%(count)s unresolved complaints, the oldest %(oldest_days)s days old.",
            "count",
        ),
        oldest_days=number,
    ),
    "alert.late_payment.reason": _w(
        ngettext_lazy(
            "%(count)s payment more than %(threshold_days)s days late: %(worst_days)s days.",
            "%(count)s payments more than %(threshold_days)s days late, the worst %(worst_days)s days.",
            "count",
        ),
        worst_days=number,
    ),
    "alert.broken_promise.reason": _w(
        ngettext_lazy(
            "%(count)s promise or rebate past due and not kept.",
            "%(count)s promises or rebates past due and not kept.",
            "count",
        )
    ),
}

#: What to do about each alert (laoke.core.forecast.alerts.CODES).
ACTIONS: Catalogue = {
    "alert.volume_drop.action": _w(
        _("Call the buyer this week: ask about their market and stock, and offer a plan for next season.")
    ),
    "alert.overdue.action": _w(
        _("Contact the customer now about their next order: share new products and current prices.")
    ),
    "alert.long_silence.action": _w(
        _("A three-year customer has been silent for three months: arrange a call or visit.")
    ),
    "alert.owner_left.action": _w(_("Assign a new owner and introduce them to the customer personally.")),
    "alert.open_complaint.action": _w(_("Resolve the complaint today and tell the customer what was done.")),
    "alert.late_payment.action": _w(_("Check the payment with the customer and review their terms.")),
    "alert.broken_promise.action": _w(
        _("Deliver the promise or rebate now, or explain and agree a new date.")
    ),
}

CATALOGUE: Catalogue = {**CHANCE, **REASONS, **ACTIONS}


def chance_text(p: float, days: int) -> str:
    """The chance ``p`` of an order within ``days`` days as a sentence in the reader's language.

    E.g. "About 1 in 7 chance of an order in the next 90 days." / "未来90天内下单的可能性约七分之一。"
    """
    return render(chance_message(p, days), CATALOGUE)


def unlikely_text(p: float, days: int) -> str:
    """ "Unlikely to order in the next 365 days" when the chance ``p`` of an order within ``days``
    days is too low for the next-order date to head the forecast; empty otherwise."""
    message = unlikely_message(p, days)
    return render(message, CATALOGUE) if message is not None else ""
