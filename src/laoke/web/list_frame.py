"""The customer list's page around its rows, drawn once per process for what it shows and kept.

Most requests to the list under load are a filter, sort or page no request asked before, so the
page is not kept per address: what is kept is the page around what an address changes. The menu,
the filter form, the saved views and the forms cost a first visit some 3 ms through the template
engine though they change only with the language, who reads it (name, role, menu, saved views),
the book (the drop-downs' choices, the owners) and a few switches of the address (whether a filter
is on, the alerts and owner chosen, whether there are rows, more than one page, a previous and a
next page, the count's plural form): :func:`frame_key`. The page is drawn by ``web/customer_list.html``
as before, with marked values (``laoke.web.frame_marks``) where each request differs: the CSRF
token, the script nonce, the request's address, the search text, the query string, the count and
page numbers, and the calls of the tags that draw the drop-downs' choice, the header, the page
links and the rows. It is kept under that key, and each visit puts its own text in place of the
marks: the same HTML as the template draws (``tests/web/test_list_frame.py``).

The page is drawn whole by the template, as before, when a message is waiting and under ``DEBUG``
(templates reloaded when edited).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.test.signals import template_rendered
from django.utils.html import conditional_escape, escape
from django.utils.translation import ngettext

from laoke.platform.memo import kept
from laoke.platform.python_html import value as _value
from laoke.web.frame_marks import MARK, SLOTS, Field, Marked, MarkedInt, Slots, mark, slot_number
from laoke.web.today_frame import reader_key

TEMPLATE = "web/customer_list.html"
#: Frames kept per process (one per reader, language, book version and switches of the address);
#: the memo starts again when full.
FRAMES_MAX = 1_000
#: Drop-downs drawn per frame for the choices asked (bounded: an address may hold any text).
SLOT_DRAWN_MAX = 200
#: A frame: the page cut at its marks (text, mark number, text, …) and the calls its slots make.
_Frame = tuple[tuple[str | int, ...], Slots]
_frames: dict[tuple[Any, ...], _Frame | tuple[()]] = {}

#: The numbers of the marked values (their text per request is :func:`_values`).
CSRF, NONCE, PATH, Q, QUERYSTRING, COUNT, NUMBER, PAGES = range(8)
#: The filter's values the template hands to tags (never printed as they are).
_FILTER_FIELDS = {"grade": 8, "treatment": 9, "state": 10, "country": 11, "kind": 12, "sort": 13}
PREVIOUS, NEXT, QUERY, PAGE = 14, 15, 16, 17
#: The count line's forms (``{% blocktranslate count %}`` in the template): the one a count takes
#: is part of the key.
_COUNT_FORMS = ("%(counter)s customer", "%(counter)s customers")


class _MarkedRequest:
    """What the template asks of ``request`` (its full path), as a mark."""

    @staticmethod
    def get_full_path() -> str:
        return mark(PATH)


class _MarkedFilter:
    """The filter as the frame shows it: the switches of its key as they are, the rest as marks."""

    def __init__(self, flt: Any) -> None:
        self.is_active = bool(flt.is_active)
        self.owner, self.alerts = flt.owner, flt.alerts
        self.q = Field(Q)
        for name, number in _FILTER_FIELDS.items():
            setattr(self, name, Field(number))


class _MarkedQuery(Marked):
    """The address's query (``query_with`` records its calls in the frame's slots)."""

    def __init__(self, slots: Slots) -> None:
        self.laoke_mark, self.slots = QUERY, slots


class _MarkedPaginator:
    def __init__(self, count: int, num_pages: int) -> None:
        self.count = MarkedInt(count, COUNT)
        self.num_pages = MarkedInt(num_pages, PAGES)


class _MarkedPage(Marked):
    """The page: whether it has others around it as it is, its numbers and rows as marks."""

    def __init__(self, page: Any) -> None:
        self.laoke_mark = PAGE
        self.number = MarkedInt(page.number, NUMBER)
        self.paginator = _MarkedPaginator(page.paginator.count, page.paginator.num_pages)
        self.has_previous, self.has_next = page.has_previous(), page.has_next()
        self.previous_page_number, self.next_page_number = Field(PREVIOUS), Field(NEXT)


def frame_key(request: HttpRequest, context: dict[str, Any]) -> tuple[Any, ...] | None:
    """Everything the page around a request's values shows (see the module's doc), or ``None`` when
    the page is drawn whole by the template."""
    if settings.DEBUG:
        return None
    if len(messages.get_messages(request)):  # drawn (and consumed) by the template
        return None
    page, flt = context["page"], context["flt"]
    count = page.paginator.count
    return (
        *reader_key(request),
        context["list_version"],
        str(context["currency"]),  # what the rows' call (kept in the frame) is given
        tuple((name, tuple(pairs)) for name, pairs in context["choices"].items()),
        tuple((p.pk, str(p), bool(p.has_left)) for p in context["owners"]),
        tuple((v.pk, v.name, v.querystring) for v in context["saved_views"]),
        bool(flt.is_active),
        flt.owner,
        flt.alerts,
        bool(count),
        ngettext(*_COUNT_FORMS, count),
        page.paginator.num_pages > 1,
        page.has_previous(),
        page.has_next(),
    )


def _frame(request: HttpRequest, context: dict[str, Any]) -> _Frame | tuple[()]:
    """The page drawn by the template with marked values, cut at its marks (empty: a value the
    frame needs was not printed as its mark, e.g. a number grouped by the locale)."""
    slots = Slots()
    page = context["page"]
    marked = {
        **context,
        "csrf_token": mark(CSRF),
        "csp_nonce": mark(NONCE),
        "request": _MarkedRequest(),
        "flt": _MarkedFilter(context["flt"]),
        "query": _MarkedQuery(slots),
        "querystring": Field(QUERYSTRING),
        "page": _MarkedPage(page),
        SLOTS: slots,
    }
    html = render_to_string(TEMPLATE, marked, request)
    if page.paginator.count and mark(COUNT) not in html:
        return ()
    if page.paginator.num_pages > 1 and (mark(NUMBER) not in html or mark(PAGES) not in html):
        return ()
    pieces: list[str | int] = []
    for n, piece in enumerate(MARK.split(html)):
        pieces.append(int(piece) if n % 2 else piece)
    return tuple(pieces), slots


def list_page(request: HttpRequest, context: dict[str, Any]) -> str | None:
    """The list's HTML from the kept page around a request's values (drawn and kept on a first
    visit), or ``None`` when the template draws the page whole (:func:`frame_key`)."""
    key = frame_key(request, context)
    if key is None:
        return None
    if template_rendered.has_listeners():
        # Django's test client reads the context a page was drawn from (``response.context``) from
        # this signal, which a template sends under test: the page's own, not the frame's marks.
        template = get_template(TEMPLATE).template  # type: ignore[attr-defined]
        template_rendered.send(sender=template, template=template, context=Context(context))
    frame = kept(_frames, key, FRAMES_MAX, lambda: _frame(request, context))
    if not frame:
        return None
    pieces, slots = frame
    token = get_token(request)  # as {% csrf_token %} asks for it: the cookie is sent too
    page, flt = context["page"], context["flt"]
    drawn = Context(context)
    real: dict[int, Any] = {
        Q: flt.q,
        QUERYSTRING: context["querystring"],
        COUNT: page.paginator.count,
        NUMBER: page.number,
        PAGES: page.paginator.num_pages,
        PREVIOUS: page.previous_page_number() if page.has_previous() else None,
        NEXT: page.next_page_number() if page.has_next() else None,
        QUERY: context["query"],
        PAGE: page,
    }
    for name, number in _FILTER_FIELDS.items():
        real[number] = getattr(flt, name)
    texts: dict[int, str] = {
        CSRF: str(escape(token)),
        NONCE: str(escape(getattr(request, "csp_nonce", ""))),
        PATH: str(escape(request.get_full_path())),
    }

    def resolved(value: Any) -> Any:
        return real[value.laoke_mark] if isinstance(value, Marked) else value

    def text(number: int) -> str:
        found = texts.get(number)
        if found is not None:
            return found
        slot = slot_number(number)
        if slot is None:
            return _value(real[number], drawn)
        func, takes_context, same, args, kwargs = slots.calls[slot]

        def draw() -> str:
            real_args = tuple(resolved(a) for a in args)
            real_kwargs = {k: resolved(v) for k, v in kwargs.items()}
            out = func(drawn, *real_args, **real_kwargs) if takes_context else func(*real_args, **real_kwargs)
            return str(conditional_escape(out))  # as a simple tag prints it (autoescaped)

        if not same:
            return draw()
        values = (slot, *(resolved(a) for a in (*args, *kwargs.values()) if isinstance(a, Marked)))
        return kept(slots.drawn, values, SLOT_DRAWN_MAX, draw)

    return "".join(text(piece) if isinstance(piece, int) else piece for piece in pieces)


def forget_frames() -> None:
    """Forget the kept frames (tests: another process)."""
    _frames.clear()
