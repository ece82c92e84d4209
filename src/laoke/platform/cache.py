"""The cache the web app's processes share: files under ``LAOKE_VAR_DIR/cache`` (no extra service).

Laoke keeps figures that are costly to compute in Django's cache under keys that carry what they
depend on (the book version of :mod:`laoke.customers.book_cache`, Today's agenda fingerprint), so
any process may serve any entry. With Django's default in-memory cache, each worker process of
gunicorn filled a cache of its own: a person's second visit, served by another process, paid the
first visit's price again. Files in one folder are shared by every process on the machine, and
survive a restart.

Two processes may serve different code (a restart after an update, a second checkout) or different
books (``LAOKE_DATABASE_URL``) with the same folder: the key names the database (``KEY_PREFIX``,
set in the settings) and the code (:func:`make_key`: a fingerprint of Laoke's Python files, read
once per process), so an entry pickled by other code or for another book is never read.
"""

from __future__ import annotations

import hashlib
import itertools
from functools import cache
from pathlib import Path
from typing import Any

from django.core.cache.backends.filebased import FileBasedCache

#: Entries kept at most (a write that finds more removes a third of them, chosen at random).
MAX_ENTRIES = 20_000
#: Writes of a process between two counts of the folder's entries (:class:`SharedFileCache`).
CULL_EVERY = 256


class SharedFileCache(FileBasedCache):
    """Django's file cache, with the folder's entries counted every :data:`CULL_EVERY` writes of a
    process instead of on every write.

    Django's ``FileBasedCache`` lists the whole folder (a ``glob`` matched name by name in Python)
    before each write, to decide whether to remove some entries: a folder of 5,000 entries costs
    some 3.5 ms of CPU per write, 20,000 (:data:`MAX_ENTRIES`) four times that, and a first visit
    of a customer's 360° page writes twice. Counting every :data:`CULL_EVERY` writes (and at a
    process's first write) keeps the folder within ``MAX_ENTRIES`` plus what the processes wrote
    since their last count (at most ``CULL_EVERY`` each), and removes entries as Django does.
    ``OPTIONS["CULL_EVERY"]`` sets the interval (1: Django's own behaviour).
    """

    def __init__(self, dir: str, params: dict[str, Any]) -> None:
        super().__init__(dir, params)
        self._cull_every = max(1, int(params.get("OPTIONS", {}).get("CULL_EVERY", CULL_EVERY)))
        # ``next()`` on a count is atomic under the GIL: threads of a worker share it.
        self._writes = itertools.count()

    def _cull(self) -> None:
        if next(self._writes) % self._cull_every == 0:
            super()._cull()  # type: ignore[misc]  # Django's private method, not in its stubs


def database_identity(database: dict[str, Any]) -> str:
    """A short name of the database the settings point at (engine, host, port, name)."""
    raw = repr([database.get(k) for k in ("ENGINE", "HOST", "PORT", "NAME")])
    return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()[:10]


@cache
def code_fingerprint() -> str:
    """A short hash of Laoke's Python files (path, size, modification time), read once per process."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha1(usedforsecurity=False)
    for path in sorted(root.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(root)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:10]


def make_key(key: str, key_prefix: str, version: int) -> str:
    """Django's ``KEY_FUNCTION``: the database, the code, the version and the key."""
    return f"{key_prefix}:{code_fingerprint()}:{version}:{key}"
