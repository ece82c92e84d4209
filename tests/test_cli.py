from __future__ import annotations

import sys

import pytest

from laoke import cli


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []
    monkeypatch.setattr("django.core.management.execute_from_command_line", calls.append)
    monkeypatch.setattr(cli, "pending_migrations", list)  # a migrated database
    return calls


def test_import_maps_to_the_import_data_command(captured: list[list[str]]) -> None:
    """It turns `laoke import orders FILE` into the import_data management command."""
    cli.main(["import", "orders", "book.xlsx"])
    assert captured == [["laoke", "import_data", "orders", "book.xlsx"]]


def test_serve_dev_runs_the_development_server_on_the_configured_port(
    captured: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """It runs Django's development server on LAOKE_HOST:LAOKE_PORT with --dev."""
    monkeypatch.setenv("LAOKE_PORT", "8123")
    monkeypatch.setenv("LAOKE_HOST", "127.0.0.1")
    cli.main(["serve", "--dev", "--noreload"])
    assert captured == [["laoke", "runserver", "127.0.0.1:8123", "--noreload"]]


def test_serve_runs_gunicorn_on_the_configured_port(monkeypatch: pytest.MonkeyPatch) -> None:
    """It hands gunicorn the WSGI app, the address and the worker count."""
    monkeypatch.setattr(cli, "pending_migrations", list)
    seen: list[list[str]] = []
    monkeypatch.setattr("gunicorn.app.wsgiapp.run", lambda: seen.append(list(sys.argv)))
    monkeypatch.setattr(sys, "argv", ["laoke"])
    monkeypatch.setenv("LAOKE_PORT", "8124")
    monkeypatch.setenv("LAOKE_WORKERS", "3")
    cli.main(["serve"])
    assert seen and seen[0][1] == "laoke.project.wsgi:application"
    assert "--bind=127.0.0.1:8124" in seen[0] and "--workers=3" in seen[0]


class _FakeChild:
    """Stands in for the worker process ``laoke serve`` starts."""

    started: list[list[str]] = []
    stopped = 0

    def __init__(self, args: list[str]) -> None:
        _FakeChild.started.append(args)
        self.running = True

    def poll(self) -> int | None:
        return None if self.running else 0

    def terminate(self) -> None:
        _FakeChild.stopped += 1
        self.running = False

    def wait(self, timeout: float | None = None) -> int:
        return 0


@pytest.fixture(autouse=True)
def no_worker_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """``laoke serve`` starts a fake worker in these tests."""
    monkeypatch.setattr(cli.subprocess, "Popen", _FakeChild)
    _FakeChild.started, _FakeChild.stopped = [], 0


def test_serve_starts_a_worker_beside_the_server_and_stops_it_with_the_server(
    monkeypatch: pytest.MonkeyPatch, captured: list[list[str]]
) -> None:
    """laoke serve starts laoke worker as a child and stops it when the server stops; --no-worker does not."""
    cli.main(["serve", "--dev", "--noreload"])
    assert [args[-1] for args in _FakeChild.started] == ["worker"] and _FakeChild.stopped == 1
    assert captured[-1][1] == "runserver"
    cli.main(["serve", "--dev", "--noreload", "--no-worker"])
    assert len(_FakeChild.started) == 1 and "--no-worker" not in captured[-1]


def test_other_commands_pass_through(captured: list[list[str]]) -> None:
    """It passes any other command to Django unchanged."""
    cli.main(["score", "--as-of", "2026-01-31"])
    assert captured == [["laoke", "score", "--as-of", "2026-01-31"]]


@pytest.mark.django_db
def test_a_migrated_database_has_no_pending_migrations() -> None:
    """It finds nothing to apply on the test database, which Django migrated."""
    assert cli.pending_migrations() == []


@pytest.mark.django_db
def test_a_migration_the_database_has_not_recorded_is_pending() -> None:
    """The quick answer (every file on disk recorded) does not hide a migration left to apply: with
    one record removed, the planner names it."""
    from django.db.migrations.recorder import MigrationRecorder

    files = cli.migration_files()
    assert ("retention", "0001_initial") in files and ("auth", "0001_initial") in files
    assert not any(name.startswith(("_", "~")) for _label, name in files)
    last = max(name for label, name in files if label == "cadence")
    MigrationRecorder.Migration.objects.filter(app="cadence", name=last).delete()
    assert cli.pending_migrations() == [f"cadence.{last}"]


def test_commands_that_need_the_database_refuse_an_unmigrated_one(
    captured: list[list[str]], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """It tells the user to run `laoke migrate` instead of failing with a missing table."""
    monkeypatch.setattr(cli, "pending_migrations", lambda: ["retention.0004_backtest_run"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["score"])
    assert exit_info.value.code == 2
    assert captured == []
    assert "retention.0004_backtest_run" in capsys.readouterr().err
    cli.main(["migrate"])
    assert captured == [["laoke", "migrate"]]
