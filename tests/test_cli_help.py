"""`laoke COMMAND --help` on a fresh install: no database needed, the names and words the user types."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("command", ["demo", "import", "score", "review", "mail", "serve"])
def test_help_works_before_the_database_is_set_up(command: str, tmp_path: Path) -> None:
    """`laoke COMMAND --help` prints the command's own help on an empty database, with exit 0."""
    env = {**os.environ, "LAOKE_VAR_DIR": str(tmp_path)}
    env.pop("LAOKE_DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-m", "laoke.cli", command, "--help"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: laoke {command} ")
    assert "migrate" not in done.stderr


def test_import_help_names_laoke_import_in_one_language(tmp_path: Path) -> None:
    """The import help says `laoke import`, never `import_data`, and is English like the rest."""
    env = {**os.environ, "LAOKE_VAR_DIR": str(tmp_path), "LAOKE_LANGUAGE": "zh-hans"}
    env.pop("LAOKE_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "laoke.cli", "import", "--help"], env=env, capture_output=True, text=True
    )
    assert "import_data" not in done.stdout and "what the file holds" in done.stdout
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in done.stdout.replace("金额", ""))


def test_serve_help_is_laokes_own(tmp_path: Path) -> None:
    """`laoke serve --help` explains --dev and --no-worker instead of printing gunicorn's help."""
    env = {**os.environ, "LAOKE_VAR_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "laoke.cli", "serve", "--help"], env=env, capture_output=True, text=True
    )
    assert "--dev" in done.stdout and "--no-worker" in done.stdout and "gunicorn" in done.stdout
    assert "--worker-class" not in done.stdout  # one of gunicorn's own options
