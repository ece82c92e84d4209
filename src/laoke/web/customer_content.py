"""The 360° page's content block drawn in Python: the HTML of ``web/customer_detail.html``'s
``{% block content %}`` (with its two chart cards, ``web/customer/_orders_chart.html`` and
``web/customer/_seasonality.html``), to the character.

Every card of the block is already drawn in Python by its tag; what was left of the block's
render was the template engine walking some 25 nodes (the tags' argument resolution, the
includes, the translations, the variables and their filters): about a tenth of a first visit's
Python calls. :func:`content` writes the same HTML, calling the same tag functions with the same
context. The templates stay the reference: their sources are checked once per process (an edited
one is drawn by the template engine again), the page with a panel drawn in place (``?show=``) or
under ``DEBUG`` gets the template engine, and ``tests/web/test_customer_content.py`` compares
both on customers of many shapes in English and Chinese.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template import Context
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape, json_script
from django.utils.safestring import SafeString
from django.utils.translation import gettext_noop

from laoke.platform.memo import kept
from laoke.platform.python_html import Words, language, templates_unchanged
from laoke.platform.python_html import value as _v
from laoke.web.templatetags import laoke_web

#: The templates this module draws, and the SHA-1 of the sources it was written from.
TEMPLATES = {
    "web/customer_detail.html": "40a37a6e48a574f61ff77f93648c501a93473f87",
    "web/customer/_orders_chart.html": "920bb5e1598cebbe65b07c0c0e68b4f318edcf07",
    "web/customer/_seasonality.html": "17976507476fe1b9ea87c6fb4f6b3a07d5592787",
}
_checked: dict[str, bool] = {}
#: The panels the page may draw in place of their link (then the template draws the block).
_IN_PLACE = ("timeline", "history")
#: The context's values the block reads (a page without one gets the template engine).
_NEEDED = ("customer", "shown", "currency", "has_orders", "orders_panel", "payments_panel")
#: (script prefix, URLconf) → the customer list's URL, escaped.
_LIST_URL: dict[tuple[str, Any], str] = {}

#: The block's own words (``{% translate %}`` and ``_("…")``), and the chart cards'.
_WORDS = Words(
    gettext_noop("Breadcrumb"),
    gettext_noop("Customers"),
    gettext_noop("Interactions"),
    gettext_noop("Show the interactions"),
    gettext_noop("Show tasks, promises, state history and losses"),
    gettext_noop("Monthly sales"),
    gettext_noop("shaded: next order window"),
    gettext_noop("Monthly sales over the last three years"),
    gettext_noop("No orders yet."),
    gettext_noop("Seasonality"),
    gettext_noop("(sales by month of year)"),
    gettext_noop("Heatmap of sales by year and month"),
)


def sources_unchanged() -> bool:
    """Whether the templates are still those this module draws (checked once per process)."""
    return templates_unchanged(TEMPLATES, _checked)


def _tag(output: Any) -> str:
    """A ``{% simple_tag %}``'s output as the engine puts it in an escaping page."""
    return output if type(output) is SafeString else str(conditional_escape(output))


def _list_url() -> str:
    """``{% url 'customer_list' %}``, escaped, kept per script prefix and URLconf."""
    key = (get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return kept(_LIST_URL, key, 64, lambda: str(conditional_escape(reverse("customer_list"))))


def _chart_card(
    context: Context, said: dict[str, str], heading: tuple[str, str], note: str, chart: tuple[str, str]
) -> str:
    """``web/customer/_orders_chart.html`` or ``_seasonality.html`` (they differ in their words)."""
    anchor, title = heading
    kind, label = chart
    if context.get("has_orders"):
        body = (
            f'\n      <div class="chart chart-wide" data-chart="{kind}" data-source="{kind}-data" role="img"'
            f' aria-label="{said[label]}"></div>\n    '
        )
    else:
        body = f'\n      <p class="text-body-secondary mb-0 empty-state">{said["No orders yet."]}</p>\n    '
    return (
        f'\n<section class="card shadow-sm h-100" aria-labelledby="{anchor}">\n'
        f'  <div class="card-header"><h2 class="h6 mb-0" id="{anchor}">{said[title]}'
        f' <small class="text-body-secondary fw-normal">{note}</small></h2></div>\n'
        '  <div class="card-body">\n'
        f"    {body}\n"
        "  </div>\n"
        "</section>\n"
    )


def content(context: Context) -> str | None:
    """The content block of ``web/customer_detail.html`` in ``context`` (the page's, with the
    context processors', bound to the page's template), or ``None`` when the template engine is
    to draw it: edited templates, ``DEBUG``, a panel drawn in place, a value missing, no escaping."""
    if settings.DEBUG or not context.autoescape or not sources_unchanged():
        return None
    if any(name not in context for name in _NEEDED):
        return None
    shown = context["shown"]
    if not isinstance(shown, (set, frozenset)) or any(panel in shown for panel in _IN_PLACE):
        return None
    reader = language(context)
    said = _WORDS.shown(context, reader)
    customer = context["customer"]
    currency = _v(context["currency"], context)
    orders_chart = _chart_card(
        context,
        said,
        ("h-monthly", "Monthly sales"),
        f"({currency}; {said['shaded: next order window']})",
        ("orders", "Monthly sales over the last three years"),
    )
    season_chart = _chart_card(
        context,
        said,
        ("h-season", "Seasonality"),
        said["(sales by month of year)"],
        ("season", "Heatmap of sales by year and month"),
    )
    w = laoke_web
    words = _WORDS.of(reader)  # a tag's ``_("…")`` argument: the word itself (escaped by the tag)
    timeline = _tag(w.deferred_panel(context, "timeline", "h-timeline", words["Show the interactions"]))
    history = _tag(
        w.deferred_panel(
            context, "history", "history", words["Show tasks, promises, state history and losses"]
        )
    )
    return (
        f'\n<nav aria-label="{said["Breadcrumb"]}"><ol class="breadcrumb small mb-2">\n'
        f'  <li class="breadcrumb-item"><a href="{_list_url()}">{said["Customers"]}</a></li>\n'
        f'  <li class="breadcrumb-item active" aria-current="page">{_v(customer.name, context)}</li>\n'
        "</ol></nav>\n"
        f"{_tag(w.customer_header(context))}\n"
        '<div class="row g-3 mt-0">\n'
        f'  <div class="col-12 col-xl-7">{_tag(w.customer_act(context))}</div>\n'
        f'  <div class="col-12 col-xl-5">{_tag(w.customer_contacts(context))}</div>\n'
        f'  <div class="col-12 col-lg-6">{_tag(w.customer_scorecard(context))}</div>\n'
        '  <div class="col-12 col-lg-6">\n'
        f"    {_tag(w.customer_alerts(context))}\n"
        f"    {_tag(w.customer_complaints(context))}\n"
        f"    {_tag(w.customer_forecast(context))}\n"
        "  </div>\n"
        f'  <div class="col-12 col-xl-8">{orders_chart}</div>\n'
        f'  <div class="col-12 col-xl-4">{season_chart}</div>\n'
        '  <div class="col-12 col-lg-7">\n'
        '    <section class="card shadow-sm h-100" aria-labelledby="h-timeline">\n'
        '      <div class="card-header"><h2 class="h6 mb-0" id="h-timeline">'
        f"{said['Interactions']}</h2></div>\n"
        f'      <div class="card-body">{timeline}</div>\n'
        "    </section>\n"
        "  </div>\n"
        '  <div class="col-12 col-lg-5">\n'
        f"    {_tag(w.customer_winback(context))}\n"
        f"    {_tag(w.customer_profile(context))}\n"
        f"    {_tag(w.customer_manual_facts(context))}\n"
        f"    {_tag(w.customer_portrait(context))}\n"
        "  </div>\n"
        f'  <div class="col-12 col-lg-6">{_v(context["orders_panel"], context)}</div>\n'
        f'  <div class="col-12 col-lg-6">{_v(context["payments_panel"], context)}</div>\n'
        f'  <div class="col-12">{history}</div>\n'
        "</div>\n"
        f"{json_script(context.get('radar', ''), 'radar-data')}\n"
        f"{json_script(context.get('orders_chart', ''), 'orders-data')}\n"
        f"{json_script(context.get('season_chart', ''), 'season-data')}\n"
    )
