"""The 360° page's "Latest orders" and "Payments" rows drawn in Python: the HTML of the row
templates, to the character.

A first visit to a customer draws up to 20 rows of each (``web/customer/_order_rows.html``,
``web/customer/_payment_rows.html``); through the template engine that was 2-3 ms of the visit.
:func:`order_rows` and :func:`payment_rows` write the same HTML (the values through the template
engine's own escaping, localisation and filters), as :mod:`laoke.web.task_rows` does for Today.
The templates stay the reference: the sources this code was written from are checked when first
used (an edited template gets the template engine again), and ``tests/web/test_customer_cards.py``
compares both on rows of every shape in English and Chinese.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.template import Context
from django.template.defaultfilters import cut
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_noop

from laoke.platform.memo import kept
from laoke.platform.python_html import (
    Words,
    by_template,
    csrf_field,
    language,
    templates_unchanged,
    url_around_id,
)
from laoke.platform.python_html import value as _v
from laoke.web.templatetags.laoke_web import language_label, money, percent, wa_digits

#: The templates this module draws, and the SHA-1 of the sources it was written from.
TEMPLATES = {
    "web/customer/_order_rows.html": "8fbb0badfbd5358768450b38c17751ebae8a0d1f",
    "web/customer/_payment_rows.html": "e93db505785d17be54ee244d3276a79b1da730c7",
}
_checked: dict[str, bool] = {}


def sources_unchanged() -> bool:
    """Whether the row templates are still those this module draws (checked once per process)."""
    return templates_unchanged(TEMPLATES, _checked)


#: Dates and day counts as the rows show them, per language (and the context's escaping and
#: localisation): a date's text changes only with those, and a book's rows share few days.
_SHOWN: dict[tuple[Any, ...], str] = {}
_SHOWN_LIMIT = 20_000


def _kept_shown(head: tuple[Any, ...], draw: Callable[[Any], str]) -> Callable[[Any], str]:
    """``draw(value)`` kept in the cards' memo under ``head`` and the value: what a card shows of
    its rows' values, with what the drawing depends on (the language, read once per card) in ``head``."""

    def shown(value: Any) -> str:
        return kept(_SHOWN, (*head, value), _SHOWN_LIMIT, lambda: draw(value))

    return shown


def _many_dates(context: Context, shape: str = "SHORT_DATE_FORMAT") -> Callable[[Any], str]:
    """``{{ day|date:"SHORT_DATE_FORMAT" }}`` (or another ``shape``) for the rows of one card, kept per
    language (the filter took most of the rows' time); the language is read once, not once per row
    (``get_language`` looks in a thread-local: it took half of a row's date)."""
    head = ("date", language(context), context.autoescape, shape)
    return _kept_shown(head, lambda day: _v(date_filter(day, shape), context))


def _many_counts(context: Context) -> Callable[[Any], str]:
    """``{{ n }}`` for numbers of days (or ids) of one card's rows, kept per language (and the
    context's localisation), the language read once."""
    head = ("int", language(context), context.autoescape, context.use_l10n)
    return _kept_shown(head, lambda n: _v(n, context))


def _short_date(day: Any, context: Context, shape: str = "SHORT_DATE_FORMAT") -> str:
    """One date as :func:`_many_dates` shows it."""
    return _many_dates(context, shape)(day)


def _count(n: int, context: Context) -> str:
    """One number as :func:`_many_counts` shows it."""
    return _many_counts(context)(n)


def order_rows(context: Context, orders: Iterable[Any]) -> SafeString:
    """``web/customer/_order_rows.html`` for ``orders`` (:class:`laoke.web.customer_360.OrderRow`)."""
    if not sources_unchanged():
        return by_template("web/customer/_order_rows.html", context, orders=orders)
    day = _many_dates(context)
    return mark_safe(
        "".join(
            f"<tr><td>{_v(o.order_no, context)}</td>"
            f'<td class="text-nowrap">{day(o.order_date)}</td>'
            f'<td class="text-end">{_v(money(o.total), context)}</td>'
            f"<td>{_v(o.currency, context)}</td></tr>"
            for o in orders
        )
    )


#: The fixed words of :func:`payment_rows`.
_PAYMENT_ROWS_WORDS = Words(
    gettext_noop("%(n)s overdue"),
    gettext_noop("open"),
)


def payment_rows(context: Context, payments: Iterable[dict[str, Any]]) -> SafeString:
    """``web/customer/_payment_rows.html`` for ``payments`` (:func:`laoke.web.customer_360.payment_rows`)."""
    fixed = _PAYMENT_ROWS_WORDS.of(language(context))
    said = _PAYMENT_ROWS_WORDS.shown(context)
    if not sources_unchanged():
        return by_template("web/customer/_payment_rows.html", context, payments=payments)
    still_open = f'<span class="text-body-secondary">{said["open"]}</span>'
    day, count = _many_dates(context), _many_counts(context)
    parts = []
    for row in payments:
        p = row["payment"]
        due = day(p.due_date)
        paid = day(p.paid_date) if p.paid_date else still_open
        late, overdue = row["days_late"], row["days_overdue"]
        if late is not None:
            css = "text-danger fw-semibold" if late > 0 else "text-success"
            lateness = f'<span class="{css}">{count(late)}</span>'
        elif overdue is not None and overdue > 0:
            words = fixed["%(n)s overdue"] % {"n": count(overdue)}
            lateness = f'<span class="badge text-bg-danger">{words}</span>'
        else:
            lateness = "—"
        parts.append(
            f'<tr>\n      <td class="text-nowrap">{due}</td>\n      <td class="text-nowrap">{paid}</td>\n'
            f'      <td class="text-end">{_v(money(p.amount), context)}</td>\n'
            f'      <td class="text-end">{lateness}</td>\n    </tr>'
        )
    return mark_safe("".join(parts))


#: The open alert's card (``{% include %}``d once per open alert by ``web/customer/_alerts.html``).
ALERT_TEMPLATES = {"web/partials/alert.html": "53c1acc7fd0eed876f1d73542ea56cd2eb20fb56"}
_alert_checked: dict[str, bool] = {}
#: The severity badge's class: high (3 and more), medium (2), low.
_SEVERITY_CSS = {3: "text-bg-danger", 2: "text-bg-warning", 1: "text-bg-secondary"}


#: The fixed words of :func:`alert_cards`.
_ALERT_CARDS_WORDS = Words(
    gettext_noop("Suggested action"),
    gettext_noop("low"),
    gettext_noop("Dismiss"),
    gettext_noop("raised"),
    gettext_noop("confidence"),
    gettext_noop("high"),
    gettext_noop("medium"),
    gettext_noop("Dismiss…"),
    gettext_noop("Why dismiss it?"),
)


def alert_cards(context: Context, alerts: Iterable[Any]) -> SafeString:
    """``web/partials/alert.html`` for each of the open ``alerts`` (:class:`laoke.retention.models.Alert`),
    with its blank dismiss form, as the 360° page's alerts card includes it. A dismissed alert, an
    edited template or a refused dismiss form in the context gets the template engine."""
    said = _ALERT_CARDS_WORDS.shown(context)
    alerts = list(alerts)
    if (
        not templates_unchanged(ALERT_TEMPLATES, _alert_checked)
        or context.get("dismiss_form") is not None
        or any(a.dismissed_at for a in alerts)
    ):
        return mark_safe(
            "".join(by_template("web/partials/alert.html", context, alert=alert) for alert in alerts)
        )
    head, tail = url_around_id("alert_dismiss")
    csrf = csrf_field(context)
    action_words = said["Suggested action"]
    raised, confidence = said["raised"], said["confidence"]
    levels = {3: said["high"], 2: said["medium"]}
    low = said["low"]
    dismiss, why = said["Dismiss…"], said["Why dismiss it?"]
    button = said["Dismiss"]
    parts = []
    for alert in alerts:
        pk = _v(alert.pk, context)
        url = f"{head}{alert.pk}{tail}"
        severity = alert.severity
        rank = 3 if severity >= 3 else 2 if severity == 2 else 1
        css = _SEVERITY_CSS[rank]
        level = levels.get(rank, low)
        action = alert.action
        suggested = (
            f'<div class="small"><span class="text-body-secondary">{action_words}:</span>'
            f" {_v(action, context)}</div>"
            if action
            else ""
        )
        parts.append(
            f'\n<div class="alert-card border rounded p-2 mb-2 severity-{_v(severity, context)}"'
            f' id="alert-{pk}">\n'
            '  <div class="d-flex justify-content-between gap-2">\n'
            "    <div>\n"
            f'      <div class="fw-semibold">{_v(alert.reason, context)}</div>\n'
            f"      {suggested}\n"
            f'      <div class="small text-body-secondary">{raised}'
            f" {_short_date(alert.raised_on, context)} · {confidence}"
            f" {_v(percent(alert.confidence), context)}</div>\n"
            "    </div>\n"
            f'    <span class="badge align-self-start {css}">{level}</span>\n'
            "  </div>\n"
            "  \n"
            '  <details class="mt-1">\n'
            f'    <summary class="small">{dismiss}</summary>\n'
            f'    <form class="d-flex flex-wrap gap-1 align-items-end mt-1" method="post" action="{url}"'
            f' hx-post="{url}" hx-target="#alert-{pk}" hx-swap="outerHTML">{csrf}\n'
            '      <div class="flex-grow-1">\n'
            f'        <label class="form-label small mb-0" for="dismiss-{pk}">{why}</label>\n'
            f'        <input class="form-control form-control-sm" id="dismiss-{pk}" name="note" required'
            ' maxlength="2000">\n'
            "        \n"
            "      </div>\n"
            f'      <button class="btn btn-sm btn-outline-secondary" type="submit">{button}</button>\n'
            "    </form>\n"
            "  </details>\n"
            "  \n"
            "</div>\n"
        )
    return mark_safe("".join(parts))


#: The contacts of the 360° page's "Contacts" card (``{% contact_items %}`` in
#: ``web/customer/_contacts.html``).
CONTACT_TEMPLATES = {"web/customer/_contact_items.html": "d2a2a0a64089ce8c5706ad4bd91da1aaf8b8ee89"}
_contact_checked: dict[str, bool] = {}
#: An id no contact has, to find where the edit form's URL puts the contact's.
_NO_ID = 987654321


#: The fixed words of :func:`contact_items`.
_CONTACT_ITEMS_WORDS = Words(
    gettext_noop("primary"),
    gettext_noop("No contacts recorded."),
    gettext_noop("Birthday"),
    gettext_noop("Call"),
    gettext_noop("WeChat"),
    gettext_noop("Interests"),
    gettext_noop("Edit"),
    gettext_noop("Show the form"),
    gettext_noop("today!"),
)


def contact_items(context: Context, contacts: Iterable[Any]) -> SafeString:
    """``web/customer/_contact_items.html`` for ``contacts`` (each a contact, its next birthday and
    its edit form: :func:`laoke.web.customer_panels.action_panels`). A contact's edit form drawn in
    the page, or an edited template, gets the template engine."""
    said = _CONTACT_ITEMS_WORDS.shown(context)
    contacts = list(contacts)
    if not templates_unchanged(CONTACT_TEMPLATES, _contact_checked) or any(form for _c, _b, form in contacts):
        return by_template("web/customer/_contact_items.html", context, contacts=contacts)
    if not contacts:
        return mark_safe(
            '\n    <li class="list-group-item small text-body-secondary empty-state">'
            f"{said['No contacts recorded.']}</li>\n    "
        )
    today = context.get("today")
    may_manage = context.get("may_manage")
    edit_head = edit_tail = page = ""
    if may_manage:
        customer_pk = context["customer"].pk
        edit_head, _sep, edit_tail = reverse("contact_edit_form", args=[customer_pk, _NO_ID]).partition(
            str(_NO_ID)
        )
        edit_head, edit_tail = escape(edit_head), escape(edit_tail)
        page = escape(reverse("customer_detail", args=[customer_pk]))
    primary = f' <span class="badge text-bg-light border">{said["primary"]}</span>'
    parts = []
    for contact, birthday, _form in contacts:
        pk = _count(contact.pk, context)
        name = _v(contact.name, context)
        title = f"{_v(contact.academic_title, context)} " if contact.academic_title else ""
        born = ""
        if birthday:
            now = f" <strong>{said['today!']}</strong>" if birthday == today else ""
            born = (
                f"<span>{said['Birthday']} {_short_date(birthday, context, 'MONTH_DAY_FORMAT')}{now}</span>"
            )
        role, language = contact.role, contact.language
        about = ""
        if role or language:
            dot = " · " if role and language else ""
            spoken = _v(language_label(language), context) if language else ""
            about = f'<div class="text-body-secondary">{_v(role, context)}{dot}{spoken}</div>'
        phone = whatsapp = email = skype = wechat = interests = edit = ""
        if contact.phone:
            shown = _v(contact.phone, context)
            phone = (
                f'<a class="btn btn-sm btn-outline-primary" href="tel:{_v(cut(contact.phone, " "), context)}"'
                f' aria-label="{said["Call"]} {name}: {shown}">☎ {shown}</a>'
            )
        if contact.whatsapp:
            shown = _v(contact.whatsapp, context)
            whatsapp = (
                '<a class="btn btn-sm btn-outline-success"'
                f' href="https://wa.me/{_v(wa_digits(contact.whatsapp), context)}"'
                f' target="_blank" rel="noopener" aria-label="WhatsApp {name}: {shown}">WhatsApp {shown}</a>'
            )
        if contact.email:
            shown = _v(contact.email, context)
            email = f'<a class="btn btn-sm btn-outline-secondary" href="mailto:{shown}">✉ {shown}</a>'
        if contact.skype:
            shown = _v(contact.skype, context)
            skype = f'<a class="btn btn-sm btn-outline-secondary" href="skype:{shown}?call">Skype {shown}</a>'
        if contact.wechat:
            wechat = (
                '<span class="badge text-bg-light border align-self-center">'
                f"{said['WeChat']}:"
                f" {_v(contact.wechat, context)}</span>"
            )
        if contact.interests:
            interests = (
                '<div class="mt-1"><span class="text-body-secondary">'
                f"{said['Interests']}:</span>"
                f" {_v(contact.interests, context)}</div>"
            )
        if may_manage:
            edit = (
                f'\n      <details class="mt-1" hx-get="{edit_head}{contact.pk}{edit_tail}"'
                ' hx-trigger="toggle once"'
                ' hx-target="find .contact-edit" hx-swap="innerHTML">\n'
                f'        <summary class="btn btn-sm btn-link p-0">{said["Edit"]}'
                f'<span class="visually-hidden"> {name}</span></summary>\n'
                '        <div class="contact-edit">'
                f'<a class="small" href="{page}?edit_contact={pk}#contact-{pk}">'
                f"{said['Show the form']}</a></div>\n"
                "      </details>\n      "
            )
        parts.append(
            f'\n    <li class="list-group-item small contact" id="contact-{pk}">\n'
            f'      <div class="d-flex justify-content-between gap-2"><span class="fw-semibold">{title}{name}'
            f"{primary if contact.is_primary else ''}</span>\n"
            f"        {born}</div>\n"
            f"      {about}\n"
            '      <div class="d-flex flex-wrap gap-2 mt-1 contact-channels">\n'
            f"        {phone}\n        {whatsapp}\n        {email}\n        {skype}\n        {wechat}\n"
            "      </div>\n"
            f"      {interests}\n"
            f"      {edit}\n"
            "    </li>\n    "
        )
    return mark_safe("".join(parts))
