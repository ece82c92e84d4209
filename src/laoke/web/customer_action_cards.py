"""The 360° page's action cards drawn in Python: "Log a touch", "Contacts", "Alerts" and
"Complaints", the HTML of their templates to the character.

A first visit to a customer drew these four cards through the template engine, node by node
(about 1 ms of the visit). These functions write the same HTML, the values through the template
engine's own escaping, localisation and filters (:mod:`laoke.platform.python_html`), as
:mod:`laoke.web.customer_parts` does for the header and :mod:`laoke.web.customer_cards` for the
rows inside two of these cards (contacts, open alerts). The templates stay the reference: the
sources this code was written from are checked once per process, and an edited template, DEBUG
(templates are edited while the process runs) or a refused form shown again with its errors is
drawn by the template engine as before. ``tests/web/test_customer_action_cards.py`` compares both
on customers of every shape in English and Chinese.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.template import Context
from django.template.defaultfilters import cut, linebreaksbr
from django.template.defaultfilters import date as date_filter
from django.urls import get_script_prefix
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # (not in the stubs)
from django.utils.translation import gettext_noop, ngettext

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
from laoke.web.customer_cards import alert_cards, contact_items
from laoke.web.customer_forms import ResolveComplaintForm
from laoke.web.templatetags.laoke_web import touch_form

#: The templates this module draws, and the SHA-1 of the sources it was written from.
TEMPLATES = {
    "web/customer/_act.html": "ed6e87ade62920131d3ebc9ed736c7f8516e0d73",
    "web/customer/_contacts.html": "e80d1f30e234472da1166b717b790e126704db44",
    "web/customer/_alerts.html": "408085b27f66c64dfd4c9715dbdf3e8743077cdc",
    "web/customer/_complaints.html": "68a684c0906422eaaea2d455dd7a37706cf3a094",
}
_checked: dict[str, bool] = {}

#: An id no complaint has: a blank resolve form is drawn once for it and the id replaced.
_STAND_IN = 987654321
#: Where the request's CSRF field goes in a kept resolve form.
_CSRF_MARK = "\x00csrf\x00"
#: Blank resolve forms as drawn, per language, the page's ways with values and the day shown.
_RESOLVE_FORMS: dict[tuple[Any, ...], tuple[str, ...]] = {}
_RESOLVE_FORMS_KEPT = 200


def sources_unchanged() -> bool:
    """Whether the cards' templates are still those this module draws (checked once per process;
    under DEBUG never: templates are edited while the process runs)."""
    return not settings.DEBUG and templates_unchanged(TEMPLATES, _checked)


def _url(name: str, pk: Any) -> str:
    """``{% url name pk %}`` (escaped, as the tag does under autoescape)."""
    head, tail = url_around_id(name)
    return str(conditional_escape(f"{head}{pk}{tail}"))


def _day(value: Any, context: Context) -> str:
    """``{{ value|date:"SHORT_DATE_FORMAT" }}`` of a date or a moment (in the reader's time zone,
    as the filter gets it from the template engine)."""
    return _v(date_filter(template_localtime(value, context.use_tz), "SHORT_DATE_FORMAT"), context)


#: The fixed words of :func:`act`.
_ACT_WORDS = Words(
    gettext_noop("New task for me"),
    gettext_noop("Call"),
    gettext_noop("Log a touch"),
)


def act(context: Context) -> SafeString:
    """``web/customer/_act.html``: the "Log a touch" card (the call link to the first contact, the
    touch form and the blank "New task for me" form, ``task_fields``)."""
    fixed = _ACT_WORDS.of(language(context))
    task_fields = context.get("task_fields")
    if not sources_unchanged() or context.get("task_form") or task_fields is None:
        return by_template("web/customer/_act.html", context)
    call = ""
    contacts: Any = context.get("contacts")
    try:
        first = contacts[0][0]
    except (IndexError, KeyError, TypeError):
        first = None
    phone = getattr(first, "phone", None)
    if phone:
        call = (
            f'<a class="btn btn-sm btn-outline-primary" href="tel:{_v(cut(phone, " "), context)}">'
            f"☎ {fixed['Call']} {_v(first.name, context)}</a>"
        )
    customer: Any = context["customer"]
    new_task = fixed["New task for me"]
    return mark_safe(
        '\n<section class="card shadow-sm border-primary-subtle" aria-labelledby="h-act" id="act">\n'
        '  <div class="card-header d-flex justify-content-between align-items-center">'
        f'<h2 class="h6 mb-0" id="h-act">{fixed["Log a touch"]}</h2>\n'
        f"    {call}</div>\n"
        '  <div class="card-body">\n'
        f"    {touch_form(context)}\n"
        '    <details class="mt-3 border-top pt-2 personal-task-form">\n'
        f'      <summary class="btn btn-sm btn-outline-secondary">{new_task}</summary>\n'
        f'      <form method="post" action="{_url("customer_task", customer.pk)}" class="mt-2"'
        f' aria-label="{new_task}">\n'
        f"        {csrf_field(context)}\n"
        f"        {_v(task_fields, context)}\n"
        "      </form>\n"
        "    </details>\n"
        "  </div>\n"
        "</section>\n"
    )


#: The fixed words of :func:`contacts`.
_CONTACTS_WORDS = Words(
    gettext_noop("Add a contact"),
    gettext_noop("Contacts"),
)


def contacts(context: Context) -> SafeString:
    """``web/customer/_contacts.html``: the "Contacts" card (the contacts, :func:`contact_items`,
    and for who may manage the customer the blank "Add a contact" form, ``new_contact_fields``)."""
    fixed = _CONTACTS_WORDS.of(language(context))
    may_manage = context.get("may_manage")
    fields = context.get("new_contact_fields")
    if not sources_unchanged() or context.get("contact_form") or (may_manage and fields is None):
        return by_template("web/customer/_contacts.html", context)
    form = ""
    if may_manage:
        add = fixed["Add a contact"]
        form = (
            '\n  <div class="card-body border-top">\n'
            '    <details class="contact-form">\n'
            f'      <summary class="btn btn-sm btn-outline-primary">{add}</summary>\n'
            f'      <form method="post" action="{_url("contact_create", context["customer"].pk)}"'
            f' class="mt-2" aria-label="{add}" novalidate>\n'
            f"        {csrf_field(context)}\n"
            f"        {_v(fields, context)}\n"
            "      </form>\n"
            "    </details>\n"
            "  </div>\n  "
        )
    return mark_safe(
        '\n<section class="card shadow-sm mb-3" aria-labelledby="h-contacts" id="contacts">\n'
        f'  <div class="card-header"><h2 class="h6 mb-0" id="h-contacts">{fixed["Contacts"]}</h2></div>\n'
        '  <ul class="list-group list-group-flush">\n'
        f"    {contact_items(context, context.get('contacts') or ())}\n"
        "  </ul>\n"
        f"  {form}\n"
        "</section>\n"
    )


#: The fixed words of :func:`alerts`.
_ALERTS_WORDS = Words(
    gettext_noop("No open alerts for this customer."),
    gettext_noop("Recently dismissed"),
    gettext_noop("Alerts"),
)


def alerts(context: Context) -> SafeString:
    """``web/customer/_alerts.html``: the "Alerts" card (the open ``alerts``, :func:`alert_cards`,
    and the recently ``dismissed_alerts``)."""
    fixed = _ALERTS_WORDS.of(language(context))
    if not sources_unchanged():
        return by_template("web/customer/_alerts.html", context)
    shown: Any = context.get("alerts")
    dismissed: Any = context.get("dismissed_alerts")
    if shown:
        badge = f'<span class="badge text-bg-warning">{_v(len(shown), context)}</span>'
        cards = str(alert_cards(context, shown))
    else:
        badge = ""
        cards = (
            '\n      <p class="text-body-secondary mb-0 empty-state">'
            f"{fixed['No open alerts for this customer.']}</p>\n    "
        )
    recent = ""
    if dismissed:
        items = "".join(
            f"<li>{_v(a.reason, context)} — {_v(a.dismissed_note, context)}"
            f" ({_v(a.dismissed_by or '', context)}, {_day(a.dismissed_at, context)})</li>"
            for a in dismissed
        )
        recent = (
            f'\n    <details class="mt-2 small"><summary>{fixed["Recently dismissed"]}</summary>\n'
            f'      <ul class="mb-0">{items}</ul>\n'
            "    </details>\n    "
        )
    return mark_safe(
        '\n<section class="card shadow-sm mb-3" aria-labelledby="h-alerts">\n'
        '  <div class="card-header"><h2 class="h6 mb-0" id="h-alerts">'
        f"{fixed['Alerts']} {badge}</h2></div>\n"
        '  <div class="card-body">\n'
        f"    {cards}\n"
        f"    {recent}\n"
        "  </div>\n"
        "</section>\n"
    )


def _blank_resolve_form(form: ResolveComplaintForm, pk: int) -> bool:
    """Whether ``form`` is the blank resolve form the page makes for complaint ``pk`` (only its
    day set), which :func:`_resolve_form` draws."""
    return (
        type(form) is ResolveComplaintForm
        and not form.is_bound
        and form.prefix == f"resolve-{pk}"
        and set(form.initial) == {"resolved_on"}
    )


#: The fixed words of :func:`_resolve_form`.
_RESOLVE_FORM_WORDS = Words(
    gettext_noop("Resolve"),
    gettext_noop("Resolve this complaint"),
    gettext_noop("Mark resolved"),
)


def _resolve_form(context: Context, day: dt.date) -> tuple[str, ...]:
    """A blank resolve form showing ``day``, for :data:`_STAND_IN`, with :data:`_CSRF_MARK` for the
    CSRF field, cut at the stand-in id (kept per language and the page's ways with values: the
    form's fields through Django's widgets were most of a complaint's time)."""
    fixed = _RESOLVE_FORM_WORDS.of(language(context))

    def draw() -> tuple[str, ...]:
        form = ResolveComplaintForm(complaint_id=_STAND_IN, initial={"resolved_on": day})
        fields = []
        for name in ("resolved_on", "note"):
            field = form[name]
            fields.append(
                f'<label class="form-label small mb-0" for="{_v(field.id_for_label, context)}">'
                f"{_v(field.label, context)}</label>{_v(field, context)}\n"
            )
        html = (
            '<details class="mt-1">\n'
            f'          <summary class="btn btn-sm btn-outline-success">{fixed["Resolve"]}</summary>\n'
            f'          <form method="post" action="{_url("complaint_resolve", _STAND_IN)}" class="mt-2"'
            f' aria-label="{fixed["Resolve this complaint"]}">\n'
            f"            {_CSRF_MARK}\n"
            '            <div class="row g-2">\n'
            '              <div class="col-12 col-sm-5">\n'
            f"                {fields[0]}"
            "                \n"
            "              </div>\n"
            '              <div class="col-12">\n'
            f"                {fields[1]}"
            "                \n"
            "              </div>\n"
            '              <div class="col-12"><button class="btn btn-sm btn-success" type="submit">'
            f"{fixed['Mark resolved']}</button></div>\n"
            "            </div>\n"
            "          </form>\n"
            "        </details>"
        )
        return tuple(html.split(str(_STAND_IN)))

    key = (language(context), get_script_prefix(), context.autoescape, context.use_l10n, day)
    return kept(_RESOLVE_FORMS, key, _RESOLVE_FORMS_KEPT, draw)


#: The fixed words of :func:`complaints`.
_COMPLAINTS_WORDS = Words(
    gettext_noop("received"),
    gettext_noop("Log a complaint"),
    gettext_noop("The owner gets a task on their agenda at once; it closes when the complaint is resolved."),
    gettext_noop("resolve by"),
    gettext_noop("resolved"),
    gettext_noop("No open complaints."),
    gettext_noop("Recently resolved"),
    gettext_noop("Complaints"),
    gettext_noop("Log the complaint"),
)


def complaints(context: Context) -> SafeString:
    """``web/customer/_complaints.html``: the "Complaints" card (the ``open_complaints`` with their
    resolve forms, the blank complaint form, ``complaint_fields``, and the ``resolved_complaints``)."""
    fixed = _COMPLAINTS_WORDS.of(language(context))
    open_rows: Sequence[tuple[Any, ResolveComplaintForm]] = context.get("open_complaints") or ()
    fields = context.get("complaint_fields")
    if (
        not sources_unchanged()
        or context.get("complaint_form")
        or fields is None
        or not all(_blank_resolve_form(form, c.pk) for c, form in open_rows)
    ):
        return by_template("web/customer/_complaints.html", context)
    csrf = csrf_field(context)
    today = context.get("today")
    received = fixed["received"]
    badge = ""
    if open_rows:
        n = len(open_rows)
        words = ngettext("%(n)s open", "%(n)s open", n) % {"n": _v(n, context)}
        badge = f'<span class="badge text-bg-danger">{words}</span>'
        items = []
        resolve_by = fixed["resolve by"]
        for c, form in open_rows:
            by = f" · {_v(c.user, context)}" if c.user else ""
            deadline = ""
            if c.deadline:
                late = "text-danger fw-semibold" if today is not None and c.deadline < today else ""
                deadline = f' · <span class="{late}">{resolve_by} {_day(c.deadline, context)}</span>'
            body = (
                f'<div class="small">{linebreaksbr(c.body, autoescape=context.autoescape)}</div>'
                if c.body
                else ""
            )
            resolve = str(c.pk).join(_resolve_form(context, form.initial["resolved_on"]))
            items.append(
                '\n      <li class="border rounded p-2 mb-2 complaint-open"'
                f' id="complaint-{_v(c.pk, context)}">\n'
                f'        <div class="fw-semibold">{_v(c.subject or c.snippet, context)}</div>\n'
                '        <div class="small text-body-secondary">'
                f"{received} {_day(c.occurred_at, context)}{by}\n"
                f"          {deadline}</div>\n"
                f"        {body}\n"
                f"        {resolve.replace(_CSRF_MARK, csrf)}\n"
                "      </li>\n      "
            )
        shown = (
            f'\n    <ul class="list-unstyled mb-2 complaint-list">\n      {"".join(items)}\n    </ul>\n    '
        )
    else:
        shown = (
            f'\n    <p class="small text-body-secondary empty-state">{fixed["No open complaints."]}</p>\n    '
        )
    resolved: Any = context.get("resolved_complaints")
    recent = ""
    if resolved:
        resolved_words = fixed["resolved"]
        rows = []
        for c in resolved:
            by = f" · {_v(c.resolved_by, context)}" if c.resolved_by else ""
            how = (
                f"<div>{linebreaksbr(c.resolution, autoescape=context.autoescape)}</div>"
                if c.resolution
                else ""
            )
            rows.append(
                '\n      <li class="border-top py-1 complaint-resolved"><span class="fw-semibold">'
                f"{_v(c.subject or c.snippet, context)}</span>\n"
                f'        <div class="text-body-secondary">{received} {_day(c.occurred_at, context)}'
                f" · {resolved_words} {_day(c.resolved_at, context)}{by}</div>\n"
                f"        {how}</li>\n      "
            )
        recent = (
            f'\n    <h3 class="h6 mt-3 mb-1">{fixed["Recently resolved"]}</h3>\n'
            '    <ul class="list-unstyled small mb-0">\n'
            f"      {''.join(rows)}\n"
            "    </ul>\n    "
        )
    log = fixed["Log a complaint"]
    owner_told = fixed[
        "The owner gets a task on their agenda at once; it closes when the complaint is resolved."
    ]
    return mark_safe(
        '\n<section class="card shadow-sm mb-3" aria-labelledby="h-complaints" id="complaints">\n'
        '  <div class="card-header d-flex justify-content-between align-items-center">'
        f'<h2 class="h6 mb-0" id="h-complaints">{fixed["Complaints"]}</h2>\n'
        f"    {badge}</div>\n"
        '  <div class="card-body">\n'
        f"    {shown}\n"
        '    <details class="complaint-form">\n'
        f'      <summary class="btn btn-sm btn-outline-danger">{log}</summary>\n'
        f'      <form method="post" action="{_url("complaint_create", context["customer"].pk)}"'
        f' class="mt-2" aria-label="{log}">\n'
        f"        {csrf}\n"
        '        <div class="row g-2">\n'
        f"          {_v(fields, context)}\n"
        '          <div class="col-12"><p class="form-text mb-1">'
        f"{owner_told}</p>\n"
        '            <button class="btn btn-sm btn-danger" type="submit">'
        f"{fixed['Log the complaint']}</button></div>\n"
        "        </div>\n"
        "      </form>\n"
        "    </details>\n"
        f"    {recent}\n"
        "  </div>\n"
        "</section>\n"
    )
