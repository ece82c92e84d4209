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

import json
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.template import Context
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat, slugify, truncatechars
from django.template.loader import get_template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from laoke.platform.python_html import templates_unchanged, url_around_id
from laoke.platform.python_html import value as _v
from laoke.web.templatetags.laoke_web import country, money, reason_text

TEMPLATE = "web/partials/customer_rows.html"
#: SHA-1 of the template source this module was written from.
TEMPLATE_SHA1 = "56c61955a40e943b92a5ae049ac0b013311120ba"
_checked: dict[str, bool] = {}


def source_unchanged() -> bool:
    """Whether the rows' template is still the one this module draws (checked once per process)."""
    return templates_unchanged({TEMPLATE: TEMPLATE_SHA1}, _checked)


#: The reasons cell of a row per (language, currency, autoescape, the reasons' stored text): their
#: wording depends on nothing else, and wording them (a message rendered per reason, figures
#: formatted by Babel) was most of what a row cost. Kept per process; the stored text is the key,
#: so a re-score that changes a customer's reasons finds a new entry.
_REASON_CELLS: dict[tuple[str, str, bool, str], str] = {}
#: Entries kept at most (under 1 KB each); the memo starts again when full.
REASON_CELLS_KEPT = 10_000
_NOT_READ = object()


def _reason_divs(reasons: Any, context: Context, currency: Any) -> str:
    return "".join(f"<div>{_v(reason_text(r, currency), context)}</div>" for r in (reasons or [])[:2])


def _reasons_cell(c: Any, s: Any, context: Context, currency: Any, language: str) -> str:
    """The row's top two reasons; from the memo when the row was read with their stored text
    (``reasons_json``, :func:`laoke.web.customer_query.list_rows`)."""
    if s is None:
        return ""
    raw = c.__dict__.get("reasons_json", _NOT_READ)
    if not isinstance(raw, str):  # read without the stored text: the ORM decoded the reasons
        return _reason_divs(s.reasons, context, currency)
    key = (language, str(currency), bool(context.autoescape), raw)
    return _kept(
        _REASON_CELLS, key, REASON_CELLS_KEPT, lambda: _reason_divs(json.loads(raw), context, currency)
    )


def _kept(store: dict[Any, Any], key: Any, limit: int, make: Any) -> Any:
    """``store[key]``, made by ``make()`` on a miss; the memo starts again when it holds ``limit``."""
    found = store.get(key)
    if found is None:
        found = make()
        if len(store) >= limit:
            store.clear()
        store[key] = found
    return found


def _score(c: Any) -> Any:
    try:
        return c.score
    except ObjectDoesNotExist:  # no scorecard: the template's ``s`` is empty
        return None


def _row_around_alerts(
    c: Any, s: Any, context: Context, currency: Any, link: tuple[str, str], language: str
) -> tuple[str, str]:
    """The row's HTML before and after the open alerts' count."""
    v = _v
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
    after = (
        '</td>\n          <td class="small reasons">'
        f"{_reasons_cell(c, s, context, currency, language)}</td>\n          \n        </tr>\n        "
    )
    return "".join(out), after


#: A row's HTML around its open alerts, per everything the row shows but them (the customer's
#: name, code, country, owner, last order and scorecard, the reader's language, the currency and
#: the page's ways with values): a row drawn again with the same values is looked up, not drawn.
#: The open alerts (updated in place) are always read fresh and put in between.
_ROWS: dict[tuple[Any, ...], tuple[str, str]] = {}
#: Rows kept at most (about 2 KB each); the memo starts again when full.
ROWS_KEPT = 10_000


def _row(c: Any, context: Context, currency: Any, link: tuple[str, str], language: str) -> str:
    s = _score(c)
    alerts = getattr(c, "open_alerts", None)
    if alerts:
        middle = f'<span class="badge text-bg-warning">{_v(alerts, context)}</span>'
    else:
        middle = '<span class="text-body-secondary">0</span>'
    raw = c.__dict__.get("reasons_json", _NOT_READ)
    if not isinstance(raw, str) and s is not None:  # not read by list_rows: drawn, not kept
        before, after = _row_around_alerts(c, s, context, currency, link, language)
        return before + middle + after
    scorecard = None
    if s is not None:
        scorecard = (
            s.grade,
            s.treatment_code,
            s.treatment_en,
            s.treatment_zh,
            s.state,
            s.total,
            s.revenue_12m,
            raw,
        )
    owner = c.owner
    key = (
        language,
        str(currency),
        bool(context.autoescape),
        context.use_l10n,
        link,
        c.pk,
        c.name,
        c.code,
        c.country,
        None if owner is None else str(owner),
        c.last_order,
        scorecard,
    )
    before, after = _kept(
        _ROWS, key, ROWS_KEPT, lambda: _row_around_alerts(c, s, context, currency, link, language)
    )
    return before + middle + after


def customer_rows(context: Context, rows: Any, currency: Any) -> SafeString:
    """The rows of the list's page ``rows`` as ``web/partials/customer_rows.html`` draws them."""
    rows = list(rows)
    if not source_unchanged():
        template = get_template(TEMPLATE).template  # type: ignore[attr-defined]
        with context.push(rows=rows, currency=currency):
            return mark_safe(template.render(context))
    head, tail = url_around_id("customer_detail")
    link = (str(escape(head)), str(escape(tail)))
    language = get_language() or ""
    return mark_safe("".join(_row(c, context, currency, link, language) for c in rows))
