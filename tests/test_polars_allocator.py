"""``laoke`` makes Polars hand freed memory back at once (kept, it stood beside the live frames)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = (
    "import os, sys\n"
    "from laoke import cli\n"
    "cli.main(['help'])\n"  # any command: the setting is made before Polars is imported
    "import polars as pl\n"
    "def rss():\n"
    "    with open('/proc/self/status') as status:\n"
    "        return next(int(l.split()[1]) // 1024 for l in status if l.startswith('VmRSS:'))\n"
    "frame = pl.DataFrame({'a': pl.int_range(0, 50_000_000, eager=True)})\n"  # 400 MB
    "held = rss()\n"
    "del frame\n"
    "sys.stderr.write(f'FREED={held - rss()} CONF={os.environ[\"_RJEM_MALLOC_CONF\"]}')\n"
)


def _run(tmp_path: Path, setting: str | None) -> tuple[int, str]:
    """(MiB handed back right after a 400 MB frame is dropped, the allocator settings in force)."""
    env = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    env["LAOKE_VAR_DIR"] = str(tmp_path)
    if setting is not None:
        env["_RJEM_MALLOC_CONF"] = setting
    ran = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120)
    assert "FREED=" in ran.stderr, ran.stderr[-500:]
    freed, conf = ran.stderr.rsplit("FREED=", 1)[-1].split(" CONF=")
    return int(freed), conf


def test_a_dropped_frame_leaves_the_process_memory_at_once(tmp_path: Path) -> None:
    freed, _conf = _run(tmp_path, None)
    assert freed > 300


def test_a_users_own_allocator_setting_is_kept(tmp_path: Path) -> None:
    freed, conf = _run(tmp_path, "dirty_decay_ms:60000")
    assert conf.endswith(",dirty_decay_ms:60000")  # after Polars's own defaults: it wins
    assert freed < 100  # jemalloc's own way: freed pages are kept for a while
