"""The 360° page's blank "Log a touch" form, put together from parts kept per language.

``web/partials/touch_form.html`` drawn with a new :class:`~laoke.web.forms.InteractionQuickForm`
shows the same labels, kinds and fields on every page: only the customer (in the form's URLs), the
CSRF token, the clock (the "when" field) and the customer's contacts (the "with whom" options)
change. The template is drawn once per language and process with stand-ins for those four (an id,
a token, a moment and two contacts no book holds), cut where they stand, and each page puts its
own values in: the template stays the reference (an edited template is what the parts are cut
from), and a form with errors or a saved touch (``interaction_create``) is drawn by the template.
Building and drawing the form was about 2 ms of every first visit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.forms.utils import to_current_timezone
from django.template import Context
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.translation import get_language

from laoke.customers.models import Contact, Customer
from laoke.platform.python_html import csrf_field
from laoke.web.forms import InteractionQuickForm

TEMPLATE = "web/partials/touch_form.html"
#: Stand-ins no page shows: a customer id, two contacts, a token and a moment.
_CUSTOMER = 987654321
_CONTACTS = ((987654322, "touchContactStandIn1"), (987654323, "touchContactStandIn2"))
_TOKEN = "touchFormTokenStandIn"
_WHEN = dt.datetime(1901, 2, 3, 4, 5)
#: ``{% csrf_token %}`` with the stand-in token.
_TOKEN_FIELD = f'<input type="hidden" name="csrfmiddlewaretoken" value="{_TOKEN}">'


def _stand_ins(clock: str) -> tuple[tuple[str, int], ...]:
    """Each stand-in the blank form holds, and how often: the token once, the moment once, the id
    in the form's two URLs."""
    return ((_TOKEN_FIELD, 1), (_WHEN.strftime(clock), 1), (str(_CUSTOMER), 2))


class _Parts:
    """The form as drawn around the contacts' options, with the stand-ins to replace."""

    def __init__(self, without: str, head: str, option: str, between: str, tail: str, clock: str) -> None:
        self.without = without  # no contact: the whole form
        self.head, self.option, self.between, self.tail = head, option, between, tail
        self.clock = clock  # the "when" field's format


#: Per language: the parts, or None when the template's drawing could not be cut (drawn as it is).
_KEPT: dict[str, _Parts | None] = {}


def _draw(contacts: Sequence[Contact]) -> tuple[str, InteractionQuickForm]:
    customer = Customer(pk=_CUSTOMER)
    form = InteractionQuickForm(customer=customer, contacts=contacts, initial={"occurred_at": _WHEN})
    html = render_to_string(TEMPLATE, {"customer": customer, "form": form, "csrf_token": _TOKEN})
    return str(html), form


def _cut() -> _Parts | None:
    """The template drawn with no, one and two stand-in contacts, cut around their options; None
    when the drawings do not fit together as expected (a template that draws the options otherwise)."""
    stand_ins = [Contact(pk=pk, name=name) for pk, name in _CONTACTS]
    without, form = _draw([])
    one, _form = _draw(stand_ins[:1])
    two, _form = _draw(stand_ins)
    widget = form.fields["occurred_at"].widget
    clock = str(getattr(widget, "format", "") or "")
    first = f'<option value="{_CONTACTS[0][0]}">{_CONTACTS[0][1]}</option>'
    second = f'<option value="{_CONTACTS[1][0]}">{_CONTACTS[1][1]}</option>'
    if not clock or two.count(first) != 1 or two.count(second) != 1:
        return None
    head, _sep, rest = two.partition(first)
    between, _sep, tail = rest.partition(second)
    parts = _Parts(without, head, first, between, tail, clock)
    if head + first + tail != one or any(without.count(s) != n for s, n in _stand_ins(clock)):
        return None
    return parts


def _label(contact: Contact) -> str:
    """The option's text: the contact as the form's field names it, escaped."""
    return str(conditional_escape(str(contact)))


def touch_form_html(context: Context, customer: Customer, contacts: Sequence[Contact]) -> str | None:
    """``web/partials/touch_form.html`` with a blank form for ``customer`` offering ``contacts``
    (``customer.contacts.all()`` as read by the page), the CSRF token of ``context``; None when the
    template cannot be cut into parts (the caller draws it)."""
    language = get_language() or ""
    if language not in _KEPT:
        _KEPT[language] = _cut()
    parts = _KEPT[language]
    if parts is None:
        return None
    now = to_current_timezone(timezone.localtime().replace(second=0, microsecond=0))
    shown = {
        _TOKEN_FIELD: csrf_field(context),
        _WHEN.strftime(parts.clock): now.strftime(parts.clock),
        str(_CUSTOMER): str(customer.pk),
    }

    def fill(part: str) -> str:
        for stand_in, value in shown.items():
            part = part.replace(stand_in, value)
        return part

    if not contacts:
        return fill(parts.without)
    pk, name = _CONTACTS[0]
    options = [
        parts.option.replace(str(pk), str(c.pk)).replace(name, str(conditional_escape(str(c))))
        for c in contacts
    ]
    return fill(parts.head) + parts.between.join(options) + fill(parts.tail)
