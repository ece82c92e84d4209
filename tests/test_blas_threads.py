"""``laoke`` starts NumPy's OpenBLAS with one thread (its threads spun beside Polars's on tiny fits)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = (
    "import os, sys\n"
    "from laoke import cli\n"
    "cli.main(['help'])\n"  # any command: the setting is made before Django starts
    "import numpy\n"
    "sys.stderr.write('BLAS=' + os.environ['OPENBLAS_NUM_THREADS'])\n"
)


def _blas_threads(tmp_path: Path, setting: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    env["LAOKE_VAR_DIR"] = str(tmp_path)
    if setting is not None:
        env["OPENBLAS_NUM_THREADS"] = setting
    ran = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120)
    return ran.stderr.rsplit("BLAS=", 1)[-1] if "BLAS=" in ran.stderr else ran.stderr[-500:]


def test_laoke_runs_numpy_with_one_blas_thread(tmp_path: Path) -> None:
    assert _blas_threads(tmp_path, None) == "1"


def test_a_users_own_blas_setting_is_kept(tmp_path: Path) -> None:
    assert _blas_threads(tmp_path, "3") == "3"
