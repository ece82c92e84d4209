"""The 360° page around its content, drawn once per process for each reader and kept.

``web/customer_detail.html`` extends ``web/base.html``, which draws the head, the menu
(``web/_nav.html``), the language form (``web/_language.html``) and the footer: some 1 ms of a
first visit through the template engine, though all of it depends only on who reads the page
(``today_frame.reader_key``: language, script prefix, user, role, menu) but for a few values of the
request: the CSRF token (the logout and language forms, ``hx-headers``), the script nonce, the
request's address (the language form's ``next``) and the title (the customer's name). That frame
is drawn by the template engine from the page's own template, with marked values
(``laoke.web.frame_marks``) for those and one mark for the whole ``{% block content %}``, kept
under the reader's key, and each request puts its own text in place of the marks. The content
block is drawn on every request with the page's context (the context processors included): in
Python (``laoke.web.customer_content``) or, when that declines, by the template engine from
``customer_detail.html``'s own block: the same HTML as the template draws whole
(``tests/web/test_customer_frame.py``).

The page is drawn whole by the template, as before, when a message is waiting (drawn and consumed
by ``base.html``), for a refused form, under ``DEBUG`` (templates reloaded when edited) and when
``customer_detail.html`` has, outside its content, more than the frame knows how to mark: blocks
other than ``title`` (the customer's name alone), ``content`` and ``scripts`` (static files alone).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template import Context, Template
from django.template.base import FilterExpression, TextNode, Variable, VariableNode
from django.template.context import make_context
from django.template.defaulttags import LoadNode
from django.template.loader import get_template
from django.template.loader_tags import BlockNode, ExtendsNode
from django.templatetags.static import StaticNode
from django.test.signals import template_rendered
from django.urls import get_urlconf
from django.utils.html import escape
from django.utils.translation import get_language

from laoke.platform.memo import kept
from laoke.platform.python_html import LANGUAGE
from laoke.platform.python_html import value as _value
from laoke.web import customer_content
from laoke.web.frame_marks import MARK, Field, mark
from laoke.web.today_frame import reader_key

TEMPLATE = "web/customer_detail.html"
#: The template it extends (drawn by the engine in the frame with the reader's values alone).
BASE = "web/base.html"
#: Frames kept per process (one per reader: language, script prefix, user, menu); the memo starts
#: again when full.
FRAMES_MAX = 256
#: The numbers of the marked values (their text per request: :func:`customer_html`).
CSRF, NONCE, PATH, TITLE, CONTENT = range(5)
#: The frame's marks each request fills, and those the frame must hold exactly once.
_NUMBERS = frozenset((CSRF, NONCE, PATH, TITLE, CONTENT))
_ONCE = (TITLE, CONTENT)
#: What ``customer_detail.html`` may hold outside its content for the frame to be drawn.
_BLOCKS = frozenset(("title", "content", "scripts"))
#: The context name of the template the frame's own template extends (the page's, as checked).
_PARENT = "laoke_frame_parent"
#: The frame's template: the page's template with its content as one mark.
_FRAME_SOURCE = "{% extends " + _PARENT + " %}{% block content %}" + mark(CONTENT) + "{% endblock %}"

#: A frame: the page around the content cut at its marks (text, mark number, text, …); empty when
#: the drawn frame did not hold its marks as expected (the page is then drawn whole).
_Frame = tuple[str | int, ...]
_frames: dict[tuple[Any, ...], _Frame] = {}
#: Per compiled page template: its content block and the frame's template, or ``None`` when the
#: template holds outside its content what the frame cannot mark (:func:`_known`).
_Parts = tuple[BlockNode, Template] | None
_parts: dict[Template, tuple[_Parts]] = {}


class _MarkedRequest:
    """What the frame asks of ``request`` (its full path, in the language form), as a mark."""

    @staticmethod
    def get_full_path() -> str:
        return mark(PATH)


class _MarkedCustomer:
    """The customer as the frame shows it: its name (the title), as a mark."""

    name = Field(TITLE)


def _only_static(nodes: Any) -> bool:
    """Whether ``nodes`` are text and ``{% static 'literal' %}`` alone (the same on every page)."""
    for node in nodes:
        if isinstance(node, StaticNode):
            path = node.path
            if node.varname is not None or isinstance(path.var, Variable) or path.filters:
                return False
        elif not isinstance(node, TextNode):
            return False
    return True


def _known(template: Template) -> _Parts:
    """The content block of the page's compiled template and the frame's template, or ``None`` when
    the template holds outside its content what the frame does not mark: it then draws whole."""
    top = template.nodelist
    if len(top) != 1 or not isinstance(top[0], ExtendsNode):
        return None
    extends = top[0]
    parent: Any = extends.parent_name
    if not isinstance(parent, FilterExpression) or parent.var != BASE or parent.filters:
        return None
    if set(extends.blocks) != _BLOCKS:  # a block nested in the content could fill one of base.html's
        return None
    if any(not isinstance(node, (TextNode, LoadNode, BlockNode)) for node in extends.nodelist):
        return None
    title = list(extends.blocks["title"].nodelist)
    if len(title) != 1 or not isinstance(title[0], VariableNode):
        return None
    name = title[0].filter_expression
    if name.filters or not isinstance(name.var, Variable) or name.var.var != "customer.name":
        return None
    if not _only_static(extends.blocks["scripts"].nodelist):
        return None
    return extends.blocks["content"], Template(_FRAME_SOURCE, engine=template.engine)


def frame_key(
    request: HttpRequest, context: dict[str, Any], *, whole: bool = False
) -> tuple[Any, ...] | None:
    """Everything the frame shows (the reader, the menu entry marked active, the URLconf its links
    come from), or ``None`` when the page is drawn whole by the template (``whole``: a refused
    form)."""
    if whole or settings.DEBUG:
        return None
    if len(messages.get_messages(request)):  # drawn (and consumed) by the template
        return None
    user: Any = request.user
    return (
        *reader_key(request),
        bool(user.is_authenticated),
        context.get("nav"),
        get_urlconf() or settings.ROOT_URLCONF,
    )


def _frame(request: HttpRequest, context: dict[str, Any], template: Template, frame: Template) -> _Frame:
    """The page around the content drawn by the template with marked values, cut at its marks
    (empty: a mark missing, repeated where it must be once, or unknown)."""
    marked = {
        "nav": context.get("nav"),
        "customer": _MarkedCustomer(),
        "csrf_token": mark(CSRF),
        "csp_nonce": mark(NONCE),
        "request": _MarkedRequest(),
        _PARENT: template,
    }
    html = frame.render(make_context(marked, request, autoescape=template.engine.autoescape))
    pieces: list[str | int] = []
    for n, piece in enumerate(MARK.split(html)):
        pieces.append(int(piece) if n % 2 else piece)
    numbers = pieces[1::2]
    if not set(numbers) <= _NUMBERS or any(numbers.count(number) != 1 for number in _ONCE):
        return ()
    return tuple(pieces)


def _content(
    request: HttpRequest, context: dict[str, Any], template: Template, block: BlockNode, token: str
) -> tuple[str, Context]:
    """The content block drawn by the template engine as the whole page draws it: the page's
    context with the context processors', bound to the page's template; the request's CSRF token
    is the frame's (one token in the page, as when drawn whole)."""
    values = {**context, "csrf_token": token, LANGUAGE: get_language() or ""}  # the language read once
    drawn = make_context(values, request, autoescape=template.engine.autoescape)
    with drawn.render_context.push_state(template), drawn.bind_template(template):
        drawn.template_name = template.name
        if template_rendered.has_listeners():
            # Django's test client reads the context a page was drawn from (``response.context``)
            # from this signal, which the page's template sends under test.
            template_rendered.send(sender=template, template=template, context=drawn)
        fast = customer_content.content(drawn)
        return (str(block.render(drawn)) if fast is None else fast), drawn


def customer_html(request: HttpRequest, context: dict[str, Any], *, whole: bool = False) -> str | None:
    """The 360° page's HTML from the kept frame around its content (drawn and kept on a reader's
    first visit) and the content drawn now, or ``None`` when the template draws the page whole
    (:func:`frame_key`, :func:`_known`)."""
    key = frame_key(request, context, whole=whole)
    if key is None:
        return None
    template: Template = get_template(TEMPLATE).template  # type: ignore[attr-defined]
    parts = kept(_parts, template, 8, lambda: (_known(template),))[0]
    if parts is None:
        return None
    block, frame_template = parts
    frame = kept(_frames, key, FRAMES_MAX, lambda: _frame(request, context, template, frame_template))
    if not frame:
        return None
    token = get_token(request)  # as {% csrf_token %} asks for it: the cookie is sent too
    content, drawn = _content(request, context, template, block, token)
    texts = {
        CSRF: str(escape(token)),
        NONCE: str(escape(getattr(request, "csp_nonce", ""))),
        PATH: str(escape(request.get_full_path())),
        TITLE: _value(context["customer"].name, drawn),
        CONTENT: content,
    }
    return "".join(texts[piece] if isinstance(piece, int) else piece for piece in frame)


def forget_frames() -> None:
    """Forget the kept frames and the checked template (tests: another process)."""
    _frames.clear()
    _parts.clear()
