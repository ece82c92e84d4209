"""README documents every LAOKE_* setting the settings module reads, and how to migrate."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_lists_every_laoke_variable_the_settings_read() -> None:
    """Each LAOKE_* name read in settings.py, or by any other module, appears in the README."""
    settings = (ROOT / "src/laoke/project/settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r"os\.environ\.get\(\s*\"(LAOKE_[A-Z_]+)\"", settings))
    names |= set(re.findall(r"_env_bool\(\s*\"(LAOKE_[A-Z_]+)\"", settings))
    for module in (ROOT / "src/laoke").rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        names |= set(re.findall(r"environ(?:\.get)?[(\[]\s*\"(LAOKE_[A-Z_]+)\"", text))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = sorted(n for n in names if n not in readme)
    assert names and not missing, missing


def test_readme_names_the_migrate_command_and_the_real_sqlite_path() -> None:
    """The README says `laoke migrate` sets up the database, under LAOKE_VAR_DIR by default."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "laoke migrate" in readme
    assert "sqlite:///var/laoke.sqlite3" not in readme
    assert "`LAOKE_VAR_DIR`" in readme
