"""The served app's long-lived objects kept out of the garbage collector's full passes.

A gunicorn worker holds a few hundred thousand long-lived Python objects (Django, Laoke's
modules, compiled templates, the memos). Python's collector walks all of them in every full
(generation 2) pass, which it starts by itself every few dozen requests: 100-200 ms of CPU with
the GIL held, so the request that triggered it and every other request of the worker waited.
Under 20 users these passes made the tail of every page (a dashboard request that ran one took
130-170 ms of CPU instead of 10; see docs/performance.md, "Dashboard, eighth round").

:func:`settle` (called by the WSGI module once the app is loaded) collects once and moves what
is left into the collector's permanent generation (``gc.freeze``), and does so again after the
worker's 1st, 10th, 100th and 1,000th request, when the first pages have imported and compiled
what they need. Frozen objects are still freed when their last reference goes; only a cycle
among them is never collected (what other requests held at those few moments: bounded).
Full passes then walk the objects made since, a few milliseconds.
"""

from __future__ import annotations

import gc
import itertools
from typing import Any

from django.core.signals import request_finished

#: After these requests of a worker its heap is frozen again (what the first pages loaded).
FREEZE_AFTER = frozenset({1, 10, 100, 1000})

_served = itertools.count(1)


def freeze() -> None:
    """Collect, then keep every object left out of the collector's passes."""
    gc.collect()
    gc.freeze()


def _request_done(**_kwargs: Any) -> None:
    if next(_served) in FREEZE_AFTER:
        freeze()


def settle() -> None:
    """Freeze the loaded app's heap now and after the worker's first requests (see above)."""
    freeze()
    request_finished.connect(_request_done, dispatch_uid="laoke-heap-settle")
