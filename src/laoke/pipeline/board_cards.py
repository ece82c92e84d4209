"""The pipeline board's cards drawn in Python: ``pipeline/_board_cards.html``'s HTML, to the character.

The board draws up to 20 cards in each of its six columns, each card with a move form (a select of
five stages, the CSRF token, five translated words): through Django's template engine that was
most of the page's time on a large book. :func:`board_cards` writes the same HTML in Python (the
values through the template engine's own escaping, localisation and the filters the template
names), as :mod:`laoke.platform.form_renderer` does for widgets. The template stays the
reference: its source is checked when first used (an edited template gets the template engine
again), and ``tests/pipeline/test_board_cards.py`` compares both on cards of every shape in
English and Chinese.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.template import Context, engines
from django.template.defaultfilters import date as date_filter
from django.template.loader import get_template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from laoke.pipeline.services.board import BoardCard
from laoke.platform.memo import kept
from laoke.platform.python_html import csrf_field, templates_unchanged, url_around_id, value

TEMPLATE = "pipeline/_board_cards.html"
#: SHA-1 of the template source this module was written from.
TEMPLATE_SHA1 = "3492fc5274427f4da7bc3ef3b2fce75dfd058315"
_checked: dict[str, bool] = {}


def source_unchanged() -> bool:
    """Whether the cards' template is still the one this module draws (checked once per process)."""
    return templates_unchanged({TEMPLATE: TEMPLATE_SHA1}, _checked)


def _filter(name: str) -> Callable[..., Any]:
    """A filter of the ``laoke_web`` library the template loads (found by name: the screens'
    tag library is not imported by the apps below them)."""
    engine = engines["django"].engine  # type: ignore[attr-defined]
    return engine.template_libraries["laoke_web"].filters[name]


#: ``{{ value }}``: localised and escaped as the template engine does (a plain string: escaped).
_v = value


def _t(text: str) -> str:
    """``{% translate text %}`` (escaped, as the tag does)."""
    return str(conditional_escape(gettext(text)))


_csrf = csrf_field
_split = url_around_id


#: Tier lines drawn before in this process: (language, days in tier, next due day, overdue) → the
#: line. The same few hundred serve every board; at most :data:`TIER_LINES_KEPT`.
_TIER_LINES: dict[tuple[Any, ...], str] = {}
TIER_LINES_KEPT = 5000


def _tier(status: Any, context: Context) -> str:
    """A target's days in tier and next follow-up (drawn once per language, days, day and lateness)."""
    key = (get_language(), status.days_in_tier, status.next_due, status.overdue)
    return kept(_TIER_LINES, key, TIER_LINES_KEPT, lambda: _tier_line(status, context))


def _tier_line(status: Any, context: Context) -> str:
    days = status.days_in_tier
    words = ngettext("%(days)s day in tier", "%(days)s days in tier", days) % {"days": _v(days, context)}
    if status.next_due:
        day = _v(date_filter(status.next_due, "SHORT_DATE_FORMAT"), context)
        css = "text-danger" if status.overdue else ""
        after = f'<span class="{css}">{gettext("next: follow up by %(day)s") % {"day": day}}</span>'
    else:
        after = _t("no follow-up planned")
    return f'<div class="tier-status">{words} · {after}</div>'


def _clashes(views: Any, context: Context) -> str:
    names = []
    for c in views:
        if c.own:
            names.append(_t("also yours"))
        elif c.owner:
            names.append(_v(c.owner, context))
        else:
            names.append(_t("nobody owns it"))
    return f'<div class="text-warning-emphasis clash-flag">⚠ {_t("Possible clash")}: {", ".join(names)}</div>'


#: Cards drawn before in this process: what a card shows and the page's ways with it (language,
#: currency, column, links, words) → its HTML before its tier line, up to its CSRF field, and after
#: it. A card whose values changed is a new key, so nothing is invalidated; at most
#: :data:`CARDS_KEPT` (the memo starts again when full).
_DRAWN: dict[Any, tuple[str, str, str]] = {}
CARDS_KEPT = 5000


def _card(p: Any, context: Context, common: dict[str, Any]) -> str:
    # The tier line (tasks, today) and the CSRF token (each request) are drawn for every visit.
    tier = _tier(p.tier_status, context) if getattr(p, "tier_status", None) else ""
    if isinstance(p, BoardCard):
        key = (
            common["ways"],
            p.pk,
            p.name,
            p.source_channel,
            p.owner,
            p.lookalike_score,
            p.expected_value,
            p.status,
            p.removed_reason,
            tuple(p.clash_views),
        )
        parts = kept(_DRAWN, key, CARDS_KEPT, lambda: _card_parts(p, context, common))
    else:
        parts = _card_parts(p, context, common)
    before, middle, after = parts
    return f"{before}{tier}{middle}{common['csrf'] if after else ''}{after}"


def _card_parts(p: Any, context: Context, common: dict[str, Any]) -> tuple[str, str, str]:
    """The card's HTML before its tier line, from there to its CSRF field, and after that field
    (empty for a won prospect, which has no move form: its card ends in the middle part)."""
    v = _v
    pk = v(p.pk, context)
    head, tail = common["inquiry"]
    source = v(p.get_source_channel_display() or "—", context)
    owner = p.owner or "—"
    score = common["percent"](p.lookalike_score)
    amount = common["money"](p.expected_value, common["currency"])
    views = getattr(p, "clash_views", None)
    clash = _clashes(views, context) if views else ""
    removed = (
        f'<div class="text-body-secondary">{v(p.removed_reason, context)}</div>' if p.removed_reason else ""
    )
    before = (
        f'\n    <div class="card card-body p-2 mb-2 small prospect-card" data-prospect="{pk}">\n'
        f'      <a href="{conditional_escape(f"{head}{p.pk}{tail}")}" class="fw-semibold">'
        f"{v(p.name, context)}</a>\n"
        f'      <div class="text-body-secondary">{source} · {v(owner, context)}</div>\n'
        f"      <div>{common['similarity']} {v(score, context)} · {v(amount, context)}</div>\n"
        "      "
    )
    middle = f"\n      {clash}\n      {removed}\n      "
    end = "\n    </div>\n    "
    if p.status == "won":
        return before, middle + end, ""
    move_head, move_tail = common["move"]
    middle += (
        f'\n      <form method="post" action="{conditional_escape(f"{move_head}{p.pk}{move_tail}")}" '
        'class="mt-1">'
    )
    after = (
        "\n"
        f'        <label class="visually-hidden" for="to-{pk}">{common["move_to"]}</label>\n'
        f'        <select name="to" id="to-{pk}" class="form-select form-select-sm mb-1">'
        f"{common['options']}</select>\n"
        '        <div class="d-flex gap-1">\n'
        f'          <label class="visually-hidden" for="reason-{pk}">{common["reason"]}</label>\n'
        f'          <input name="reason" id="reason-{pk}" class="form-control form-control-sm" '
        f'placeholder="{common["reason"]}">\n'
        '          <button class="btn btn-sm btn-outline-primary" type="submit">'
        f"{common['move_word']}</button>\n"
        "        </div>\n"
        "      </form>\n      "
    )
    return before, middle, after + end


def board_cards(context: Context, col: Any, stages: Any, currency: Any) -> SafeString:
    """The cards of one board column (``col["items"]``) as ``pipeline/_board_cards.html`` draws them."""
    if not source_unchanged():
        template = get_template(TEMPLATE).template  # type: ignore[attr-defined]
        with context.push(col=col, stages=stages, currency=currency):
            return mark_safe(template.render(context))
    items = list(col["items"])
    if not items:
        return mark_safe(f'<p class="small text-body-secondary">{_t("None.")}</p>')
    options = "".join(
        f'<option value="{_v(key, context)}">{_v(label, context)}</option>'
        for key, label in stages
        if key != col["key"]
    )
    common = {
        "inquiry": _split("pipeline_inquiry"),
        "move": _split("pipeline_move"),
        "csrf": _csrf(context),
        "percent": _filter("percent"),
        "money": _filter("money"),
        "currency": currency,
        "options": options,
        "similarity": _t("Similarity"),
        "move_to": _t("Move to"),
        "reason": _t("Reason"),
        "move_word": _t("Move"),
    }
    # Everything a drawn card depends on besides its own values (the key of :data:`_DRAWN`).
    common["ways"] = (
        get_language(),
        currency,
        col["key"],
        common["inquiry"],
        common["move"],
        options,
        common["similarity"],
        common["move_to"],
        common["reason"],
        common["move_word"],
    )
    return mark_safe("".join(_card(p, context, common) for p in items))
