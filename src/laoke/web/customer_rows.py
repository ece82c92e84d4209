"""The customer list's rows drawn in Python: ``web/partials/customer_rows.html``'s HTML, to the character.

A page of the list draws 50 rows of eleven cells each, with a dozen filters (country names, money,
dates, the scorecard's treatment and reasons worded in the reader's language): through Django's
template engine that was half of the page's time. :func:`customer_rows` writes the same HTML in
Python (the values through the template engine's own escaping and the very filters the template
names), as :mod:`laoke.web.task_rows` does for Today. The template stays the reference: its source
is checked when first used (an edited template is drawn by the template engine again), and
``tests/web/test_customer_rows.py`` compares both on rows of every shape in English and Chinese.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.template import Context
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat, slugify, truncatechars
from django.template.loader import get_template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from laoke.platform.python_html import templates_unchanged, url_around_id
from laoke.platform.python_html import value as _value
from laoke.web.templatetags.laoke_web import country, money, reason_text

TEMPLATE = "web/partials/customer_rows.html"
#: SHA-1 of the template source this module was written from.
TEMPLATE_SHA1 = "56c61955a40e943b92a5ae049ac0b013311120ba"
_checked: dict[str, bool] = {}


def source_unchanged() -> bool:
    """Whether the rows' template is still the one this module draws (checked once per process)."""
    return templates_unchanged({TEMPLATE: TEMPLATE_SHA1}, _checked)


_v = _value


def _row(c: Any, context: Context, currency: Any, link: tuple[str, str]) -> str:
    v = _v
    try:
        s = c.score
    except ObjectDoesNotExist:  # no scorecard: the template's ``s`` is empty
        s = None
    owner = c.owner or "—"
    out = [
        "\n        <tr>\n",
        f'          <td><a href="{link[0]}{c.pk}{link[1]}" class="fw-semibold">{v(c.name, context)}</a>'
        f'<div class="small text-body-secondary">{v(c.code, context)}</div></td>\n',
        f'          <td class="text-nowrap" title="{v(c.country, context)}">'
        f"{v(country(c.country), context)}</td>\n",
        f"          <td>{v(owner, context)}</td>\n          \n          <td>",
    ]
    if s and s.grade:
        treatment = s.treatment
        out.append(
            f'<span class="badge grade grade-{v(slugify(s.grade), context)}" title="{v(treatment, context)}">'
            f"{v(s.grade, context)}</span>"
        )
        if treatment:
            out.append(
                '<div class="small text-body-secondary treatment" data-figure="treatment">'
                f"{v(truncatechars(treatment, 48), context)}</div>"
            )
    else:
        out.append("—")
    out.append("</td>\n          <td>")
    if s and s.state:
        out.append(
            f'<span class="badge state state-{v(s.state, context)}">'
            f"{v(s.get_state_display(), context)}</span>"
        )
    else:
        out.append("—")
    out.append('</td>\n          <td class="text-end">')
    out.append(v(floatformat(s.total, 0), context) if s and s.total is not None else "—")
    out.append('</td>\n          <td class="text-end text-nowrap">')
    out.append(v(money(s.revenue_12m, currency), context) if s else "—")
    day = date_filter(c.last_order, "SHORT_DATE_FORMAT") or "—"
    out.append(
        f'</td>\n          <td class="text-nowrap">{v(day, context)}</td>\n          <td class="text-end">'
    )
    alerts = getattr(c, "open_alerts", None)
    if alerts:
        out.append(f'<span class="badge text-bg-warning">{v(alerts, context)}</span>')
    else:
        out.append('<span class="text-body-secondary">0</span>')
    out.append('</td>\n          <td class="small reasons">')
    for r in (s.reasons or [])[:2] if s else []:
        out.append(f"<div>{v(reason_text(r, currency), context)}</div>")
    out.append("</td>\n          \n        </tr>\n        ")
    return "".join(out)


def customer_rows(context: Context, rows: Any, currency: Any) -> SafeString:
    """The rows of the list's page ``rows`` as ``web/partials/customer_rows.html`` draws them."""
    rows = list(rows)
    if not source_unchanged():
        template = get_template(TEMPLATE).template  # type: ignore[attr-defined]
        with context.push(rows=rows, currency=currency):
            return mark_safe(template.render(context))
    head, tail = url_around_id("customer_detail")
    link = (str(escape(head)), str(escape(tail)))
    return mark_safe("".join(_row(c, context, currency, link) for c in rows))
