"""The 360° page's "Profile for the similarity score" card drawn in Python:
``pipeline/_portrait_panel.html``'s HTML, to the character.

Through the template engine the card's twelve rows, their labels (capitalised, in the reader's
language, from the message catalogue) and its words were about 0.4 ms of every first visit to a
customer. :func:`portrait_panel` writes the same HTML: the labels' cells kept per language (they
depend on nothing else), the values through the template engine's own escaping. The template stays
the reference: its source is checked when first used (an edited template gets the template engine
again), and ``tests/pipeline/test_portrait_html.py`` compares both on portraits of every shape in
English and Chinese.
"""

from __future__ import annotations

from typing import Any

from django.template import Context
from django.template.defaultfilters import capfirst, linebreaksbr
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_noop

from laoke.core.portrait.dimensions import DIMENSIONS
from laoke.pipeline import presentation
from laoke.platform.memo import kept
from laoke.platform.python_html import Words, language, templates_unchanged, url_around_id
from laoke.platform.python_html import value as _v

TEMPLATE = "pipeline/_portrait_panel.html"
#: SHA-1 of the template source this module was written from.
TEMPLATE_SHA1 = "ad552d693f2dcb217c80796ef731bc5888af4c7b"
_checked: dict[str, bool] = {}
#: Per language: each dimension's key and the HTML before its value (label cell, value cell opened).
_LABELS: dict[str, tuple[tuple[str, str], ...]] = {}


def source_unchanged() -> bool:
    """Whether the card's template is still the one this module draws (checked once per process)."""
    return templates_unchanged({TEMPLATE: TEMPLATE_SHA1}, _checked)


def _labels(context: Context) -> tuple[tuple[str, str], ...]:
    """Each dimension's key and its row up to the value, in the reader's language."""

    def make() -> tuple[tuple[str, str], ...]:
        return tuple(
            (
                d.key,
                f'<dt class="col-6">{_v(capfirst(presentation.dimension_label(d.key)), context)}</dt>'
                f'<dd class="col-6" data-dimension="{_v(d.key, context)}">',
            )
            for d in DIMENSIONS
        )

    return kept(_LABELS, language(context), 20, make)


#: The card's closing note (a msgid too long for a line).
_MEASURED = gettext_noop(
    "Measured from orders, payments and the scorecard; roles, product line, attributes and "
    "new-product responsiveness can be edited."
)

#: The fixed words of :func:`portrait_panel`.
_PORTRAIT_PANEL_WORDS = Words(
    gettext_noop(_MEASURED),
    gettext_noop("Profile for the similarity score"),
    gettext_noop("Edit profile"),
)


def portrait_panel(context: Context, customer: Any, portrait: dict[str, Any], edited: Any) -> SafeString:
    """The card for ``customer``'s ``portrait`` (values in the page's ``currency``) and its
    ``edited`` part (:class:`laoke.pipeline.models.CustomerPortrait` or None), as the inclusion
    tag ``portrait_panel`` drew it."""
    fixed = _PORTRAIT_PANEL_WORDS.of(language(context))
    currency = str(context.get("currency") or "")
    if not source_unchanged() or not context.autoescape:
        values = {
            "customer": customer,
            "rows": presentation.portrait_rows(portrait, currency),
            "edited": edited,
        }
        return mark_safe(get_template(TEMPLATE).template.render(context.new(values)))  # type: ignore[attr-defined]
    head, tail = url_around_id("pipeline_portrait_edit")
    rows = "".join(
        f"{opened}{_v(presentation.format_value(key, portrait.get(key), currency), context)}</dd>"
        for key, opened in _labels(context)
    )
    notes = getattr(edited, "notes", None)
    shown_notes = f'<p class="small mt-2 mb-0">{linebreaksbr(notes, autoescape=True)}</p>' if notes else ""
    return mark_safe(
        '\n<section class="card shadow-sm mt-3" aria-labelledby="h-customer-portrait"'
        ' id="customer-portrait">\n'
        '  <div class="card-header d-flex justify-content-between align-items-center">\n'
        '    <h2 class="h6 mb-0" id="h-customer-portrait">'
        f"{fixed['Profile for the similarity score']}</h2>\n"
        f'    <a class="btn btn-sm btn-outline-secondary" href="{head}{customer.pk}{tail}">'
        f"{fixed['Edit profile']}</a>\n"
        "  </div>\n"
        '  <div class="card-body">\n'
        '    <dl class="row small mb-0">\n'
        f"      {rows}\n"
        "    </dl>\n"
        f"    {shown_notes}\n"
        '    <p class="small text-body-secondary mt-2 mb-0">' + fixed[_MEASURED] + "</p>\n"
        "  </div>\n"
        "</section>\n"
    )
