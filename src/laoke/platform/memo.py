"""Bounded per-process memos: what a page draws again and again, kept under all it depends on.

The web pages keep drawn pieces (rows, cells, form fields, cards, Today's frame) in plain
dictionaries, one per kind of piece, each with a bound. A key holds everything the piece depends
on, so nothing is ever invalidated: a changed input is a new key. When a memo holds its bound it
starts again empty (the pieces of the day come back at once; an LRU's bookkeeping would cost more
than the rare refill).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def kept(store: dict[K, V], key: K, limit: int, make: Callable[[], V]) -> V:
    """``store[key]``, made by ``make()`` on a miss; ``store`` starts again when it holds ``limit``."""
    found = store.get(key)
    if found is None:
        found = make()
        if len(store) >= limit:
            store.clear()
        store[key] = found
    return found
