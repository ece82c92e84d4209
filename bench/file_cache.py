"""CPU of one write to the shared file cache with a folder of N entries: Django's FileBasedCache
(lists the folder before each write) against laoke.platform.cache.SharedFileCache (counts it every
CULL_EVERY writes of a process).

Run from the repository root::

    PYTHONPATH=src .venv/bin/python bench/file_cache.py [entries ...]   # default 1000 5000 20000

For each size it fills a fresh folder under /tmp with that many entries, then times 400 writes of
a 360° page's order cards (a few KiB of HTML) with each backend (thread CPU and wall, per write).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    import django
    from django.conf import settings

    settings.configure()
    django.setup()
    from django.core.cache.backends.filebased import FileBasedCache

    from laoke.platform.cache import MAX_ENTRIES, SharedFileCache

    sizes = [int(a) for a in sys.argv[1:]] or [1000, 5000, 20_000]
    value = ("<tr><td>PO-2024-0001</td><td>2024-05-01</td><td>12,345.00</td></tr>" * 40, {"m": 1.0})
    writes = 400
    print(f"| entries in the folder | backend | CPU ms per write | wall ms per write |  ({writes} writes)")
    print("|---:|---|---:|---:|")
    for size in sizes:
        for backend in (FileBasedCache, SharedFileCache):
            folder = Path(tempfile.mkdtemp(prefix="laoke_cache_bench_", dir="/tmp"))
            try:
                cache = backend(str(folder), {"OPTIONS": {"MAX_ENTRIES": max(MAX_ENTRIES, size * 2)}})
                for n in range(size):
                    (folder / f"{n:032x}.djcache").write_bytes(b"")
                cpu, wall = time.thread_time(), time.perf_counter()
                for n in range(writes):
                    cache.set(f"bench-{n}", value)
                cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
                per_write = f"{cpu / writes * 1000:.2f} | {wall / writes * 1000:.2f}"
                print(f"| {size:,} | {backend.__name__} | {per_write} |")
            finally:
                shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
