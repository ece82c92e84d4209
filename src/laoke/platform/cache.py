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
from functools import cache
from pathlib import Path
from typing import Any

#: Entries kept at most (a write that finds more removes a third of them, chosen at random).
MAX_ENTRIES = 20_000


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
