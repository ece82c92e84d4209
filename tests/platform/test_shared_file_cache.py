"""The shared file cache counts its folder every few hundred writes, not before each write, and
still keeps the folder near its limit (``laoke.platform.cache.SharedFileCache``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.cache.backends.filebased import FileBasedCache

import laoke
from laoke.platform.cache import CULL_EVERY, SharedFileCache


def _cache(folder: Path, **options: Any) -> SharedFileCache:
    return SharedFileCache(str(folder), {"OPTIONS": options})


def _listings(cache: FileBasedCache, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record each listing of the cache's folder (what Django did before every write)."""
    calls: list[int] = []
    listing = cache._list_cache_files

    def counted() -> list[str]:
        found = listing()
        calls.append(len(found))
        return found

    monkeypatch.setattr(cache, "_list_cache_files", counted)
    return calls


def _entries(folder: Path) -> int:
    return len(list(folder.glob("*.djcache")))


def test_the_folder_is_listed_once_per_interval_of_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = _cache(tmp_path, MAX_ENTRIES=10_000)
    calls = _listings(cache, monkeypatch)
    for n in range(3 * CULL_EVERY):
        cache.set(f"key-{n}", n)
    # At the first write and every CULL_EVERY writes after it: 3, where Django lists 768 times.
    assert len(calls) == 3
    assert _entries(tmp_path) == 3 * CULL_EVERY
    assert cache.get("key-0") == 0 and cache.get(f"key-{3 * CULL_EVERY - 1}") == 3 * CULL_EVERY - 1


def test_djangos_own_cache_lists_the_folder_before_every_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the subclass is for: the same writes through Django's backend list the folder each time."""
    cache = FileBasedCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10_000}})
    calls = _listings(cache, monkeypatch)
    for n in range(50):
        cache.set(f"key-{n}", n)
    assert len(calls) == 50


def test_the_folder_stays_within_its_limit_and_the_interval(tmp_path: Path) -> None:
    """Entries beyond MAX_ENTRIES are removed at the next count, as Django removes them (a third of
    them at random): the folder never holds more than MAX_ENTRIES plus one interval of writes."""
    cache = _cache(tmp_path, MAX_ENTRIES=40, CULL_EVERY=10)
    most = 0
    for n in range(500):
        cache.set(f"key-{n}", "x" * 10)
        most = max(most, _entries(tmp_path))
    assert most <= 40 + 10
    assert _entries(tmp_path) < 500
    assert cache.get("key-499") == "x" * 10  # the newest write is kept


def test_an_interval_of_one_is_djangos_behaviour(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = _cache(tmp_path, MAX_ENTRIES=10_000, CULL_EVERY=1)
    calls = _listings(cache, monkeypatch)
    for n in range(20):
        cache.set(f"key-{n}", n)
    assert len(calls) == 20


def test_a_served_process_uses_it(tmp_path: Path) -> None:
    """A process started with the default settings (no LAOKE_CACHE) writes through it, into the
    folder under LAOKE_VAR_DIR."""
    env = {k: v for k, v in os.environ.items() if k not in {"LAOKE_CACHE", "LAOKE_CACHE_DIR"}}
    env.update({"LAOKE_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "laoke.project.settings"})
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(Path(laoke.__file__).parents[1]), env.get("PYTHONPATH")])
    )
    code = (
        "import django; django.setup(); from django.core.cache import caches;"
        " c = caches['default']; c.set('seen', 1); print(type(c).__name__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, timeout=120, capture_output=True, text=True
    )
    assert done.stdout.strip() == "SharedFileCache"
    assert _entries(tmp_path / "cache") == 1
