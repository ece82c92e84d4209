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

from collections.abc import Iterable
from typing import Any

from django.template import Context
from django.template.defaultfilters import date as date_filter
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from laoke.platform.memo import kept
from laoke.platform.python_html import csrf_field, templates_unchanged, url_around_id
from laoke.platform.python_html import value as _v
from laoke.web.templatetags.laoke_web import money, percent

#: The templates this module draws, and the SHA-1 of the sources it was written from.
TEMPLATES = {
    "web/customer/_order_rows.html": "8fbb0badfbd5358768450b38c17751ebae8a0d1f",
    "web/customer/_payment_rows.html": "e93db505785d17be54ee244d3276a79b1da730c7",
}
_checked: dict[str, bool] = {}


def sources_unchanged() -> bool:
    """Whether the row templates are still those this module draws (checked once per process)."""
    return templates_unchanged(TEMPLATES, _checked)


def _by_template(name: str, context: Context, **values: Any) -> SafeString:
    template = get_template(name).template  # type: ignore[attr-defined]
    with context.push(**values):
        return mark_safe(template.render(context))


#: Dates and day counts as the rows show them, per language (and the context's escaping and
#: localisation): a date's text changes only with those, and a book's rows share few days.
_SHOWN: dict[tuple[Any, ...], str] = {}
_SHOWN_LIMIT = 20_000


def _short_date(day: Any, context: Context) -> str:
    """``{{ day|date:"SHORT_DATE_FORMAT" }}``, kept per language (the filter took most of the rows' time)."""
    key = ("date", get_language(), context.autoescape, day)
    return kept(_SHOWN, key, _SHOWN_LIMIT, lambda: _v(date_filter(day, "SHORT_DATE_FORMAT"), context))


def _count(n: int, context: Context) -> str:
    """``{{ n }}`` for a number of days, kept per language (and the context's localisation)."""
    key = ("int", get_language(), context.autoescape, context.use_l10n, n)
    return kept(_SHOWN, key, _SHOWN_LIMIT, lambda: _v(n, context))


def order_rows(context: Context, orders: Iterable[Any]) -> SafeString:
    """``web/customer/_order_rows.html`` for ``orders`` (:class:`laoke.web.customer_360.OrderRow`)."""
    if not sources_unchanged():
        return _by_template("web/customer/_order_rows.html", context, orders=orders)
    return mark_safe(
        "".join(
            f"<tr><td>{_v(o.order_no, context)}</td>"
            f'<td class="text-nowrap">{_short_date(o.order_date, context)}</td>'
            f'<td class="text-end">{_v(money(o.total), context)}</td>'
            f"<td>{_v(o.currency, context)}</td></tr>"
            for o in orders
        )
    )


def payment_rows(context: Context, payments: Iterable[dict[str, Any]]) -> SafeString:
    """``web/customer/_payment_rows.html`` for ``payments`` (:func:`laoke.web.customer_360.payment_rows`)."""
    if not sources_unchanged():
        return _by_template("web/customer/_payment_rows.html", context, payments=payments)
    still_open = f'<span class="text-body-secondary">{_v(gettext("open"), context)}</span>'
    parts = []
    for row in payments:
        p = row["payment"]
        due = _short_date(p.due_date, context)
        paid = _short_date(p.paid_date, context) if p.paid_date else still_open
        late, overdue = row["days_late"], row["days_overdue"]
        if late is not None:
            css = "text-danger fw-semibold" if late > 0 else "text-success"
            lateness = f'<span class="{css}">{_count(late, context)}</span>'
        elif overdue is not None and overdue > 0:
            words = gettext("%(n)s overdue") % {"n": _count(overdue, context)}
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


def alert_cards(context: Context, alerts: Iterable[Any]) -> SafeString:
    """``web/partials/alert.html`` for each of the open ``alerts`` (:class:`laoke.retention.models.Alert`),
    with its blank dismiss form, as the 360° page's alerts card includes it. A dismissed alert, an
    edited template or a refused dismiss form in the context gets the template engine."""
    alerts = list(alerts)
    if (
        not templates_unchanged(ALERT_TEMPLATES, _alert_checked)
        or context.get("dismiss_form") is not None
        or any(a.dismissed_at for a in alerts)
    ):
        return mark_safe(
            "".join(_by_template("web/partials/alert.html", context, alert=alert) for alert in alerts)
        )
    head, tail = url_around_id("alert_dismiss")
    csrf = csrf_field(context)
    action_words = _v(gettext("Suggested action"), context)
    raised, confidence = _v(gettext("raised"), context), _v(gettext("confidence"), context)
    levels = {3: _v(gettext("high"), context), 2: _v(gettext("medium"), context)}
    low = _v(gettext("low"), context)
    dismiss, why = _v(gettext("Dismiss…"), context), _v(gettext("Why dismiss it?"), context)
    button = _v(gettext("Dismiss"), context)
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
