"""Parts of the 360° page drawn in Python: the header, the scorecard's dimension rows and the
customer's profile, the HTML of their templates to the character.

A first visit to a customer drew these through the template engine, node by node (about 1 ms of
the visit's 7-9 ms of templates). These functions write the same HTML, the values through the
template engine's own escaping, localisation and filters, as :mod:`laoke.web.customer_cards` does
for the order and payment rows. The templates stay the reference: the sources this code was
written from are checked once per process (an edited template is drawn by the template engine
again), and ``tests/web/test_customer_parts.py`` compares both on customers of every shape in
English and Chinese.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.template import Context
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat, linebreaksbr, slugify, stringformat
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_noop, override

from laoke.platform.memo import kept
from laoke.platform.python_html import Words, by_template, language, templates_unchanged, url_around_id
from laoke.platform.python_html import value as _v
from laoke.web.templatetags.laoke_web import (
    chance_in_words,
    country,
    money,
    percent,
    reason_text,
    unlikely_in_words,
)

#: The templates this module draws, and the SHA-1 of the sources it was written from.
TEMPLATES = {
    "web/customer/_header.html": "3810a1b2f46e11b891fd519de7cfb70a9c4a2c7c",
    "web/customer/_dimension_rows.html": "ca235a3eaa48e044320b778b01e882bfc819f061",
    "web/customer/_portrait.html": "239e01c3820692867f5a8f11475e7c891634f70d",
    "web/customer/_deferred.html": "497dde1068eb5ba210911cb844414e46b1e52ba2",
    "web/customer/_forecast.html": "f5928245eaf7b64e4340c864a4eb1df87f94fe12",
    "web/customer/_scorecard.html": "30eb9a6bddc2e4389d576ef711d8f214b0fe0371",
}
_checked: dict[str, bool] = {}
#: Per model field and language: each choice's label (``get_FOO_display`` makes a dictionary of
#: them, hashing every lazy label, on each call).
_CHOICES: dict[tuple[str, str, str], dict[Any, str]] = {}
#: Per language and score: ``score|floatformat:0`` (scores are rounded to a tenth: a thousand of them).
_WHOLE: dict[tuple[str, float], str] = {}


def sources_unchanged() -> bool:
    """Whether the templates are still those this module draws (checked once per process)."""
    return templates_unchanged(TEMPLATES, _checked)


def _display(instance: Any, name: str, language: str) -> Any:
    """``instance.get_<name>_display()``: the label of the field's value in the reader's
    ``language`` (the value itself when it is not a choice)."""
    value = getattr(instance, name)
    meta = instance._meta

    def labels() -> dict[Any, str]:
        with override(language or None):
            return {key: str(label) for key, label in meta.get_field(name).flatchoices}

    choices = kept(_CHOICES, (meta.label, name, language), 200, labels)
    return choices.get(value, value)


def _whole(score: float, language: str) -> str:
    """``score|floatformat:0`` in the reader's ``language``, kept per language."""

    def make() -> str:
        with override(language or None):
            return floatformat(score, 0)

    return kept(_WHOLE, (language, score), 5000, make)


#: The forecast's window and the empty scorecard's words (msgids too long for a line).
_WINDOW = gettext_noop(
    "If they order within a year, most likely between %(start)s and %(end)s (about 8 in 10 such"
    " orders fall in this window)."
)
_NOT_EVALUATED = gettext_noop(
    "Not evaluated yet. The scorecard appears after the next re-score of the book: every night,"
    " or when a manager presses “Re-score now”."
)


#: The fixed words of :func:`dimension_rows`.
_DIMENSION_ROWS_WORDS = Words(
    gettext_noop("unknown"),
)


def dimension_rows(context: Context, dimensions: Iterable[Any]) -> SafeString:
    """``web/customer/_dimension_rows.html`` for ``dimensions``
    (:class:`laoke.web.customer_360.DimensionRow`)."""
    reader = language(context)
    fixed = _DIMENSION_ROWS_WORDS.of(reader)
    if not sources_unchanged():
        return by_template("web/customer/_dimension_rows.html", context, dimensions=dimensions)
    unknown = f'<span class="text-body-secondary">{fixed["unknown"]}</span>'
    parts = []
    for d in dimensions:
        score = unknown if d.score is None else _v(_whole(d.score, reader), context)
        parts.append(
            f'\n          <tr><th scope="row" class="fw-normal">{_v(d.label, context)}</th>\n'
            f'            <td class="text-end">{score}</td>\n'
            f"            <td>{_v(d.level or '—', context)}</td>\n"
            f"            <td>{_v(d.explanation or '', context)}</td></tr>\n        "
        )
    return mark_safe("".join(parts))


#: The fixed words of :func:`header`.
_HEADER_WORDS = Words(
    gettext_noop("Grade"),
    gettext_noop("shared pool"),
    gettext_noop("%(n)s of 5"),
    gettext_noop("Handover dossier"),
    gettext_noop("Owner"),
    gettext_noop("Shared with"),
    gettext_noop("Score"),
    gettext_noop("Sales, last 12 months"),
    gettext_noop("Relationship level"),
    gettext_noop("Target"),
    gettext_noop("Currency"),
    gettext_noop("left the company"),
)


def header(context: Context) -> SafeString:
    """``web/customer/_header.html`` for the page's ``customer``, ``score``, ``currency``,
    ``has_dossier`` and ``share_count``."""
    reader = language(context)
    fixed = _HEADER_WORDS.of(reader)
    if not sources_unchanged():
        return by_template("web/customer/_header.html", context)
    customer: Any = context.get("customer")
    score: Any = context.get("score")
    grade = getattr(score, "grade", None)
    grade_words = fixed["Grade"]
    shown_grade = _v(grade or "—", context)
    # The code beside the name, unless it is the name (a book that names customers by number).
    code = (
        f' <small class="text-body-secondary fs-6">{_v(customer.code, context)}</small>'
        if customer.code != customer.name
        else ""
    )
    badges = []
    state = getattr(score, "state", None)
    if state:
        shown_state = _v(_display(score, "state", reader), context)
        badges.append(f'<span class="badge state state-{_v(state, context)}">{shown_state}</span>')
    badges.append("\n        ")
    if customer.is_target:
        badges.append(f'<span class="badge text-bg-info">{fixed["Target"]}</span>')
    badges.append("\n        ")
    if customer.country:
        badges.append(
            f'<span class="badge text-bg-light border" title="{_v(customer.country, context)}">'
            f"{_v(country(customer.country), context)}</span>"
        )
    badges.append("\n        ")
    if customer.currency:
        badges.append(f"<span>· {fixed['Currency']} {_v(customer.currency, context)}</span>")
    badges.append("\n        ")
    if customer.kind:
        badges.append(f"<span>· {_v(_display(customer, 'kind', reader), context)}</span>")
    owner = customer.owner
    if owner:
        left = (
            f' <span class="badge text-bg-danger">{fixed["left the company"]}</span>'
            if owner.has_left
            else ""
        )
        owned = f"{_v(owner, context)}{left}"
    else:
        owned = fixed["shared pool"]
    dossier = ""
    if context.get("has_dossier"):
        head, tail = url_around_id("customer_dossiers")
        dossier = f'<a class="ms-1" href="{head}{customer.pk}{tail}">{fixed["Handover dossier"]}</a>'
    head, tail = url_around_id("customer_sharing")
    share_count = context.get("share_count")
    shares = f" ({_v(share_count, context)})" if share_count else ""
    total = getattr(score, "total", None)
    shown_total = _v(floatformat(total, 0), context) if total is not None and score else "—"
    revenue = _v(money(score.revenue_12m, context["currency"]), context) if score else "—"
    level = customer.relationship_level
    if level:
        words = fixed["%(n)s of 5"] % {"n": _v(level, context)}
        dots = "".join("●" if i <= level else "○" for i in range(1, 6))
        shown_level = f'<span class="level" aria-label="{words}">{dots}</span>'
    else:
        shown_level = "—"
    return mark_safe(
        '\n<header class="card shadow-sm customer-header">\n'
        '  <div class="card-body d-flex flex-wrap gap-3 align-items-center">\n'
        f'    <div class="grade-box grade-{_v(slugify(grade or "none"), context)}"'
        f' aria-label="{grade_words} {shown_grade}">\n'
        f'      <span class="small">{grade_words}</span>\n'
        f"      <strong>{shown_grade}</strong>\n"
        "    </div>\n"
        '    <div class="flex-grow-1">\n'
        f'      <h1 class="h3 mb-1">{_v(customer.name, context)}{code}</h1>\n'
        '      <div class="d-flex flex-wrap gap-2 align-items-center small">\n'
        f"        {''.join(badges)}\n"
        f"        <span>· {fixed['Owner']}: {owned}</span>\n"
        f"        {dossier}\n"
        f'        <a class="ms-1" href="{head}{customer.pk}{tail}">{fixed["Shared with"]}{shares}</a>\n'
        "      </div>\n"
        "    </div>\n"
        '    <dl class="header-facts d-flex flex-wrap gap-4 mb-0">\n'
        f'      <div><dt class="small text-body-secondary fw-normal">{fixed["Score"]}</dt>'
        f'<dd class="h5 mb-0">{shown_total}</dd></div>\n'
        f'      <div><dt class="small text-body-secondary fw-normal">{fixed["Sales, last 12 months"]}'
        f'</dt><dd class="h5 mb-0">{revenue}</dd></div>\n'
        f'      <div><dt class="small text-body-secondary fw-normal">{fixed["Relationship level"]}</dt>\n'
        f'        <dd class="h5 mb-0">{shown_level}</dd></div>\n'
        "    </dl>\n"
        "  </div>\n"
        "</header>\n"
    )


#: The fixed words of :func:`profile`.
_PROFILE_WORDS = Words(
    gettext_noop("Kind"),
    gettext_noop("Headcount"),
    gettext_noop("Yearly turnover"),
    gettext_noop("Founded in"),
    gettext_noop("Payment terms"),
    gettext_noop("Source"),
    gettext_noop("Market trend"),
    gettext_noop("Lifespan risk"),
    gettext_noop("Delivery sensitivity"),
    gettext_noop("%(n)s days"),
    gettext_noop("Profile"),
)


def profile(context: Context) -> SafeString:
    """``web/customer/_portrait.html`` for the page's ``customer`` (amounts in ``currency``)."""
    reader = language(context)
    fixed = _PROFILE_WORDS.of(reader)
    if not sources_unchanged():
        return by_template("web/customer/_portrait.html", context)
    c: Any = context.get("customer")
    turnover = _v(money(c.turnover, context["currency"]), context) if c.turnover else "—"
    terms = _v(_display(c, "payment_terms", reader) or "—", context)
    if c.credit_days:
        terms += " · " + fixed["%(n)s days"] % {"n": _v(c.credit_days, context)}
    trend = (
        _v(stringformat(c.market_trend, "+d"), context)
        + ' <span class="text-body-secondary">(−2 … +2)</span>'
        if c.market_trend is not None
        else "—"
    )
    lifespan = f"{_v(c.lifespan_risk, context)}/5" if c.lifespan_risk else "—"
    delivery = f"{_v(c.delivery_sensitivity, context)}/5" if c.delivery_sensitivity else "—"
    notes = (
        f'<p class="small mt-2 mb-0 notes">{linebreaksbr(c.notes, autoescape=context.autoescape)}</p>'
        if c.notes
        else ""
    )
    rows = (
        (fixed["Kind"], _v(_display(c, "kind", reader) or "—", context)),
        (fixed["Headcount"], _v(c.headcount or "—", context)),
        (fixed["Yearly turnover"], turnover),
        (fixed["Founded in"], _v(c.founded_year or "—", context)),
        (fixed["Payment terms"], terms),
        (fixed["Source"], _v(_display(c, "source_channel", reader) or "—", context)),
        (fixed["Market trend"], trend),
        (fixed["Lifespan risk"], lifespan),
        (fixed["Delivery sensitivity"], delivery),
    )
    dl = "".join(
        f'\n      <dt class="col-6">{label}</dt><dd class="col-6">{shown}</dd>' for label, shown in rows
    )
    return mark_safe(
        '\n<section class="card shadow-sm" aria-labelledby="h-portrait">\n'
        f'  <div class="card-header"><h2 class="h6 mb-0" id="h-portrait">{fixed["Profile"]}</h2></div>\n'
        '  <div class="card-body">\n'
        f'    <dl class="row small mb-0 portrait">{dl}\n'
        "    </dl>\n"
        f"    {notes}\n"
        "  </div>\n"
        "</section>\n"
    )


def deferred(context: Context, panel: str, anchor: str, label: str) -> SafeString:
    """``web/customer/_deferred.html``: the link (drawn by htmx when in view) standing for the
    page's ``customer``'s ``panel`` below the fold, its heading ``anchor`` and its ``label``."""
    if not sources_unchanged():
        return by_template("web/customer/_deferred.html", context, panel=panel, anchor=anchor, label=label)
    customer: Any = context.get("customer")
    head, tail = url_around_id("customer_detail")
    shown = _v(panel, context)
    drawn = conditional_escape(reverse("customer_panel", args=[customer.pk, panel]))
    page = conditional_escape(f"{head}{customer.pk}{tail}")
    return mark_safe(
        f'\n<div id="{shown}" class="deferred-panel" hx-get="{drawn}" hx-trigger="revealed"'
        ' hx-swap="outerHTML">\n'
        f'  <a class="small" href="{page}?show={shown}#{_v(anchor, context)}">{_v(label, context)}</a>\n'
        "</div>\n"
    )


#: The fixed words of :func:`forecast`.
_FORECAST_WORDS = Words(
    gettext_noop(_WINDOW),
    gettext_noop("No forecast yet: it needs a few orders and a scoring run."),
    gettext_noop("Next order window"),
    gettext_noop("Expected sales in a year"),
)


def forecast(context: Context) -> SafeString:
    """``web/customer/_forecast.html`` for the page's ``forecast`` (amounts in ``currency``)."""
    fixed = _FORECAST_WORDS.of(language(context))
    if not sources_unchanged():
        return by_template("web/customer/_forecast.html", context)
    f: Any = context.get("forecast")
    if f and f.next_order_on:
        unlikely = unlikely_in_words(f)
        if unlikely:
            details = f.details
            year = details.get("p_order_365d", "") if isinstance(details, dict) else ""
            headline = (
                "\n      \n"
                '      <p class="mb-1"><span class="fs-5 fw-semibold" id="forecast-headline"'
                ' data-forecast="unlikely">'
                f"{_v(unlikely, context)}</span></p>\n"
                '      <p class="small mb-1" id="forecast-year-chance">'
                f"{_v(chance_in_words(year, 365), context)}</p>\n"
                "      "
            )
        else:
            headline = (
                '\n      <p class="mb-1"><span class="fs-5 fw-semibold" id="forecast-headline"'
                ' data-forecast="date">'
                f"{_v(date_filter(f.next_order_on, 'DATE_FORMAT'), context)}</span></p>\n      "
            )
        window = ""
        if f.window_start and f.window_end:
            words = fixed[_WINDOW] % {
                "start": _v(date_filter(f.window_start, "DATE_FORMAT"), context),
                "end": _v(date_filter(f.window_end, "DATE_FORMAT"), context),
            }
            window = f'<p class="small text-body-secondary mb-1" id="forecast-window">{words}</p>'
        expected = ""
        if f.expected_value_365d is not None:
            amount = _v(money(f.expected_value_365d, context["currency"]), context)
            expected = f" {fixed['Expected sales in a year']}: <strong>{amount}</strong>"
        reasons = ""
        if f.reasons:
            items = "".join(f"<li>{_v(reason_text(r), context)}</li>" for r in f.reasons[:4])
            reasons = f'<ul class="small mb-0">{items}</ul>'
        body = (
            f"\n      {headline}\n      {window}\n"
            '      <p class="small mb-1"><strong id="forecast-chance"'
            f' title="{_v(percent(f.p_order_90d), context)}">'
            f"{_v(chance_in_words(f.p_order_90d, 90), context)}</strong>\n"
            f"        {expected}</p>\n"
            f"      {reasons}\n    "
        )
    else:
        body = (
            '\n      <p class="text-body-secondary mb-0 empty-state">'
            f"{fixed['No forecast yet: it needs a few orders and a scoring run.']}</p>\n    "
        )
    return mark_safe(
        '\n<section class="card shadow-sm" aria-labelledby="h-forecast">\n'
        '  <div class="card-header"><h2 class="h6 mb-0" id="h-forecast">'
        f"{fixed['Next order window']}</h2></div>\n"
        '  <div class="card-body">\n'
        f"    {body}\n"
        "  </div>\n"
        "</section>\n"
    )


#: The fixed words of :func:`scorecard`.
_SCORECARD_WORDS = Words(
    gettext_noop(_NOT_EVALUATED),
    gettext_noop("as of"),
    gettext_noop("Scorecard radar chart; the table below has the same figures"),
    gettext_noop("Scorecard dimensions"),
    gettext_noop("Dimension"),
    gettext_noop("Score"),
    gettext_noop("Level"),
    gettext_noop("Why"),
    gettext_noop("Scorecard"),
    gettext_noop("Treatment"),
)


def scorecard(context: Context) -> SafeString:
    """``web/customer/_scorecard.html`` for the page's ``score`` and its ``dimensions``."""
    fixed = _SCORECARD_WORDS.of(language(context))
    if not sources_unchanged():
        return by_template("web/customer/_scorecard.html", context)
    score: Any = context.get("score")
    dimensions: Any = context.get("dimensions")
    as_of = (
        f'<span class="small text-body-secondary">{fixed["as of"]}'
        f" {_v(date_filter(score.as_of, 'SHORT_DATE_FORMAT'), context)}</span>"
        if score
        else ""
    )
    if dimensions:
        treatment = score.treatment if score is not None else None
        treated = (
            f'<p class="small mt-2 mb-0"><strong>{fixed["Treatment"]}:</strong> {_v(treatment, context)}</p>'
            if treatment
            else ""
        )
        body = (
            '\n      <div class="chart chart-radar" data-chart="radar" data-source="radar-data" role="img"'
            f' aria-label="{fixed["Scorecard radar chart; the table below has the same figures"]}"></div>\n'
            '      <table class="table table-sm small mb-0 dimension-table">\n'
            f'        <caption class="visually-hidden">{fixed["Scorecard dimensions"]}</caption>\n'
            f'        <thead><tr><th scope="col">{fixed["Dimension"]}</th>'
            f'<th scope="col" class="text-end">{fixed["Score"]}</th><th scope="col">{fixed["Level"]}</th>'
            f'<th scope="col">{fixed["Why"]}</th></tr></thead>\n'
            "        <tbody>\n"
            f"        {dimension_rows(context, dimensions)}\n"
            "        </tbody>\n"
            "      </table>\n"
            f"      {treated}\n    "
        )
    else:
        empty = fixed[_NOT_EVALUATED]
        body = f'\n      <p class="text-body-secondary mb-0 empty-state">{empty}</p>\n    '
    return mark_safe(
        '\n<section class="card shadow-sm h-100" aria-labelledby="h-scorecard">\n'
        '  <div class="card-header d-flex justify-content-between">'
        f'<h2 class="h6 mb-0" id="h-scorecard">{fixed["Scorecard"]}</h2>\n'
        f"    {as_of}</div>\n"
        '  <div class="card-body">\n'
        f"    {body}\n"
        "  </div>\n"
        "</section>\n"
    )
