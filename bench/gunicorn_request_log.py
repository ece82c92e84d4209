"""Gunicorn hooks logging each request's server wall and CPU time (``bench/web_load.py --request-log``).

Loaded with ``gunicorn -c bench/gunicorn_request_log.py``; the log file is named by the environment
variable ``LAOKE_BENCH_REQUEST_LOG``. One tab-separated line per request: the worker's pid, the
thread, the start (seconds since the epoch), the wall milliseconds between gunicorn's
``pre_request`` and ``post_request`` hooks (the app, the response written), the CPU milliseconds of
the request's thread in that time (``time.thread_time``: what waiting for the GIL, a lock or the
database does not count), the HTTP status and the path with its query string. A request whose
wall time is far above its CPU time waited; one whose CPU time is high did more work.

With ``LAOKE_BENCH_PROFILE_DIR`` set as well, each request is run under ``cProfile`` (its thread
only) and the profile of every request slower than ``LAOKE_BENCH_PROFILE_MS`` (default 100) wall
milliseconds is written there (the profiler slows every request: use it to see where the slow
ones spend their time, not for the figures).
"""

from __future__ import annotations

import cProfile
import gc
import os
import threading
import time
from typing import Any

_LOG = os.environ.get("LAOKE_BENCH_REQUEST_LOG", "")
_PROFILES = os.environ.get("LAOKE_BENCH_PROFILE_DIR", "")
_PROFILE_MS = float(os.environ.get("LAOKE_BENCH_PROFILE_MS", "100"))
_local = threading.local()
_lock = threading.Lock()


def _gc_clock(phase: str, info: dict[str, Any]) -> None:
    """Time the garbage collector's passes in the thread that triggered them (it holds the GIL)."""
    if phase == "start":
        _local.gc_started = time.perf_counter()
        return
    started = getattr(_local, "gc_started", None)
    if started is None:
        return
    spent = getattr(_local, "gc", None)
    if spent is not None:
        ms = (time.perf_counter() - started) * 1000
        spent[0] += ms
        if info.get("generation") == 2:
            spent[1] += 1
            spent[2] += ms


def post_fork(server: Any, worker: Any) -> None:
    gc.callbacks.append(_gc_clock)


def pre_request(worker: Any, req: Any) -> None:
    _local.started = (time.time(), time.perf_counter(), time.thread_time())
    _local.gc = [0.0, 0, 0.0]
    if _PROFILES:
        _local.profile = cProfile.Profile()
        _local.profile.enable()


def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    profile = getattr(_local, "profile", None)
    if profile is not None:
        profile.disable()
        _local.profile = None
    started = getattr(_local, "started", None)
    if started is None or not _LOG:
        return
    epoch, wall0, cpu0 = started
    wall = (time.perf_counter() - wall0) * 1000
    cpu = (time.thread_time() - cpu0) * 1000
    status = str(getattr(resp, "status", "")).split(" ", 1)[0]
    who = f"{os.getpid()}\t{threading.get_ident()}"
    gc_ms, full_n, full_ms = getattr(_local, "gc", None) or (0.0, 0, 0.0)
    collected = f"{gc_ms:.1f}\t{full_n}\t{full_ms:.1f}"
    query = getattr(req, "query", "")
    asked = f"{req.path}?{query}" if query else req.path
    line = f"{who}\t{epoch:.4f}\t{wall:.1f}\t{cpu:.1f}\t{status}\t{asked}\t{collected}\n"
    with _lock, open(_LOG, "a", encoding="utf-8") as log:
        log.write(line)
    if profile is not None and wall >= _PROFILE_MS:
        page = req.path.strip("/").replace("/", "_")
        name = f"{os.getpid()}-{threading.get_ident()}-{epoch:.4f}-{page}.prof"
        profile.dump_stats(os.path.join(_PROFILES, name))
