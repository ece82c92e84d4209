"""The words of the scorecard's explanations and the forecast's reasons, rendered at display time.

The core stores codes with figures (:mod:`laoke.core.messages`): a dimension of
``CustomerScore.dimensions`` is ``{"score", "level", "explanation": [{"code", "params"}, …]}``,
a reason of ``CustomerScore.reasons`` is ``{"dimension", "explanation": […]}`` and a reason of
``Forecast.reasons`` is ``{"code", "params"}``. This module words them in the reader's language
(gettext, catalogue ``retention``) with localised figures (:mod:`laoke.platform.messages`).

Rows scored before the codes carry their sentences (``explanation_en/_zh``, ``en/zh``): they are
shown as stored until the next re-score replaces them (``laoke score`` rewrites every row).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from laoke.core.messages import Message
from laoke.platform.messages import (
    Catalogue,
    Wording,
    country,
    date,
    decimal1,
    join_sentences,
    money,
    number,
    percent,
    percent1,
    render,
)

#: The scorecard's dimensions (laoke.core.scorecard.policy.DIMENSIONS) as the reader calls them
#: (glossary: 评估维度), in display order.
DIMENSION_LABELS = {
    "profit": _("Profit"),
    "volume": _("Sales volume"),
    "loyalty": _("Loyalty"),
    "growth": _("Growth prospects"),
    "relationship": _("Personal relationship"),
    "payment_risk": _("Payment risk"),
    "market_trend": _("Market trend"),
    "lifespan_risk": _("Lifespan risk"),
    "policy_risk": _("Policy risk"),
    "currency_risk": _("Currency risk"),
    "delivery_sensitivity": _("Delivery sensitivity"),
}


def dimension(code: Any) -> str:
    """A dimension code in the reader's language."""
    return str(DIMENSION_LABELS.get(str(code), code))


#: Payment-terms codes (as the core normalises them) in words; other codes show as written.
TERMS_LABELS = {
    "CIA": _("cash in advance"),
    "TTADVANCE": _("T/T in advance"),
    "TT": _("T/T (telegraphic transfer)"),
    "LC": _("L/C (letter of credit)"),
    "CAD": _("cash against documents"),
    "DP": _("D/P (documents against payment)"),
    "DA": _("D/A (documents against acceptance)"),
    "OA": _("O/A (open account)"),
}


def terms(code: Any) -> str:
    """A payment-terms code in the reader's language."""
    return str(TERMS_LABELS.get(str(code), code))


def _w(text: Any, **formats: Any) -> Wording:
    return Wording(text, formats)


#: Every code of the scorecard's explanations (laoke.core.scorecard.dimensions_*).
SCORECARD: Catalogue = {
    "scorecard.hint.improve": _w(_("%(dimension)s: plan concrete work to improve it."), dimension=dimension),
    "scorecard.hint.control": _w(_("%(dimension)s: add a risk-control measure."), dimension=dimension),
    "scorecard.profit.margin": _w(
        _("Margin %(margin)s and profit %(profit)s over the last %(months)s months."),
        margin=percent1,
        profit=money,
    ),
    "scorecard.profit.unknown": _w(_("No cost data for the last %(months)s months, so profit is unknown.")),
    "scorecard.volume.sales": _w(
        _("Sales of %(sales)s in the last %(months)s months, ahead of %(ahead_of)s of customers."),
        sales=money,
        ahead_of=percent,
    ),
    "scorecard.volume.sales_few": _w(
        _("Sales of %(sales)s in the last %(months)s months, ahead of fewer than 1%% of customers."),
        sales=money,
    ),
    "scorecard.volume.sales_lowest": _w(
        _("Sales of %(sales)s in the last %(months)s months, the lowest of the customers who bought."),
        sales=money,
    ),
    "scorecard.volume.sales_only": _w(
        _("Sales of %(sales)s in the last %(months)s months, the only customer who bought in that time."),
        sales=money,
    ),
    "scorecard.volume.no_sales": _w(_("No sales in the last %(months)s months.")),
    "scorecard.volume.unknown": _w(_("No orders yet, so sales volume is unknown.")),
    "scorecard.loyalty.tenure": _w(_("Buying for %(years)s years."), years=decimal1),
    "scorecard.loyalty.tenure_new": _w(_("Buying since %(date)s, under a year."), date=date),
    "scorecard.loyalty.rhythm_regular": _w(_("Orders at a regular rhythm.")),
    "scorecard.loyalty.rhythm_irregular": _w(_("Orders at an irregular rhythm.")),
    "scorecard.loyalty.rhythm_unknown": _w(_("Too few orders to judge the rhythm.")),
    "scorecard.loyalty.disputes": _w(
        ngettext_lazy("%(count)s price dispute.", "%(count)s price disputes.", "count")
    ),
    "scorecard.loyalty.terms_tests": _w(
        _("After refusing harsh terms it stayed %(stayed)s times and switched %(switched)s times.")
    ),
    "scorecard.loyalty.unknown": _w(_("No orders yet, so loyalty is unknown.")),
    "scorecard.growth.sales_up": _w(
        _("Sales up %(change)s on the previous %(months)s months."), change=percent
    ),
    "scorecard.growth.sales_down": _w(
        _("Sales down %(change)s on the previous %(months)s months."), change=percent
    ),
    "scorecard.growth.sales_times": _w(
        _("Sales %(times)s times those of the previous %(months)s months (%(before)s)."),
        times=number,
        before=money,
    ),
    "scorecard.growth.sales_down_nearly_all": _w(
        _("Sales down more than 99%% on the previous %(months)s months.")
    ),
    "scorecard.growth.sales_stopped": _w(
        _("Down from %(before)s in the previous %(months)s months."), before=money
    ),
    "scorecard.growth.sales_flat": _w(_("Sales about the same as in the previous %(months)s months.")),
    "scorecard.growth.restarted": _w(_("Buying again after a quiet %(months)s months.")),
    "scorecard.growth.trial": _w(_("Latest order %(ratio)s times the first."), ratio=decimal1),
    "scorecard.growth.new_products": _w(_("New products make %(share)s of sales."), share=percent),
    "scorecard.growth.new_products_few": _w(_("New products make less than 1%% of sales.")),
    "scorecard.growth.no_new_products": _w(_("No new products bought in the last %(months)s months.")),
    "scorecard.growth.unknown": _w(_("Not enough history to judge growth.")),
    "scorecard.relationship.level": _w(_("Relationship level %(level)s/5.")),
    "scorecard.relationship.contacts": _w(
        ngettext_lazy(
            "%(count)s contact in the last %(days)s days.",
            "%(count)s contacts in the last %(days)s days.",
            "count",
        )
    ),
    "scorecard.relationship.unknown": _w(_("No relationship level set and no contacts logged.")),
    "scorecard.payment_risk.terms": _w(_("Payment terms: %(terms)s."), terms=terms),
    "scorecard.payment_risk.on_time": _w(_("Pays on time on average.")),
    "scorecard.payment_risk.days_late": _w(_("Pays %(days)s days late on average."), days=number),
    "scorecard.payment_risk.overdue": _w(_("%(amount)s overdue."), amount=money),
    "scorecard.payment_risk.nothing_overdue": _w(_("Nothing overdue.")),
    "scorecard.payment_risk.unknown": _w(
        _("No payment terms or payment records, so payment risk is unknown.")
    ),
    "scorecard.market_trend.rated": _w(
        _("The owner rates the customer's market at %(rating)s on a -2 (shrinking) to +2 (growing) scale.")
    ),
    "scorecard.market_trend.unknown": _w(_("Market trend not rated.")),
    "scorecard.lifespan_risk.rated": _w(_("Lifespan risk rated %(rating)s/5 (5 = highest risk).")),
    "scorecard.lifespan_risk.unknown": _w(_("Lifespan risk not rated.")),
    "scorecard.delivery_sensitivity.rated": _w(
        _("Lead-time sensitivity rated %(rating)s/5 (5 = most sensitive).")
    ),
    "scorecard.delivery_sensitivity.unknown": _w(_("Lead-time sensitivity not rated.")),
    "scorecard.policy_risk.listed": _w(
        _("%(country)s: policy-risk score %(score)s in the company table."), country=country, score=number
    ),
    "scorecard.policy_risk.default": _w(
        _("%(country)s is not in the company's policy-risk table: default score %(score)s."),
        country=country,
        score=number,
    ),
    "scorecard.policy_risk.unknown": _w(_("Country unknown or not rated, so policy risk is unknown.")),
    "scorecard.currency_risk.home": _w(
        _("Pays in %(currency)s, the company's own currency: no exchange-rate risk.")
    ),
    "scorecard.currency_risk.volatility": _w(
        _("Currency %(currency)s: its rate against USD moves about %(volatility)s a year."),
        volatility=percent1,
    ),
    "scorecard.currency_risk.volatility_home": _w(
        _("Currency %(currency)s: its rate against %(home)s moves about %(volatility)s a year."),
        volatility=percent1,
    ),
    "scorecard.currency_risk.unknown": _w(_("Currency unknown or not rated, so currency risk is unknown.")),
}

#: Every code of the forecast's reasons (laoke.core.forecast.reasons.REASON_CODES).
FORECAST: Catalogue = {
    "forecast.book_pattern_high": _w(_("Customers with a similar history usually order again.")),
    "forecast.book_pattern_low": _w(_("Customers with a similar history rarely order again.")),
    "forecast.due_by_rhythm": _w(_("Its usual reorder interval says an order is due.")),
    "forecast.not_due_yet": _w(_("By its usual interval the next order is not due yet.")),
    "forecast.many_orders": _w(
        _("Orders so far: %(orders)s, more than the typical customer's %(median)s."),
        orders=number,
        median=number,
    ),
    "forecast.few_orders": _w(
        _("Orders so far: only %(orders)s, fewer than the typical customer's %(median)s."),
        orders=number,
        median=number,
    ),
    "forecast.recent_order": _w(_("It ordered recently.")),
    "forecast.long_silence": _w(_("It has not ordered for a long time.")),
    "forecast.within_rhythm": _w(_("The time since its last order is within its usual rhythm.")),
    "forecast.overdue": _w(_("It is overdue against its own ordering rhythm.")),
    "forecast.long_relationship": _w(_("A long-standing customer.")),
    "forecast.new_customer": _w(_("A recent customer with a short history.")),
    "forecast.active_lately": _w(_("It ordered in the last three months.")),
    "forecast.quiet_lately": _w(_("No or few orders in the last three months.")),
    "forecast.active_this_year": _w(_("It ordered often in the last twelve months.")),
    "forecast.quiet_this_year": _w(_("It ordered little in the last twelve months.")),
    "forecast.growing": _w(_("Its order frequency is growing.")),
    "forecast.declining": _w(_("Its order frequency is falling.")),
    "forecast.seasonal_peak": _w(_("This period is its usual buying season.")),
    "forecast.off_season": _w(_("It seldom buys in this period of the year.")),
    "forecast.large_orders": _w(_("It places large orders.")),
    "forecast.small_orders": _w(_("It places small orders.")),
    "forecast.regular_rhythm": _w(_("It orders at regular intervals.")),
    "forecast.irregular_rhythm": _w(_("Its order intervals are irregular.")),
    "forecast.broad_range": _w(_("It buys a broad range of products.")),
    "forecast.narrow_range": _w(_("It buys only a few products.")),
    "forecast.range_widening": _w(_("It has been buying new products lately.")),
    "forecast.range_narrowing": _w(_("It has bought no new products lately.")),
    "forecast.single_order": _w(_("Only one order so far: the forecast follows the whole book.")),
}

CATALOGUE: Catalogue = {**SCORECARD, **FORECAST}


def _legacy(stored: Mapping[str, Any], stem: str) -> str:
    """The sentence a row scored before the codes carries, in the reader's language if it has it."""
    first, second = ("zh", "en") if (get_language() or "").lower().startswith("zh") else ("en", "zh")
    for suffix in (first, second):
        text = stored.get(f"{stem}_{suffix}" if stem else suffix)
        if text:
            return str(text)
    return ""


def messages_of(stored: Any) -> list[Message]:
    """The messages of a stored explanation (a list of ``{"code", "params"}``); bad items skipped."""
    if not isinstance(stored, list):
        return []
    return [Message.from_json(m) for m in stored if isinstance(m, Mapping) and m.get("code")]


def render_messages(stored: Any, *, currency: str = "") -> str:
    """A stored list of messages as one paragraph in the reader's language."""
    return join_sentences(render(m, CATALOGUE, currency=currency) for m in messages_of(stored))


def explanation_text(dimension: Any, *, currency: str = "") -> str:
    """Why a dimension scored as it did: a stored dimension of ``CustomerScore.dimensions``."""
    if not isinstance(dimension, Mapping):
        return ""
    if "explanation" in dimension:
        return render_messages(dimension["explanation"], currency=currency)
    return _legacy(dimension, "explanation")


def reason_text(reason: Any, *, currency: str = "") -> str:
    """A stored reason: of a score (``{"dimension", "explanation"}``) or a forecast (a message)."""
    if isinstance(reason, str):
        return reason
    if not isinstance(reason, Mapping):
        return ""
    if "explanation" in reason:
        return render_messages(reason["explanation"], currency=currency)
    if "en" in reason or "zh" in reason:
        return _legacy(reason, "")
    if reason.get("code"):
        return render(Message.from_json(reason), CATALOGUE, currency=currency)
    return ""
