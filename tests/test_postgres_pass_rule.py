"""The PostgreSQL pass runs every test that can reach a database and leaves out only the others."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

import tests.test_translations as no_database_module
from tests import conftest
from tests.audit import test_backup
from tests.jobs import test_kill


def _item(module: Any, *fixtures: str, marker: str | None = None) -> Any:
    return SimpleNamespace(
        module=module,
        fixturenames=["django_db_blocker", "request", *fixtures],
        get_closest_marker=lambda name: object() if name == marker else None,
    )


@pytest.mark.parametrize("fixture", ["db", "transactional_db", "live_server", "django_db_setup"])
def test_a_test_on_the_test_database_runs_on_postgres(fixture: str) -> None:
    """Any database fixture (directly or through another fixture) keeps a test on PostgreSQL."""
    assert conftest.on_postgres_pass(_item(no_database_module, fixture))


def test_the_django_db_marker_keeps_a_test_on_postgres() -> None:
    """The ``django_db`` marker keeps a test on PostgreSQL."""
    assert conftest.on_postgres_pass(_item(no_database_module, marker="django_db"))


def test_processes_on_a_database_of_their_own_run_on_postgres() -> None:
    """Tests that run laoke processes on a database they make (backup, killed worker) stay."""
    assert conftest.on_postgres_pass(_item(test_backup))
    assert conftest.on_postgres_pass(_item(test_kill))  # through its helper module tests.jobs.live


def test_a_test_without_any_database_is_left_to_the_sqlite_pass() -> None:
    """A test with no database fixture, marker or database URL in its module is left out."""
    assert not conftest.on_postgres_pass(_item(no_database_module))
