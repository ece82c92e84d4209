"""Today's task rows drawn in Python: the HTML of the row templates, to the character.

Today draws up to 45 rows of ``web/partials/task_row.html`` (the day's budget, the best of "later"), each with
three forms, a dozen translated words, six links and an include, and 50 catch-up rows
(``web/partials/catch_up_rows.html``): through Django's template engine that was half of the
page's time on a large book. :func:`task_rows` and :func:`catch_up_rows` write the same HTML in Python
(the values through the template engine's own escaping, localisation and filters), as
:mod:`laoke.platform.form_renderer` does for widgets. The templates stay the reference: the
sources this code was written from are checked when first used (an edited template, or an app
that overrides one, gets the template engine again), and ``tests/web/test_task_rows.py`` compares
both on tasks of every shape in English and Chinese.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.template import Context
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaksbr
from django.template.loader import get_template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext, pgettext

from laoke.platform.memo import kept
from laoke.platform.python_html import csrf_field, templates_unchanged, url_around_id
from laoke.platform.python_html import value as _value
from laoke.retention.models import TaskWording
from laoke.web.templatetags.laoke_web import task_chance

#: The templates this module draws, and the SHA-1 of the sources it was written from.
TEMPLATES = {
    "web/partials/task_row.html": "7fd8c28b719c959a4f6956e195c95c3ff9218e35",
    "cadence/_task_links.html": "a3d4881059113da8e708ac2500a21da55eb99f80",
    "web/partials/catch_up_rows.html": "7de5b29d95db000ce8522ec833928cc741a0b90b",
}
_checked: dict[str, bool] = {}


def sources_unchanged() -> bool:
    """Whether the row templates are still those this module draws (checked once per process)."""
    return templates_unchanged(TEMPLATES, _checked)


def _urls() -> dict[str, tuple[str, str]]:
    names = (
        "task_done",
        "task_snooze",
        "task_note",
        "customer_detail",
        "cadence_draft",
        "cadence_visit",
        "cadence_plan",
    )
    return {name: url_around_id(name) for name in names}


def _url(urls: dict[str, tuple[str, str]], name: str, value: Any, context: Context) -> str:
    head, tail = urls[name]
    return str(conditional_escape(f"{head}{value}{tail}"))


_v = _value


#: Words, days and counts already drawn in this call (the language does not change within one).
_memo: ContextVar[dict[Any, str] | None] = ContextVar("task_rows_memo", default=None)


def _remembered(key: Any, make: Callable[[], str]) -> str:
    memo = _memo.get()
    if memo is None:
        return make()
    if key not in memo:
        memo[key] = make()
    return memo[key]


#: Days and day counts drawn in this process, per language and the context's escaping and
#: localising: the same handful come back on every page (a catalogue does not change while the
#: process runs). Started again when full.
_lasting: dict[Any, str] = {}
LASTING_MAX = 4096


def _kept(key: Any, make: Callable[[], str]) -> str:
    """``make()``, remembered for the process under ``key`` (which holds all it depends on)."""
    return kept(_lasting, key, LASTING_MAX, make)


def _drawing(context: Context) -> tuple[Any, ...]:
    """What a drawn value depends on besides itself: the language, the escaping, the localising."""
    return (get_language(), context.autoescape, context.use_l10n, context.use_tz)


def _t(text: str) -> str:
    """``{% translate text %}`` (escaped, as the tag does)."""
    return _remembered(("t", text), lambda: str(conditional_escape(gettext(text))))


def _day(value: Any, context: Context) -> str:
    """``{{ value|date:"SHORT_DATE_FORMAT" }}``."""
    key = ("d", type(value), value, _drawing(context))
    return _kept(key, lambda: _v(date_filter(value, "SHORT_DATE_FORMAT"), context))


def _late(days: int, context: Context) -> str:
    def make() -> str:
        text = ngettext("%(counter)s day late", "%(counter)s days late", days)
        return text % {"counter": _v(days, context)}

    return _kept(("late", days, _drawing(context)), make)


def _grade(task: Any) -> Any:
    """``task.customer.score.grade`` as the template resolves it (a missing scorecard: "")."""
    customer = task.customer
    if not customer:
        return ""
    try:
        score = customer.score
    except ObjectDoesNotExist:  # no scorecard: the template's lookup is silently empty
        return ""
    return getattr(score, "grade", "") if score else ""


def _links(task: Any, context: Context, draft_kinds: Any, urls: dict[str, tuple[str, str]]) -> str:
    """``cadence/_task_links.html``."""
    if task.status == "done":
        return "\n"
    d = task.details
    out = ['\n<div class="small mt-1 d-flex flex-wrap gap-2 task-links">\n  ']
    if task.customer and task.kind in draft_kinds:
        href = _url(urls, "cadence_draft", task.pk, context)
        out.append(f'<a class="link-primary task-draft" href="{href}">✉ {_t("Draft mail")}</a>')
    out.append("\n  ")
    visit = _lookup(d, "visit_id")
    if visit:
        out.append(f'<a href="{_url(urls, "cadence_visit", visit, context)}">{_t("Open the trip")}</a>')
    out.append("\n  ")
    plan = _lookup(d, "plan_id")
    if plan:
        out.append(
            f'<a href="{_url(urls, "cadence_plan", plan, context)}">{_t("Open the win-back plan")}</a>'
        )
    out.append("\n</div>\n\n")
    return "".join(out)


def _lookup(details: Any, key: str) -> Any:
    """``d.key`` on a task's details as the template resolves it."""
    if isinstance(details, dict):
        return details.get(key, "")
    return getattr(details, key, "") if details is not None else ""


def _row(entry: Any, context: Context, common: dict[str, Any]) -> str:
    task = entry.task
    v = _v
    urls = common["urls"]
    pk = v(task.pk, context)
    title = v(task.title, context)  # worded from its stored messages: once for the row's two uses
    closed = " task-closed" if task.status != "open" else ""
    out = [
        "\n",
        f'<li class="list-group-item task-row{closed}" id="task-{pk}">\n',
        '  <div class="d-flex flex-wrap gap-2 justify-content-between">\n',
        '    <div class="task-main">\n',
        f'      <div class="fw-semibold task-title">{title}</div>\n      ',
    ]
    if entry.urgent_kind:
        out.append(
            '<div class="small task-urgent"><span class="badge text-bg-danger">'
            f"{v(entry.urgent_label, context)}</span> "
            f'<span class="text-danger-emphasis">{_t("deadline")} {_day(entry.due, context)}</span></div>'
        )
    out.append("\n      ")
    why = task.why
    if why:
        out.append(f'<div class="small text-body-secondary task-why">{v(why, context)}</div>')
    out.append("\n      ")
    chance = task_chance(task)
    if chance:
        out.append(f'<div class="small task-chance" data-task="chance">{v(chance, context)}</div>')
    out.append('\n      <div class="small mt-1">\n        ')
    customer = task.customer
    if customer:
        href = _url(urls, "customer_detail", customer.pk, context)
        out.append(f'<a href="{href}">{v(customer.name, context)}</a>')
    out.append("\n        ")
    grade = _grade(task)
    if grade:
        out.append(f'<span class="badge text-bg-light border">{_t("Grade")} {v(grade, context)}</span>')
    out.append(f"\n        · <span>{_t('due')} {_day(task.due_on, context)}</span>\n        ")
    if entry.days_late > 0:
        out.append(
            f' · <span class="text-danger-emphasis task-late">{_late(entry.days_late, context)}</span>'
        )
    out.append("\n        ")
    if task.status == "snoozed" and task.snoozed_until:
        out.append(
            f' · <span class="text-warning-emphasis">{_t("snoozed until")} '
            f"{_day(task.snoozed_until, context)}</span>"
        )
    out.append("\n        ")
    if common["manager"] and task.assignee:
        out.append(f" · <span>{v(task.assignee, context)}</span>")
    out.append("\n      </div>\n      ")
    out.append(_links(task, context, common["draft_kinds"], urls))
    out.append("\n      ")
    if task.note:
        note = linebreaksbr(task.note, autoescape=True)
        out.append(
            f'<div class="small task-note mt-1"><span class="visually-hidden">{_t("Note")}: </span>'
            f"{note}</div>"
        )
    out.append("\n      ")
    error = common["error"]
    if error:
        out.append(f'<div class="small text-danger" role="alert">{v(error, context)}</div>')
    out.append(
        '\n    </div>\n    <div class="task-actions d-flex flex-wrap gap-1 align-items-start">\n      '
    )
    complaint = task.kind == "complaint"
    if task.status == "done":
        out.append(
            f'\n        <span class="badge text-bg-success" role="status">{common["done"]}</span>\n      '
        )
    else:
        done_url = _url(urls, "task_done", task.pk, context)
        summary = _t("Resolve") if complaint else common["done"]
        label = _t("Resolve this complaint") if complaint else _t("Mark the task done")
        ask = _t("How was it resolved?") if complaint else _t("Outcome (optional)")
        button = _t("Mark resolved") if complaint else _t("Mark done")
        out.append(
            f'\n        <details class="task-done-form"{" open" if error else ""}>\n'
            f'          <summary class="btn btn-sm btn-success">{summary}'
            f'<span class="visually-hidden">: {title}</span></summary>\n'
            f'          <form class="mt-2" method="post" action="{done_url}" hx-post="{done_url}" '
            f'hx-target="#task-{pk}" hx-swap="outerHTML" aria-label="{label}">{common["csrf"]}\n'
            f'            <label class="form-label small mb-0" for="outcome-{pk}">{ask}</label>\n'
            f'            <input class="form-control form-control-sm" id="outcome-{pk}" name="outcome" '
            f'maxlength="2000"{" required" if complaint else ""}>\n'
            f'            <button type="submit" class="btn btn-sm btn-success mt-1">{button}</button>\n'
            "          </form>\n"
            "        </details>\n        "
        )
        snooze_url = _url(urls, "task_snooze", task.pk, context)
        for days in common["snooze_choices"]:
            word = _t("Tomorrow") if days == 1 else _t("Next week")
            out.append(
                f'\n        <button class="btn btn-sm btn-outline-secondary" hx-post="{snooze_url}" '
                f'hx-vals=\'{{"days": "{v(days, context)}"}}\' hx-target="#task-{pk}" '
                f'hx-swap="outerHTML">{word}</button>\n        '
            )
        out.append("\n      ")
    note_url = _url(urls, "task_note", task.pk, context)
    out.append(
        '\n      <details class="task-note-form">\n'
        f'        <summary class="btn btn-sm btn-outline-secondary">{_t("Note")}</summary>\n'
        f'        <form class="mt-2" method="post" action="{note_url}" hx-post="{note_url}" '
        f'hx-target="#task-{pk}" hx-swap="outerHTML">{common["csrf"]}\n'
        f'          <label class="form-label small" for="note-{pk}">{_t("Add a note")}</label>\n'
        f'          <textarea class="form-control form-control-sm" id="note-{pk}" name="note" rows="2" '
        "required></textarea>\n"
        f'          <button type="submit" class="btn btn-sm btn-primary mt-1">{_t("Save note")}</button>\n'
        "        </form>\n"
        "      </details>\n"
        "    </div>\n"
        "  </div>\n"
        "</li>\n"
    )
    return "".join(out)


_csrf = csrf_field

#: Rows already drawn in this process, by everything a row's HTML is made of (:func:`_row_inputs`):
#: the same day's rows come back on every visit. The CSRF field differs per request, so a row is
#: kept with :data:`_CSRF_MARK` in its place. Started again when full.
_drawn: dict[tuple[Any, ...], str] = {}
DRAWN_MAX = 2048
#: Stands for the CSRF field in a kept row; no task's text can hold it (a NUL and a random word).
_CSRF_MARK = f"\x00csrf-{secrets.token_hex(8)}\x00"


def _row_inputs(entry: Any, context: Context, common: dict[str, Any]) -> tuple[Any, ...] | None:
    """Everything :func:`_row` reads (the task's shown values, the entry's place, the page's
    settings, the language and how values are drawn), or ``None`` when a value cannot be a key."""
    task = entry.task
    customer = task.customer
    details = task.details
    assignee = task.assignee if common["manager"] else None
    try:
        key = (
            _drawing(context),
            common["urls_key"],
            common["manager"],
            common["error"],
            common["draft_kinds"],
            common["snooze_choices"],
            common["done"],
            task.pk,
            task.kind,
            *_wording_inputs(task),
            task_chance(task),
            task.status,
            task.due_on,
            task.snoozed_until,
            task.note,
            _lookup(details, "visit_id"),
            _lookup(details, "plan_id"),
            None if not customer else (customer.pk, customer.name, _grade(task)),
            None if not assignee else str(assignee),
            entry.urgent_kind,
            entry.urgent_label if entry.urgent_kind else "",
            entry.due if entry.urgent_kind else None,
            entry.days_late,
        )
        hash(key)
    except TypeError:  # a value that is not hashable (a detail read as a list): drawn every time
        return None
    return key


def _wording_inputs(task: Any) -> tuple[Any, ...]:
    """What the task's title and why are worded from in the reader's language (in the key with
    the language): its stored messages and texts, cheaper to compare than to word; the worded
    texts for a task that is not worded by :class:`~laoke.retention.models.TaskWording`."""
    if isinstance(task, TaskWording):
        texts: Any = task
        return (
            repr(texts.title_msg),
            texts.title_en,
            texts.title_zh,
            repr(texts.why_msg),
            texts.why_en,
            texts.why_zh,
        )
    return (task.title, task.why)


def _kept_row(entry: Any, context: Context, common: dict[str, Any]) -> str:
    """:func:`_row` with :data:`_CSRF_MARK` for the CSRF field, remembered by :func:`_row_inputs`."""
    marked = {**common, "csrf": _CSRF_MARK}
    key = _row_inputs(entry, context, marked)
    if key is None:
        return _row(entry, context, marked)
    return kept(_drawn, key, DRAWN_MAX, lambda: _row(entry, context, marked))


def task_rows(context: Context, entries: Iterable[Any]) -> SafeString:
    """The rows of ``entries`` (:class:`laoke.cadence.services.today.Entry`) as ``context`` draws
    them with ``{% include "web/partials/task_row.html" with task=entry.task entry=entry %}``
    for each entry."""
    entries = list(entries)
    if not sources_unchanged():
        template = get_template("web/partials/task_row.html").template  # type: ignore[attr-defined]
        parts = []
        for entry in entries:
            with context.push(task=entry.task, entry=entry):
                parts.append(template.render(context))
        return mark_safe("".join(parts))
    user = context.get("user")
    urls = _urls()
    common: dict[str, Any] = {
        "urls": urls,
        "urls_key": tuple(urls.items()),
        "csrf": _csrf(context),
        "manager": bool(getattr(user, "is_manager", False)),
        "draft_kinds": context.get("draft_kinds") or (),
        "snooze_choices": context.get("snooze_choices") or (),
        "error": context.get("error") or "",
        "done": str(conditional_escape(pgettext("task", "Done"))),
    }
    token = _memo.set({})
    try:
        drawn = "".join(_kept_row(entry, context, common) for entry in entries)
    finally:
        _memo.reset(token)
    return mark_safe(drawn.replace(_CSRF_MARK, str(common["csrf"])))


def _catch_up_row(entry: Any, context: Context) -> str:
    task = entry.task
    pk = _v(task.pk, context)
    customer = task.customer
    name = f"· {_v(customer.name, context)}" if customer else ""
    late = _late(entry.days_late, context)
    return (
        '\n        <li class="list-group-item catch-up-row">\n'
        '          <div class="form-check">\n'
        '            <input class="form-check-input catch-up-task" type="checkbox" name="task" '
        f'value="{pk}" id="catch-up-{pk}">\n'
        f'            <label class="form-check-label" for="catch-up-{pk}">\n'
        f'              <span class="fw-semibold">{_v(task.title, context)}</span>\n'
        f'              <span class="small text-body-secondary">{name} · {late}</span>\n'
        "            </label>\n"
        "          </div>\n"
        "        </li>\n        "
    )


def catch_up_rows(context: Context, entries: Iterable[Any]) -> SafeString:
    """The catch-up rows of ``entries`` as ``web/partials/catch_up_rows.html`` draws them."""
    entries = list(entries)
    if not sources_unchanged():
        template = get_template("web/partials/catch_up_rows.html").template  # type: ignore[attr-defined]
        with context.push(entries=entries):
            return mark_safe(template.render(context))
    token = _memo.set({})
    try:
        return mark_safe("".join(_catch_up_row(entry, context) for entry in entries))
    finally:
        _memo.reset(token)
