"""The 360° page's lower cards drawn in Python: "Latest orders" and "Payments" (around their rows),
"Facts set by hand", and the includes that only call a tag (the win-back panel, the portrait), the
HTML of their templates to the character.

A first visit to a customer drew these through the template engine (each ``{% include %}`` looks
the template up, pushes a context and walks its nodes: about 1 ms of the visit). These functions
write the same HTML, the values through the template engine's own escaping and localisation, as
:mod:`laoke.web.customer_parts` and :mod:`laoke.web.customer_cards` do for the cards above. The
templates stay the reference: the sources this code was written from are checked once per process
(an edited template is drawn by the template engine again, as it is under ``DEBUG`` and for a
refused facts form, which shows its errors), and ``tests/web/test_customer_data_cards.py`` compares
both on customers of every shape in English and Chinese.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.template import Context, Engine
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]
from django.utils.translation import gettext_noop, pgettext

from laoke.platform.python_html import Words, by_template, csrf_field, templates_unchanged, url_around_id
from laoke.platform.python_html import value as _v
from laoke.web.customer_cards import order_rows, payment_rows

ORDERS = "web/customer/_orders.html"
PAYMENTS = "web/customer/_payments.html"
MANUAL_FACTS = "web/customer/_manual_facts.html"
WINBACK = "cadence/_customer_panel.html"
PORTRAIT = "pipeline/_customer_portrait.html"
#: The templates this module draws, and the SHA-1 of the sources it was written from.
TEMPLATES = {
    ORDERS: "b0b3fa3d2bf05e36fa6abcf86de2dd9fcd3e3999",
    PAYMENTS: "4a6402bb977a1b11a5315e53a347cd7513b108b6",
    MANUAL_FACTS: "8693fa5dbe5bea6df4784cfad34f477b613361b2",
    WINBACK: "65979288c53fe67f5b296abe8ca9612adc51a983",
    PORTRAIT: "854427f63e71f8e9870a15b92ea5d06d52e6363f",
}
_checked: dict[str, bool] = {}


def drawn_in_python() -> bool:
    """Whether this module draws its templates: they are still those it was written from (checked
    once per process), and not under ``DEBUG`` (where a template is edited while the server runs
    and the template engine's errors are wanted)."""
    return not settings.DEBUG and templates_unchanged(TEMPLATES, _checked)


def _table_card(
    anchor: str, title: str, heads: tuple[tuple[str, str], ...], rows: str | None, empty: str
) -> str:
    """The card ``_orders.html`` and ``_payments.html`` draw alike: a header with ``title`` (its id
    ``anchor``), then a table of ``heads`` (each label with its cell's attributes) around ``rows``,
    or the ``empty`` sentence when there are no rows (``rows`` is None)."""
    if rows is not None:
        head = "".join(f'<th scope="col"{attrs}>{label}</th>' for label, attrs in heads)
        body = (
            '\n  <div class="table-responsive"><table class="table table-sm small mb-0">\n'
            f"    <thead><tr>{head}</tr></thead>\n"
            f"    <tbody>{rows}</tbody>\n"
            "  </table></div>\n  "
        )
    else:
        body = f'<div class="card-body"><p class="text-body-secondary mb-0 empty-state">{empty}</p></div>'
    return (
        f'\n<section class="card shadow-sm h-100" aria-labelledby="{anchor}">\n'
        f'  <div class="card-header"><h2 class="h6 mb-0" id="{anchor}">{title}</h2></div>\n'
        f"  {body}\n"
        "</section>\n"
    )


#: The fixed words of :func:`orders_card`.
_ORDERS_CARD_WORDS = Words(
    gettext_noop("Latest orders"),
    gettext_noop("No orders yet."),
    gettext_noop("Order"),
    gettext_noop("Date"),
    gettext_noop("Currency"),
    gettext_noop("Amount"),
)


def orders_card(currency: str, orders: list[Any]) -> str:
    """``web/customer/_orders.html`` for ``orders`` (:func:`laoke.web.customer_360.order_history`),
    amounts in ``currency``; drawn, as before, outside any request (kept for every reader)."""
    values = {"currency": currency, "orders": orders}
    if not drawn_in_python():
        return str(render_to_string(ORDERS, values))
    context = Context(values)
    said = _ORDERS_CARD_WORDS.shown(context)
    heads = (
        (said["Order"], ""),
        (said["Date"], ""),
        (f"{said['Amount']} ({_v(currency, context)})", ' class="text-end"'),
        (said["Currency"], ""),
    )
    rows = str(order_rows(context, orders)) if orders else None
    return _table_card("h-orders", said["Latest orders"], heads, rows, said["No orders yet."])


#: The fixed words of :func:`payments_card`.
_PAYMENTS_CARD_WORDS = Words(
    gettext_noop("Payments"),
    gettext_noop("No payments recorded."),
    gettext_noop("Due"),
    gettext_noop("Paid"),
    gettext_noop("Days late"),
    gettext_noop("Amount"),
)


def payments_card(currency: str, payments: list[dict[str, Any]]) -> str:
    """``web/customer/_payments.html`` for ``payments`` (:func:`laoke.web.customer_360.payment_rows`),
    amounts in ``currency``; drawn, as before, outside any request (kept for every reader)."""
    values = {"currency": currency, "payments": payments}
    if not drawn_in_python():
        return str(render_to_string(PAYMENTS, values))
    context = Context(values)
    said = _PAYMENTS_CARD_WORDS.shown(context)
    heads = (
        (said["Due"], ""),
        (said["Paid"], ""),
        (f"{said['Amount']} ({_v(currency, context)})", ' class="text-end"'),
        (said["Days late"], ' class="text-end"'),
    )
    rows = str(payment_rows(context, payments)) if payments else None
    return _table_card("h-payments", said["Payments"], heads, rows, said["No payments recorded."])


#: The facts card's explanation (a msgid too long for a line).
_WHY_BY_HAND = gettext_noop(
    "Relationship level, market trend, lifespan risk, delivery sensitivity and payment "
    "terms cannot be read from the orders. The scorecard uses them from the next "
    "re-score; saving a change queues one."
)

#: The fixed words of :func:`manual_facts`.
_MANUAL_FACTS_WORDS = Words(
    gettext_noop("Change these facts"),
    gettext_noop("Change the facts set by hand"),
    gettext_noop("No changes recorded yet."),
    gettext_noop(_WHY_BY_HAND),
    gettext_noop("Facts set by hand"),
)


def manual_facts(context: Context) -> SafeString:
    """``{% include "web/customer/_manual_facts.html" %}`` in the 360° page's context: the facts
    set by hand, their form (its fields drawn already: ``facts_fields``) and their history. A
    refused form (``facts_form``, shown with its errors) gets the template engine."""
    said = _MANUAL_FACTS_WORDS.shown(context)
    if not drawn_in_python() or not context.autoescape or context.get("facts_form"):
        return by_template(MANUAL_FACTS, context)
    form = ""
    if context.get("may_manage"):
        head, tail = url_around_id("customer_facts")
        action = f"{escape(head)}{context['customer'].pk}{escape(tail)}"
        form = (
            '\n    <details class="manual-facts-form">\n'
            '      <summary class="btn btn-sm btn-outline-primary">'
            f"{said['Change these facts']}</summary>\n"
            f'      <form method="post" action="{action}" class="mt-2"'
            f' aria-label="{said["Change the facts set by hand"]}">\n'
            f"        {csrf_field(context)}\n"
            f"        {_v(context.get('facts_fields'), context)}\n"
            "      </form>\n"
            "    </details>\n    "
        )
    changes = context.get("fact_changes")
    history = (
        '\n    <ul class="list-unstyled small mb-0 fact-history">\n      '
        + "".join(_fact_change(change, context) for change in changes)
        + "\n    </ul>\n    "
        if changes
        else '\n    <p class="small text-body-secondary mb-0 empty-state">'
        f"{said['No changes recorded yet.']}</p>\n    "
    )
    return mark_safe(
        '\n<section class="card shadow-sm mt-3" aria-labelledby="h-facts" id="facts">\n'
        '  <div class="card-header"><h2 class="h6 mb-0" id="h-facts">'
        f"{said['Facts set by hand']}</h2></div>\n"
        '  <div class="card-body">\n'
        '    <p class="small text-body-secondary mb-2">' + said[_WHY_BY_HAND] + "</p>\n"
        f"    {form}\n"
        '    <h3 class="h6 mt-3 mb-1">'
        f"{_v(pgettext('changes', 'History'), context)}</h3>\n"
        f"    {history}\n"
        "  </div>\n"
        "</section>\n"
    )


def _fact_change(change: Any, context: Context) -> str:
    """One row of the facts' history (``{% for c in fact_changes %}``)."""
    when = date_filter(template_localtime(change.changed_at, context.use_tz), "SHORT_DATETIME_FORMAT")
    by = change.changed_by
    who = f" · {_v(by, context)}" if by else ""
    return (
        "\n"
        '      <li class="border-top py-1">\n'
        f"        <strong>{_v(change.get_field_display(), context)}</strong>:"
        f" {_v(change.old_shown(), context)} → {_v(change.new_shown(), context)}\n"
        f'        <div class="text-body-secondary">{_v(when, context)}{who}</div>\n'
        f"        <div>{_v(linebreaksbr(change.note, autoescape=context.autoescape), context)}</div>\n"
        "      </li>\n      "
    )


def _simple_tag(library: str, name: str) -> Callable[..., Any]:
    """The function of the simple tag ``name`` in the tag library ``library`` (``{% load library %}``),
    as the template engine registered it: another app's template tags are not imported (each app
    alone imports its own: lint-imports), and an app that overrides the library is followed."""
    found = _TAGS.get((library, name))
    if found is None:
        compiled = Engine.get_default().template_libraries[library].tags[name]
        found = _TAGS[(library, name)] = compiled.__wrapped__  # type: ignore[attr-defined]
    return found


#: (tag library, tag) → the tag's function (:func:`_simple_tag`).
_TAGS: dict[tuple[str, str], Callable[..., Any]] = {}


def winback(context: Context) -> SafeString:
    """``{% include "cadence/_customer_panel.html" %}``: the win-back panel's tag and a line break."""
    if not drawn_in_python():
        return by_template(WINBACK, context)
    panel = _simple_tag("cadence_tags", "winback_panel")(context, context["customer"])
    return mark_safe(f"{_v(panel, context)}\n")


def portrait(context: Context) -> SafeString:
    """``{% include "pipeline/_customer_portrait.html" %}``: the portrait panel's tag and a line break."""
    if not drawn_in_python():
        return by_template(PORTRAIT, context)
    panel = _simple_tag("pipeline_tags", "portrait_panel")(context, context["customer"])
    return mark_safe(f"{_v(panel, context)}\n")
