"""Commands that need no model start without the heavy analytics libraries (Polars, NumPy, SciPy).

Start-up time itself is measured by ``bench/startup.py``; this test guards the cause: a module that
Django loads at set-up, or that ``laoke jobs`` reads, importing the scoring stack at its top.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("polars", "numpy", "scipy", "pyarrow")
#: Imported by the API alone (django-ninja and its pydantic): no app loads them when it starts.
API_ONLY = ("ninja", "pydantic")

PROBE = """
import json, os, sys
from laoke.cli import main
code = 0
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code or 0
sys.stderr.write("\\nHEAVY " + json.dumps([m for m in {heavy!r} if m in sys.modules]) + "\\n")
sys.exit(code)
"""


def _heavy_imported(args: list[str], var: Path, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    env = {**os.environ, "LAOKE_VAR_DIR": str(var), "LAOKE_LANGUAGE": "en"}
    env.pop("LAOKE_DATABASE_URL", None)
    env["DJANGO_SETTINGS_MODULE"] = "laoke.project.settings"
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=heavy), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    line = [x for x in done.stderr.splitlines() if x.startswith("HEAVY ")][-1]
    return list(json.loads(line[len("HEAVY ") :]))


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    var = tmp_path_factory.mktemp("var")
    env = {**os.environ, "LAOKE_VAR_DIR": str(var)}
    env.pop("LAOKE_DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "laoke.cli", "migrate", "-v0"], env=env, check=True, timeout=300)
    return var


@pytest.mark.parametrize(
    "args", [["--help"], ["help"], ["jobs", "--json"], ["migrate", "--check"], ["showmigrations", "-l"]]
)
def test_a_command_that_needs_no_model_imports_no_analytics_library(migrated: Path, args: list[str]) -> None:
    """``laoke --help``, ``laoke jobs [--json]``, ``laoke migrate --check`` and ``laoke showmigrations``
    load Django and the apps, nothing heavier: their system checks leave out the URLs (which import
    every page) and the template tag libraries import the analytics where a tag runs."""
    assert _heavy_imported(args, migrated) == []


def test_laoke_check_still_checks_the_urls(migrated: Path) -> None:
    """Only the commands that serve no page leave the URL checks out: ``laoke check`` runs them."""
    env = {**os.environ, "LAOKE_VAR_DIR": str(migrated), "LAOKE_LANGUAGE": "en"}
    env.pop("LAOKE_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "laoke.cli", "check", "--tag", "urls"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "no issues" in done.stdout


@pytest.mark.parametrize("args", [["--help"], ["migrate", "--check"]])
def test_no_app_loads_the_api_library_when_a_command_starts(migrated: Path, args: list[str]) -> None:
    """Setting up the apps and their checks (middleware included) imports neither django-ninja
    nor pydantic: the API docs find ninja's files by path instead of listing it as an app, and the
    API middleware imports the API's errors when it answers one."""
    assert _heavy_imported(args, migrated, API_ONLY) == []


def test_the_job_queue_library_is_imported_when_a_job_is_queued_not_at_start(migrated: Path) -> None:
    """Every command registers the job handlers when it starts; Huey (and the ``psycopg`` it
    imports) loads only when a job is queued, run or locked."""
    assert _heavy_imported(["--help"], migrated, ("huey", "psycopg")) == []


@pytest.mark.parametrize("args", [["--help"], ["migrate", "--check"], ["showmigrations", "-l"]])
def test_the_country_calendars_load_when_a_plan_needs_them(migrated: Path, args: list[str]) -> None:
    """``holidays`` imports every country's module (about 25 ms) and the plans' words import the
    trip and win-back rules: the follow-up plan registers its words by path, the template tags and
    the festival and trip rules import them where they run, so no command loads them at start-up."""
    loaded = ("holidays", "laoke.cadence.plan_messages", "laoke.core.cadence.trips")
    assert _heavy_imported(args, migrated, loaded) == []


def test_a_command_on_a_migrated_database_reads_no_migration_file(migrated: Path) -> None:
    """``laoke jobs`` (as every command that reads the book) first checks that the database is
    migrated: from the files' names and the applied list, without importing the migrations."""
    assert _heavy_imported(["jobs", "--json"], migrated, ("laoke.retention.migrations.0001_initial",)) == []
