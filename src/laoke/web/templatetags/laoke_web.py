"""Template helpers: bilingual fields, money, flags and query strings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.http import QueryDict
from django.template.defaultfilters import truncatechars
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info

from laoke.platform.memo import kept
from laoke.platform.messages import shown
from laoke.platform.python_html import value as _value
from laoke.web.frame_marks import SLOTS, Marked

register = template.Library()


def is_chinese() -> bool:
    """True when the active language is Chinese."""
    return (get_language() or "").lower().startswith("zh")


@register.filter
def bilingual(obj: Any, stem: str) -> str:
    """``obj.<stem>_zh`` in Chinese, ``obj.<stem>_en`` otherwise, falling back to the other one.

    Works on model instances and on dicts (e.g. a dimension of ``CustomerScore.dimensions``).
    """
    first, second = ("zh", "en") if is_chinese() else ("en", "zh")
    for suffix in (first, second):
        key = f"{stem}_{suffix}"
        value = obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)
        if value:
            return str(value)
    return ""


@register.filter
def stored_text(obj: dict[str, Any], stem: str) -> str:
    """A snapshot's ``<stem>`` in the reader's language: its ``<stem>_msg`` codes worded, else its text.

    For JSON snapshots of rows (a handover dossier's open tasks): ``{"title_msg", "title_en", "title_zh"}``.
    """
    return shown(obj.get(f"{stem}_msg"), str(obj.get(f"{stem}_en") or ""), str(obj.get(f"{stem}_zh") or ""))


@register.filter
def reason_text(reason: Any, currency: str = "") -> str:
    """One reason from a JSON list, worded in the reader's language (amounts in ``currency``).

    Scorecard and forecast reasons are codes with figures (``laoke.retention.messages``); a
    plain string or a dict with zh/en variants is shown as stored.
    """
    if isinstance(reason, dict) and not ({"explanation", "code", "en", "zh"} & set(reason)):
        for stem in ("text", "reason"):
            text = bilingual(reason, stem)
            if text:
                return text
        return ""
    # Imported here: Django's template check imports this library when any command starts, and
    # the message wording brings Polars (laoke.core.messages builds the codes as expressions).
    from laoke.retention import messages

    return messages.reason_text(reason, currency=currency)


@register.filter
def money(value: Any, currency: str = "") -> str:
    """An amount with thousands separators and no decimals, prefixed by the currency code."""
    if value is None or value == "":
        return "—"
    amount = Decimal(str(value))
    text = f"{amount:,.0f}"
    return f"{currency} {text}".strip()


@register.simple_tag(takes_context=True)
def order_rows(context: Any, orders: Any) -> str:
    """The 360° page's "Latest orders" rows (``web/customer/_order_rows.html``), drawn in Python."""
    from laoke.web.customer_cards import order_rows as draw

    return draw(context, orders)


@register.simple_tag(takes_context=True)
def payment_rows(context: Any, payments: Any) -> str:
    """The 360° page's "Payments" rows (``web/customer/_payment_rows.html``), drawn in Python."""
    from laoke.web.customer_cards import payment_rows as draw

    return draw(context, payments)


@register.simple_tag(takes_context=True)
def contact_items(context: Any, contacts: Any) -> str:
    """The 360° page's contacts (``web/customer/_contact_items.html``), drawn in Python."""
    from laoke.web.customer_cards import contact_items as draw

    return draw(context, contacts)


@register.simple_tag(takes_context=True)
def dimension_rows(context: Any, dimensions: Any) -> str:
    """The 360° page's scorecard rows (``web/customer/_dimension_rows.html``), drawn in Python."""
    from laoke.web.customer_parts import dimension_rows as draw

    return draw(context, dimensions)


@register.simple_tag(takes_context=True)
def customer_header(context: Any) -> str:
    """The 360° page's header (``web/customer/_header.html``), drawn in Python."""
    from laoke.web.customer_parts import header as draw

    return draw(context)


@register.simple_tag(takes_context=True)
def customer_profile(context: Any) -> str:
    """The 360° page's "Profile" card (``web/customer/_portrait.html``), drawn in Python."""
    from laoke.web.customer_parts import profile as draw

    return draw(context)


@register.simple_tag(takes_context=True)
def deferred_panel(context: Any, panel: str, anchor: str, label: str) -> str:
    """The link standing for a 360° panel below the fold (``web/customer/_deferred.html``), drawn
    in Python."""
    from laoke.web.customer_parts import deferred as draw

    return draw(context, panel, anchor, label)


@register.simple_tag(takes_context=True)
def customer_forecast(context: Any) -> str:
    """The 360° page's "Next order window" card (``web/customer/_forecast.html``), drawn in Python."""
    from laoke.web.customer_parts import forecast as draw

    return draw(context)


@register.simple_tag(takes_context=True)
def customer_scorecard(context: Any) -> str:
    """The 360° page's "Scorecard" card (``web/customer/_scorecard.html``), drawn in Python."""
    from laoke.web.customer_parts import scorecard as draw

    return draw(context)


@register.simple_tag(takes_context=True)
def alert_cards(context: Any, alerts: Any) -> str:
    """The 360° page's open alerts (``web/partials/alert.html`` for each), drawn in Python."""
    from laoke.web.customer_cards import alert_cards as draw

    return draw(context, alerts)


@register.simple_tag(takes_context=True)
def touch_form(context: Any) -> str:
    """The 360° page's "Log a touch" form (``web/partials/touch_form.html``): a blank one for the
    page's ``customer`` and ``touch_contacts`` put together from parts kept per language
    (``laoke.web.touch_form``); the page's ``form`` (or a template that cannot be cut) is drawn by
    the template."""
    from laoke.web.forms import InteractionQuickForm
    from laoke.web.touch_form import TEMPLATE, touch_form_html

    contacts = context.get("touch_contacts")
    drawn = context.template.engine.get_template(TEMPLATE)
    if context.get("form") is not None or contacts is None:
        return drawn.render(context)
    customer = context["customer"]
    html = touch_form_html(context, customer, contacts)
    if html is not None:
        return mark_safe(html)
    with context.push(form=InteractionQuickForm(customer=customer, contacts=contacts)):
        return drawn.render(context)


@register.simple_tag(takes_context=True)
def task_rows(context: Any, entries: Any) -> str:
    """Today's task rows (``web/partials/task_row.html`` for each entry), drawn in Python: the same HTML.

    When the page around the rows is drawn to be kept (``laoke.web.today_frame``), the mark the
    rows of each visit take the place of."""
    mark = context.get("task_rows_mark")
    if mark:
        return str(mark)
    from laoke.web.task_rows import task_rows as draw

    return draw(context, entries)


@register.simple_tag(takes_context=True)
def catch_up_rows(context: Any, entries: Any) -> str:
    """Today's catch-up rows (``web/partials/catch_up_rows.html``), drawn in Python: the same HTML."""
    from laoke.web.task_rows import catch_up_rows as draw

    return draw(context, entries)


@register.simple_tag(takes_context=True)
def customer_rows(context: Any, rows: Any, currency: Any) -> str:
    """The customer list's rows (``web/partials/customer_rows.html``), drawn in Python: the same HTML."""
    slots = context.get(SLOTS)
    if slots is not None:  # a frame (laoke.web.list_frame): each request draws its rows
        return mark_safe(slots.add(customer_rows, True, rows, currency))
    from laoke.web.customer_rows import customer_rows as draw

    return draw(context, rows, currency)


#: The list's drop-downs and header as drawn, per (what they show, the language and the page's
#: ways with values): the same few hundred are asked again and again.
_DRAWN: dict[tuple[Any, ...], str] = {}
#: Entries kept at most (a few KB each); the memo starts again when full.
DRAWN_KEPT = 2_000


def _drawn(what: tuple[Any, ...], context: Any, draw: Any) -> SafeString:
    """``draw()`` for ``what`` on this page, from the memo when drawn before."""
    key = (*what, get_language(), bool(context.autoescape), context.use_l10n)
    return mark_safe(kept(_DRAWN, key, DRAWN_KEPT, draw))


@register.simple_tag(takes_context=True)
def select_options(context: Any, pairs: Any, selected: Any, truncate: int = 0) -> SafeString:
    """A drop-down's options, ``selected`` marked: in Python the HTML of ``{% for v, label in pairs
    %}<option value="{{ v }}"{% if selected == v %} selected{% endif %}>{{ label }}</option>{% endfor
    %}`` (``label|truncatechars:truncate`` when given). The list page's filters offer some 80 options;
    through the template engine they cost a first visit 2-3 ms. Drawn once per options, choice and
    language (:func:`_drawn`)."""
    slots = context.get(SLOTS)
    if slots is not None:  # a frame (laoke.web.list_frame): each request draws its choice
        return mark_safe(slots.add(select_options, True, pairs, selected, truncate, same=True))
    shown = tuple((v, str(label)) for v, label in pairs)
    return _drawn(
        ("select", shown, selected, truncate),
        context,
        lambda: _select_options(context, pairs, selected, truncate),
    )


def _select_options(context: Any, pairs: Any, selected: Any, truncate: int) -> str:
    out = []
    for v, label in pairs:
        shown_label = truncatechars(label, truncate) if truncate else label
        chosen = " selected" if selected == v else ""
        out.append(f'<option value="{_value(v, context)}"{chosen}>{_value(shown_label, context)}</option>')
    return "".join(out)


@register.simple_tag(takes_context=True)
def sort_options(context: Any, labels: Any, selected: Any) -> SafeString:
    """The list's sort drop-down: each key of ``labels`` ascending then descending (``-key``), as the
    loop it replaces in ``web/customer_list.html`` drew them, whitespace included; drawn once per
    labels, choice and language."""
    slots = context.get(SLOTS)
    if slots is not None:
        return mark_safe(slots.add(sort_options, True, labels, selected, same=True))
    shown = tuple((key, str(label)) for key, label in labels.items())
    return _drawn(("sort", shown, selected), context, lambda: _sort_options(context, labels, selected))


def _sort_options(context: Any, labels: Any, selected: Any) -> str:
    out = []
    for key, label in labels.items():
        text = _value(label, context)
        up = " selected" if selected == key else ""
        down = " selected" if selected == f"-{key}" else ""
        out.append(
            f'\n          <option value="{_value(key, context)}"{up}>{text} ↑</option>'
            f'\n          <option value="-{_value(key, context)}"{down}>{text} ↓</option>\n        '
        )
    return "".join(out)


#: The sort keys whose column is right-aligned in the list's header.
_RIGHT_ALIGNED = frozenset({"revenue", "score", "alerts"})


@register.simple_tag(takes_context=True)
def sort_headers(context: Any, labels: Any, selected: Any, query: QueryDict) -> SafeString:
    """The list's column headers (each key of ``labels`` but ``code``), each a link that sorts on
    its column (the other way when it is the current sort, ``selected``, marked ▲ or ▼): the HTML of
    the loop it replaces in ``web/customer_list.html``, whitespace included (ten links through the
    template engine cost a first visit about 1 ms); drawn once per labels, choice, query and
    language."""
    slots = context.get(SLOTS)
    if slots is not None:
        return mark_safe(slots.add(sort_headers, True, labels, selected, query))
    shown = tuple((key, str(label)) for key, label in labels.items())
    return _drawn(
        ("headers", shown, selected, query.urlencode()),
        context,
        lambda: _sort_headers(context, labels, selected, query),
    )


def _sort_headers(context: Any, labels: Any, selected: Any, query: QueryDict) -> str:
    out = []
    for key, label in labels.items():
        if key == "code":
            continue
        if selected == key:
            aria, mark, target = ' aria-sort="ascending"', " ▲", f"-{key}"
        elif selected == f"-{key}":
            aria, mark, target = ' aria-sort="descending"', " ▼", key
        else:
            aria, mark, target = "", "", key
        align = ' class="text-end"' if key in _RIGHT_ALIGNED else ""
        href = _value(query_with(query, sort=target), context)
        out.append(
            f'\n          <th scope="col"{align}{aria}>\n            <a class="link-body-emphasis'
            f' text-decoration-none" href="?{href}">{_value(label, context)}{mark}</a>\n'
            "          </th>\n          "
        )
    return "".join(out)


@register.simple_tag
def query_with(query: QueryDict, **changes: Any) -> str:
    """The current query string with some parameters replaced (or removed when None/'')."""
    slots = getattr(query, "slots", None)
    if isinstance(query, Marked) and slots is not None:  # a frame's query (laoke.web.list_frame)
        return str(slots.add(query_with, False, query, **changes))
    params = query.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    return params.urlencode()


@register.filter
def percent(value: Any) -> str:
    """A 0–1 probability as a whole percentage."""
    if value is None:
        return "—"
    return f"{float(value) * 100:.0f}%"


@register.filter
def chance_in_words(value: Any, days: Any) -> str:
    """A 0–1 chance of an order within ``days`` days as a sentence in the reader's language.

    E.g. "About 1 in 7 chance of an order in the next 90 days." / "未来90天内下单的可能性约七分之一。"
    (the core's ``forecast.chance.*`` message, worded by ``laoke.retention.alert_messages``).
    """
    if value is None:
        return "—"
    # Imported here, like reason_text's wording: it brings Polars with laoke.core.messages.
    from laoke.retention.alert_messages import chance_text

    return chance_text(float(value), int(days))


@register.filter
def unlikely_in_words(forecast: Any) -> str:
    """ "Unlikely to order in the next 365 days" when the forecast's chance of an order within its
    year is too low for its next-order date to head it (``laoke.core.forecast.wording``); else ""."""
    p = (getattr(forecast, "details", None) or {}).get("p_order_365d")
    if p is None:
        return ""
    from laoke.retention.alert_messages import unlikely_text
    from laoke.retention.services.scoring import FORECAST_HORIZON_DAYS

    return unlikely_text(float(p), FORECAST_HORIZON_DAYS)


#: Today's tasks that are there because of when the customer is expected to order (or has not):
#: their row states the customer's forecast chance, worded as on the customer page.
FORECAST_TASK_KINDS = frozenset(
    {"pre_season", "season_samples", "season_designs", "reactivation", "newly_at_risk"}
)
#: Alerts about ordering (laoke.core.forecast.alerts) whose tasks state the chance too.
FORECAST_ALERT_CODES = frozenset({"overdue", "long_silence", "volume_drop"})


@register.filter
def task_chance(task: Any) -> str:
    """The chance of an order in the next 90 days of a task's customer, in words, for the tasks
    driven by the forecast or an ordering alert; "" for the others or without a forecast."""
    kind = getattr(task, "kind", "")
    if kind not in FORECAST_TASK_KINDS and not (
        kind == "alert" and (getattr(task, "details", None) or {}).get("code") in FORECAST_ALERT_CODES
    ):
        return ""
    try:
        forecast = task.customer.forecast if task.customer_id else None
    except ObjectDoesNotExist:
        return ""
    if forecast is None or forecast.p_order_90d is None:
        return ""
    return chance_in_words(forecast.p_order_90d, 90)


@register.filter
def country(code: Any) -> str:
    """An ISO country code as the country's name in the reader's language (the code when unknown)."""
    from laoke.company.names import country_name

    return country_name(str(code or "").upper()) if code else ""


@register.filter
def wa_digits(number: Any) -> str:
    """A phone number as wa.me wants it: the digits of the international number (no +, no 00)."""
    digits = "".join(ch for ch in str(number or "") if ch.isdigit())
    return digits[2:] if str(number or "").strip().startswith("00") else digits


@register.filter
def language_label(code: Any) -> str:
    """A contact's language code (``de``, ``zh``) as the language's name in the reader's language."""
    value = str(code or "").strip().lower()
    if not value:
        return ""
    try:
        info = get_language_info("zh-hans" if value == "zh" else value)
    except KeyError:
        return value
    return str(info["name_translated"])


@register.simple_tag(takes_context=True)
def customer_act(context: Any) -> str:
    """The 360° page's "Log a touch" card (``web/customer/_act.html``), drawn in Python."""
    from laoke.web.customer_action_cards import act as draw

    return draw(context)


@register.simple_tag(takes_context=True)
def customer_contacts(context: Any) -> str:
    """The 360° page's "Contacts" card (``web/customer/_contacts.html``), drawn in Python."""
    from laoke.web.customer_action_cards import contacts as draw

    return draw(context)


@register.simple_tag(takes_context=True)
def customer_alerts(context: Any) -> str:
    """The 360° page's "Alerts" card (``web/customer/_alerts.html``), drawn in Python."""
    from laoke.web.customer_action_cards import alerts as draw

    return draw(context)


@register.simple_tag(takes_context=True)
def customer_complaints(context: Any) -> str:
    """The 360° page's "Complaints" card (``web/customer/_complaints.html``), drawn in Python."""
    from laoke.web.customer_action_cards import complaints as draw

    return draw(context)


@register.simple_tag(takes_context=True)
def customer_manual_facts(context: Any) -> str:
    """The 360° page's "Facts set by hand" card (``web/customer/_manual_facts.html``), drawn in Python."""
    from laoke.web.customer_data_cards import manual_facts as draw

    return draw(context)


@register.simple_tag(takes_context=True)
def customer_winback(context: Any) -> str:
    """The 360° page's win-back panel (``cadence/_customer_panel.html``), drawn in Python."""
    from laoke.web.customer_data_cards import winback as draw

    return draw(context)


@register.simple_tag(takes_context=True)
def customer_portrait(context: Any) -> str:
    """The 360° page's portrait card (``pipeline/_customer_portrait.html``), drawn in Python."""
    from laoke.web.customer_data_cards import portrait as draw

    return draw(context)
