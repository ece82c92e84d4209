"""Today's page around its rows, drawn once per process for what it shows and kept.

The page around the day's rows (the menu, the counts, the filter chips, the new-task, catch-up and
budget forms) cost more than the rows' data on each visit, though it changes only with what it
shows: the language, who reads it (name, role), the agenda's counts, the people and kinds offered,
the reply-time figure, the day, the budgets and the address's filters (:func:`frame_key`). It is
drawn by ``web/today.html`` as before, with marks where each request differs (the CSRF token, the
script nonce, the request's address, the rows), kept under that key, and each visit puts its own
values in place of the marks: the same HTML as the template draws (``tests/web/test_today_frame.py``).

The page is drawn whole by the template, as before, when a message is waiting, when a group is
drawn open in it (``?show=``), when the row templates were changed (``laoke.web.task_rows``) and
under ``DEBUG`` (templates reloaded when edited).
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template import Context
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from laoke.platform.memo import kept
from laoke.platform.nav import shown_menu
from laoke.web import task_rows

TEMPLATE = "web/today.html"
#: Pages kept per process (one per reader, language, filter and state of their agenda); started
#: again when full.
FRAMES_MAX = 256
_frames: dict[tuple[Any, ...], str] = {}

#: Marks of what differs per request: letters and digits (escaping leaves them as they are) with a
#: random part no stored text holds.
_SALT = secrets.token_hex(8)
CSRF_MARK = f"laokecsrf{_SALT}"
NONCE_MARK = f"laokenonce{_SALT}"
PATH_MARK = f"laokepath{_SALT}"
ROWS_MARK = f"laokerows{_SALT}"
_MARKS = re.compile("|".join((CSRF_MARK, NONCE_MARK, PATH_MARK, ROWS_MARK)))


class _MarkedRequest:
    """What the template asks of ``request`` (its full path), as a mark."""

    @staticmethod
    def get_full_path() -> str:
        return PATH_MARK


def reader_key(request: HttpRequest) -> tuple[Any, ...]:
    """What a kept page shows of its reader: the language, the script prefix, who reads it (id,
    name, role, whether a manager) and the menu it is offered."""
    user: Any = request.user
    return (
        get_language(),
        get_script_prefix(),
        user.pk,
        str(user),
        str(user.get_role_display()),
        bool(user.is_manager),
        shown_menu(request),
    )


def frame_key(request: HttpRequest, context: dict[str, Any]) -> tuple[Any, ...] | None:
    """Everything the page around the rows shows (see the module's doc), or ``None`` when the page
    is drawn whole by the template."""
    if settings.DEBUG or context.get("shown") or context.get("group") or not task_rows.sources_unchanged():
        return None
    if len(messages.get_messages(request)):  # drawn (and consumed) by the template
        return None
    listing = context["listing"]
    response = context.get("response")
    return (
        *reader_key(request),
        context["today"],
        listing.total,
        len(listing.today),
        listing.later_count,
        listing.catch_up_count,
        listing.urgent,
        listing.budget,
        tuple((code, str(label), n) for code, label, n in context["kind_counts"]),
        context["kind"],
        context["chosen"],
        tuple((person.pk, str(person), bool(person.has_left)) for person in context["people"]),
        None if response is None else (response.median_hours, response.within_goal),
        context["budget_form"].initial.get("daily_budget"),
        context["later_url"],
        context["catch_up_url"],
        bool(context.get("book_empty")),
    )


def _marked_page(request: HttpRequest, context: dict[str, Any]) -> str:
    """The page as the template draws it, with a mark for each value a request gives its own."""
    marked = {
        **context,
        "csrf_token": CSRF_MARK,
        "csp_nonce": NONCE_MARK,
        "request": _MarkedRequest(),
        "task_rows_mark": mark_safe(ROWS_MARK),
    }
    return render_to_string(TEMPLATE, marked, request)


def today_page(request: HttpRequest, context: dict[str, Any]) -> str | None:
    """Today's HTML from the kept page around the rows (drawn and kept on a first visit), or
    ``None`` when the template draws the page whole (:func:`frame_key`)."""
    key = frame_key(request, context)
    if key is None:
        return None
    frame = kept(_frames, key, FRAMES_MAX, lambda: _marked_page(request, context))
    token = get_token(request)  # as {% csrf_token %} asks for it: the cookie is sent too
    rows = task_rows.task_rows(
        Context(
            {
                "user": request.user,
                "csrf_token": token,
                "draft_kinds": context["draft_kinds"],
                "snooze_choices": context["snooze_choices"],
            }
        ),
        context["listing"].today,
    )
    values = {
        CSRF_MARK: str(escape(token)),
        NONCE_MARK: str(escape(getattr(request, "csp_nonce", ""))),
        PATH_MARK: str(escape(request.get_full_path())),
        ROWS_MARK: str(rows),
    }
    return _MARKS.sub(lambda found: values[found.group(0)], frame)
