"""Marks a page drawn once as a frame holds where each request puts its own values.

A page drawn by its template with *marked* values (:class:`Field`, :class:`MarkedInt`, objects
that are :class:`Marked`) instead of a request's: each value the template prints is a mark, each
tag that draws a request's piece (a drop-down, the rows) records the call it would make in the
frame's :class:`Slots` and prints a mark instead. A request then puts its own text in place of
each mark (``laoke.web.list_frame``). The marks are letters and digits (escaping and URL encoding
leave them as they are) with a random part no stored text holds, and a fixed-width number.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any

_SALT = secrets.token_hex(8)
#: Any mark, its number as the group.
MARK = re.compile(f"laokemark{_SALT}([0-9]{{4}})")
#: The context key of a frame's :class:`Slots` (tags that find it record their call).
SLOTS = "laoke_frame_slots"
#: Numbers from which the slots' marks start (the named values' are below).
_FIRST_SLOT = 1000


def mark(number: int) -> str:
    """The mark of value (or slot) ``number``."""
    return f"laokemark{_SALT}{number:04d}"


class Marked:
    """A value of the request, known in the frame by the number of its mark (``laoke_mark``)."""

    laoke_mark: int


class Field(str, Marked):
    """A text value of the request: printed, it is its mark."""

    def __new__(cls, number: int) -> Field:
        self = super().__new__(cls, mark(number))
        self.laoke_mark = number
        return self


class MarkedInt(int, Marked):
    """A number of the request: compared and counted as itself, printed as its mark."""

    def __new__(cls, value: int, number: int) -> MarkedInt:
        self = super().__new__(cls, value)
        self.laoke_mark = number
        return self

    def __str__(self) -> str:
        return mark(self.laoke_mark)


class Slots:
    """The calls a frame's tags would have made, each printed as a mark: a request makes them again
    with its own values (:meth:`Marked` arguments replaced) and puts what they draw in place."""

    def __init__(self) -> None:
        self.calls: list[tuple[Callable[..., Any], bool, bool, tuple[Any, ...], dict[str, Any]]] = []
        #: What the calls marked ``same`` drew, per slot and the request's values they were given.
        self.drawn: dict[tuple[Any, ...], str] = {}

    def add(
        self, func: Callable[..., Any], takes_context: bool, *args: Any, same: bool = False, **kwargs: Any
    ) -> str:
        """Record ``func(*args, **kwargs)`` (the request's context first when ``takes_context``);
        ``same``: it draws the same for the same :class:`Marked` values in the same frame (what it
        reads besides them is part of the frame's key), so what it drew may be kept in the frame."""
        self.calls.append((func, takes_context, same, args, kwargs))
        return mark(_FIRST_SLOT + len(self.calls) - 1)


def slot_number(number: int) -> int | None:
    """The index among a frame's recorded calls of mark ``number`` (None: a named value)."""
    return number - _FIRST_SLOT if number >= _FIRST_SLOT else None
