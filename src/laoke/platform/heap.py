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

They were still too frequent and too long under load: Python starts one whenever the objects made
since the last one reach a quarter of those it keeps (frozen ones not counted), so the per-process
memos filled after the last freeze brought one every few hundred requests, each 60-200 ms with the
GIL held (61-72 in a 20-user run of the eight pages, 4.6-4.9 s in all: docs/performance.md, "Full
collections, twelfth round"). Once settled, the collector's own full passes are off (the young
generations are still collected as before) and :func:`_request_done` runs one after every
:data:`FULL_PASS_EVERY` requests instead: the cyclic garbage that reaches the old generation
meanwhile (about 15 objects a request) waits until then.
"""

from __future__ import annotations

import gc
import itertools
from typing import Any

from django.core.signals import request_finished

#: After these requests of a worker its heap is frozen again (what the first pages loaded).
FREEZE_AFTER = frozenset({1, 10, 100, 1000})
#: A full pass of the collector (not frozen) after every this many requests of a worker. Such a
#: pass walks what the memos filled since the last freeze: 100-200 ms under load, the GIL held. The
#: cyclic garbage left for it meanwhile is about 15 objects a request (a few MB at most).
FULL_PASS_EVERY = 5000
#: The collector's third threshold once settled: its own full passes never start.
_NEVER = 2**31 - 1

_served = itertools.count(1)


def freeze() -> None:
    """Collect, then keep every object left out of the collector's passes."""
    gc.collect()
    gc.freeze()


def _request_done(**_kwargs: Any) -> None:
    served = next(_served)
    if served in FREEZE_AFTER:
        freeze()
    elif served % FULL_PASS_EVERY == 0:
        gc.collect()


def settle() -> None:
    """Freeze the loaded app's heap now and after the worker's first requests, and leave the full
    passes to :func:`_request_done` (see above)."""
    freeze()
    young, older, _oldest = gc.get_threshold()
    gc.set_threshold(young, older, _NEVER)
    request_finished.connect(_request_done, dispatch_uid="laoke-heap-settle")
