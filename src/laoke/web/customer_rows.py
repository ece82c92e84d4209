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
from functools import partial
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.template import Context
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat, slugify, truncatechars
from django.template.loader import get_template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, override

from laoke.customers.book_cache import cached_for_everyone, kept_for_everyone
from laoke.platform.memo import kept
from laoke.platform.python_html import templates_unchanged, url_around_id
from laoke.platform.python_html import value as _v
from laoke.web.templatetags.laoke_web import country, money, reason_text

TEMPLATE = "web/partials/customer_rows.html"
#: SHA-1 of the template source this module was written from.
TEMPLATE_SHA1 = "28f2dc06d56d66d0bd0e277bf5c2d710e65d1f1e"
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


#: One reason's ``<div>`` per (language, currency, autoescape, the reason as JSON): the 10,000
#: customers of the demo book have 6,700 distinct pairs of top reasons but only 6,000 distinct
#: messages among their 37,000, so a row seen for the first time mostly finds its reasons worded.
_REASONS: dict[tuple[str, str, bool, str], str] = {}


def _reason_divs(reasons: Any, context: Context, currency: Any, language: str) -> str:
    def div(reason: Any) -> str:
        return f"<div>{_v(reason_text(reason, currency), context)}</div>"

    head = str(currency), bool(context.autoescape)
    return "".join(
        kept(_REASONS, (language, *head, json.dumps(r)), REASON_CELLS_KEPT, partial(div, r))
        for r in (reasons or [])[:2]
    )


#: The reasons cells of the whole book (:func:`book_reason_cells`) per (book version, language,
#: currency), the current version's only.
_BOOK_CELLS: dict[tuple[str, str, str], dict[str, str]] = {}


def _word_book_reasons(language: str, currency: str) -> dict[str, str]:
    """The reasons cell (escaped, as the page draws it) of each distinct stored text of the
    scorecards' reasons, worded in ``language``."""
    from django.db.models import TextField
    from django.db.models.functions import Cast

    from laoke.retention.models import CustomerScore

    texts = (
        CustomerScore.objects.order_by()
        .annotate(stored=Cast("reasons", TextField()))  # as the rows read it (list_rows)
        .values_list("stored", flat=True)
        .distinct()
    )
    context = Context(autoescape=True)
    with override(language):
        return {
            raw: _reason_divs(json.loads(raw), context, currency, language)
            for raw in texts
            if isinstance(raw, str)
        }


def book_reason_cells(
    version: str, language: str, currency: Any, *, word: bool = False
) -> dict[str, str] | None:
    """Every scorecard's reasons cell in ``language`` for the book ``version``, worded once per
    version, language and currency for every process (the shared cache), or None when they were
    not worded ahead: the job that re-scored (or imported) words them (:func:`warm_reason_cells`,
    ``word``), not a request (the whole book is 6,000 distinct messages, most of a second: after a
    start every worker's first requests would pay it at once), which words its own rows instead.
    A re-score leaves a new book version, hence new cells; a stored text not among them (written
    since) is worded by the row itself."""
    key = (version, language, str(currency))
    found = _BOOK_CELLS.get(key)
    if found is None:
        params = (language, str(currency))
        if word:
            make = partial(_word_book_reasons, language, str(currency))
            found = cached_for_everyone("customer-list-reasons", params, make, version=version)
        else:
            found = kept_for_everyone("customer-list-reasons", params, version=version)
            if found is None:
                return None
        for old in [k for k in list(_BOOK_CELLS) if k[0] != version]:
            _BOOK_CELLS.pop(old, None)  # one version is current: the others are gone for good
        _BOOK_CELLS[key] = found
    return found


def warm_reason_cells(version: str, currency: Any) -> None:
    """Word the book's reasons cells ahead in every language of the site (after a re-score)."""
    from django.conf import settings

    for language, _name in settings.LANGUAGES:
        book_reason_cells(version, language, currency, word=True)


def _reasons_cell(
    c: Any, s: Any, context: Context, currency: Any, language: str, book: dict[str, str] | None = None
) -> str:
    """The row's top two reasons; from the book's cells (``book``, :func:`book_reason_cells`) or
    the memo when the row was read with their stored text (``reasons_json``,
    :func:`laoke.web.customer_query.list_rows`)."""
    if s is None:
        return ""
    raw = c.__dict__.get("reasons_json", _NOT_READ)
    if not isinstance(raw, str):  # read without the stored text: the ORM decoded the reasons
        return _reason_divs(s.reasons, context, currency, language)
    if book is not None and context.autoescape:
        found = book.get(raw)
        if found is not None:
            return found
    key = (language, str(currency), bool(context.autoescape), raw)
    return kept(
        _REASON_CELLS,
        key,
        REASON_CELLS_KEPT,
        lambda: _reason_divs(json.loads(raw), context, currency, language),
    )


def _score(c: Any) -> Any:
    try:
        return c.score
    except ObjectDoesNotExist:  # no scorecard: the template's ``s`` is empty
        return None


#: Cells of a row that depend on one or two values and the reader's language only (the country's
#: name, the grade with its treatment, the state, the total, the last order's day), per (cell,
#: language, the page's ways with values, the values): a few hundred distinct values in a book of
#: 10,000 customers, so a row drawn for the first time mostly looks its cells up. Formatting a day
#: or a total and wording a state or a treatment cost most of such a row.
_CELLS: dict[tuple[Any, ...], str] = {}
#: Cells kept at most (under 300 bytes each); the memo starts again when full.
CELLS_KEPT = 20_000


def _cell(kind: str, values: tuple[Any, ...], context: Context, language: str, make: Any) -> str:
    """``make()`` for ``values`` on this page, from the memo when drawn before."""
    key = (kind, language, bool(context.autoescape), context.use_l10n, values)
    return kept(_CELLS, key, CELLS_KEPT, make)


def _country_cell(c: Any, context: Context) -> str:
    return f'<td class="text-nowrap" title="{_v(c.country, context)}">{_v(country(c.country), context)}</td>'


def _grade_cell(s: Any, context: Context) -> str:
    if not (s and s.grade):
        return "—"
    treatment = s.treatment
    out = (
        f'<span class="badge grade grade-{_v(slugify(s.grade), context)}" title="{_v(treatment, context)}">'
        f"{_v(s.grade, context)}</span>"
    )
    if treatment:
        out += (
            '<div class="small text-body-secondary treatment" data-figure="treatment">'
            f"{_v(truncatechars(treatment, 48), context)}</div>"
        )
    return out


def _state_cell(s: Any, context: Context) -> str:
    if not (s and s.state):
        return "—"
    return (
        f'<span class="badge state state-{_v(s.state, context)}">{_v(s.get_state_display(), context)}</span>'
    )


def _total_cell(s: Any, context: Context) -> str:
    return _v(floatformat(s.total, 0), context) if s and s.total is not None else "—"


def _day_cell(c: Any, context: Context) -> str:
    return _v(date_filter(c.last_order, "SHORT_DATE_FORMAT") or "—", context)


def _alerts_badge(alerts: Any, context: Context) -> str:
    return f'<span class="badge text-bg-warning">{_v(alerts, context)}</span>'


def _row_around_alerts(
    c: Any,
    s: Any,
    context: Context,
    currency: Any,
    link: tuple[str, str],
    language: str,
    book: dict[str, str] | None = None,
) -> tuple[str, str]:
    """The row's HTML before and after the open alerts' count."""
    v = _v
    if s is None:  # no scorecard: the template's ``s`` is empty
        grade = state = total = "—"
    else:
        scorecard = (s.grade, s.treatment_code, s.treatment_en, s.treatment_zh)
        grade = _cell("grade", scorecard, context, language, lambda: _grade_cell(s, context))
        state = _cell("state", (s.state,), context, language, lambda: _state_cell(s, context))
        total = _cell("total", (s.total,), context, language, lambda: _total_cell(s, context))
    where = _cell("country", (c.country,), context, language, lambda: _country_cell(c, context))
    day = _cell("day", (c.last_order,), context, language, lambda: _day_cell(c, context))
    # The code under the name, unless it is the name (a book that names customers by number).
    code = f'<div class="small text-body-secondary">{v(c.code, context)}</div>' if c.code != c.name else ""
    before = (
        "\n        <tr>\n"
        f'          <td><a href="{link[0]}{c.pk}{link[1]}" class="fw-semibold">{v(c.name, context)}</a>'
        f"{code}</td>\n"
        f"          {where}\n"
        f"          <td>{v(c.owner or '—', context)}</td>\n          \n          <td>{grade}"
        f"</td>\n          <td>{state}"
        f'</td>\n          <td class="text-end">{total}'
        '</td>\n          <td class="text-end text-nowrap">'
        f"{v(money(s.revenue_12m, currency), context) if s else '—'}"
        f'</td>\n          <td class="text-nowrap">{day}</td>\n          <td class="text-end">'
    )
    after = (
        '</td>\n          <td class="small reasons">'
        f"{_reasons_cell(c, s, context, currency, language, book)}</td>\n          \n        </tr>\n        "
    )
    return before, after


#: A row's HTML around its open alerts, per everything the row shows but them (the customer's
#: name, code, country, owner, last order and scorecard, the reader's language, the currency and
#: the page's ways with values): a row drawn again with the same values is looked up, not drawn.
#: The open alerts (updated in place) are always read fresh and put in between.
_ROWS: dict[tuple[Any, ...], tuple[str, str]] = {}
#: Rows kept at most (about 2 KB each); the memo starts again when full.
ROWS_KEPT = 10_000


def _row(
    c: Any,
    context: Context,
    currency: Any,
    link: tuple[str, str],
    language: str,
    book: dict[str, str] | None = None,
) -> str:
    s = _score(c)
    alerts = getattr(c, "open_alerts", None)
    if alerts:  # the count localised once per value and language (the memo), not on every row
        middle = _cell(
            "alerts", (type(alerts), alerts), context, language, partial(_alerts_badge, alerts, context)
        )
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
    before, after = kept(
        _ROWS, key, ROWS_KEPT, lambda: _row_around_alerts(c, s, context, currency, link, language, book)
    )
    return before + middle + after


def customer_rows(context: Context, rows: Any, currency: Any) -> SafeString:
    """The rows of the list's page ``rows`` as ``web/partials/customer_rows.html`` draws them (the
    reasons from :func:`book_reason_cells` when the page names its book version, ``list_version``)."""
    rows = list(rows)
    if not source_unchanged():
        template = get_template(TEMPLATE).template  # type: ignore[attr-defined]
        with context.push(rows=rows, currency=currency):
            return mark_safe(template.render(context))
    head, tail = url_around_id("customer_detail")
    link = (str(escape(head)), str(escape(tail)))
    language = get_language() or ""
    version = context.get("list_version")
    book = book_reason_cells(version, language, currency) if version else None
    return mark_safe("".join(_row(c, context, currency, link, language, book) for c in rows))
