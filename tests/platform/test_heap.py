"""The served app's heap is frozen once loaded and after a worker's first requests (laoke.platform.heap)."""

from __future__ import annotations

import gc
import itertools
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from django.core.signals import request_finished

from laoke.platform import heap


@pytest.fixture
def unfrozen(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A fresh request count; the test process's heap thawed and the receiver disconnected after."""
    monkeypatch.setattr(heap, "_served", itertools.count(1))
    thresholds = gc.get_threshold()
    gc.unfreeze()
    yield
    request_finished.disconnect(dispatch_uid="laoke-heap-settle")
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_settle_freezes_the_heap_and_again_after_the_first_requests(unfrozen: None) -> None:
    """Objects made after settling are frozen too, after the 1st and 10th request but not between."""
    heap.settle()
    assert any(key[0] == "laoke-heap-settle" for key, *_rest in request_finished.receivers)
    frozen = gc.get_freeze_count()
    assert frozen > 0
    kept: list[list[int]] = [[i] for i in range(5000)]  # long-lived objects a first page loads
    heap._request_done()  # the 1st request ends (the receiver alone: no database here)
    after_first = gc.get_freeze_count()
    assert after_first >= frozen + len(kept)
    more: list[list[int]] = [[i] for i in range(5000)]
    for _n in range(8):  # the 2nd to the 9th
        heap._request_done()
    assert gc.get_freeze_count() < after_first + len(more)
    heap._request_done()  # the 10th
    assert gc.get_freeze_count() >= after_first + len(more)


def test_full_passes_run_every_thousand_requests_not_when_the_collector_would(unfrozen: None) -> None:
    """Once settled the collector starts no full pass of its own (however many objects are made);
    one runs after every FULL_PASS_EVERY requests (after the last freeze), none between."""
    passes: list[int] = []

    def counted(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            passes.append(1)

    heap.settle()
    young, older, oldest = gc.get_threshold()
    assert oldest >= 2**31 - 1 and (young, older) != (0, 0)
    gc.callbacks.append(counted)
    try:
        kept = [[i] for i in range(300_000)]  # would start full passes of the collector's own
        assert passes == [] and len(kept) == 300_000
        every = heap.FULL_PASS_EVERY
        assert every > max(heap.FREEZE_AFTER)
        for _n in range(max(heap.FREEZE_AFTER)):
            heap._request_done()
        passes.clear()  # the 1st, 10th, 100th and 1,000th freeze (a full pass each)
        for _n in range(every - max(heap.FREEZE_AFTER) - 1):  # up to the one before FULL_PASS_EVERY
            heap._request_done()
        assert passes == []
        heap._request_done()  # the FULL_PASS_EVERY-th
        assert passes == [1]
        for _n in range(every):
            heap._request_done()
        assert passes == [1, 1]
    finally:
        gc.callbacks.remove(counted)


def test_a_frozen_object_is_still_freed_with_its_last_reference(unfrozen: None) -> None:
    """Freezing keeps objects out of the collector's passes, not alive."""
    import weakref

    class Thing:
        pass

    thing = Thing()
    alive = weakref.ref(thing)
    heap.freeze()
    del thing
    assert alive() is None


def test_the_wsgi_module_settles_the_heap() -> None:
    """Loading the served app (as a gunicorn worker does) freezes what it loaded."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "laoke.project.settings", "LAOKE_LANGUAGE": "en"}
    probe = "import gc, laoke.project.wsgi; print(gc.get_freeze_count())"
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    assert int(done.stdout.strip().splitlines()[-1]) > 10_000
