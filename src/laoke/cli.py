"""The ``laoke`` console script: Django management commands behind friendly names.

``laoke import orders FILE`` → ``import_data orders FILE``; ``laoke serve`` runs the app with
gunicorn on ``LAOKE_HOST:LAOKE_PORT`` (default 127.0.0.1:8000; ``--dev`` uses Django's
auto-reloading development server instead) and a job worker (``laoke worker``) beside it, stopping
both together (``--no-worker`` serves only); everything else passes straight through.
"""

from __future__ import annotations

import os
import subprocess
import sys

ALIASES = {"import": "import_data"}

#: Commands that read or write the book, and so need an up-to-date database.
NEEDS_DATABASE = frozenset(
    {"import_data", "demo", "score", "review", "serve", "mail", "worker", "jobs", "rates"}
)
#: Commands that run Django's URL checks. Those import every page and the API, and with them SciPy,
#: Polars and NumPy (over a second); the other commands serve no page, so they leave them out.
URL_CHECKED = frozenset({"check", "runserver", "test"})


#: OpenBLAS's threads for NumPy and SciPy, unless the user sets their own. Laoke's linear algebra
#: is small (a handful of parameters per model fit); with a thread per core, OpenBLAS's threads
#: spin beside Polars's on every tiny call: ``laoke score`` of Online Retail II spent 16-18 s of
#: CPU with one thread against 19-24 s with the default (bench/score_side_by_side.py, docs/performance.md).
BLAS_THREADS = "1"

#: Polars's allocator (jemalloc) settings, unless the user sets their own: hand freed pages back to
#: the system at once. Polars's default keeps them for 0.5-1 s (and, with no allocation after,
#: until the next one); ``laoke score`` frees large frames in quick succession (the book's batches
#: as read, then joined; each step's per-customer frames), and the kept pages stood in the
#: process's memory beside the live ones: reading a 2 M-line book peaked at 773 MiB with Polars's
#: default and 483 MiB with this, in the same CPU time. Polars adds its default in front of this
#: (a setting given later wins).
POLARS_ALLOCATOR = "dirty_decay_ms:0,muzzy_decay_ms:0"


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", BLAS_THREADS)  # before NumPy is imported
    os.environ.setdefault("_RJEM_MALLOC_CONF", POLARS_ALLOCATOR)  # before Polars is imported
    args = list(sys.argv[1:] if argv is None else argv)
    alias = args[0] if args and args[0] in ALIASES else None
    if alias:
        args[0] = ALIASES[alias]
    asks_help = any(a in ("-h", "--help") for a in args[1:])
    if args and args[0] == "serve" and asks_help:
        sys.stdout.write(SERVE_HELP)
        return
    if args and args[0] in NEEDS_DATABASE and not asks_help and not _database_ready():
        sys.exit(2)
    if args and args[0] == "serve":
        serve(args[1:])
        return
    from django.core.management import execute_from_command_line

    if not args or args[0] not in URL_CHECKED:
        _leave_out_url_checks()
    if alias:  # ``laoke import --help`` names the command the user typed, not the Django one
        _name_program(alias)
    execute_from_command_line(["laoke", *args])


def _leave_out_url_checks() -> None:
    """Unregister the checks tagged ``urls`` (``laoke check`` and the dev server still run them)."""
    from django.core.checks import Tags
    from django.core.checks.registry import registry

    for check in list(registry.registered_checks):
        if Tags.urls in getattr(check, "tags", ()):
            registry.registered_checks.discard(check)


def _name_program(alias: str) -> None:
    """Make the aliased command's help and errors say ``laoke <alias>``."""
    from django.core.management.base import BaseCommand

    original = BaseCommand.create_parser

    def create_parser(self: BaseCommand, prog_name: str, subcommand: str, **kwargs: object) -> object:
        parser = original(self, prog_name, subcommand, **kwargs)
        parser.prog = f"laoke {alias}"
        return parser

    BaseCommand.create_parser = create_parser  # type: ignore[method-assign,assignment]


SERVE_HELP = """usage: laoke serve [--dev] [--no-worker] [gunicorn options]

Serve Laoke on http://LAOKE_HOST:LAOKE_PORT (default 127.0.0.1:8000) with gunicorn, and a job
worker (laoke worker) beside it; Ctrl-C stops both. Needs a migrated database (laoke migrate).

options:
  -h, --help     show this help message and exit
  --dev          Django's auto-reloading development server instead of gunicorn
  --no-worker    serve pages only; run "laoke worker" elsewhere for imports, re-scores and mail

environment:
  LAOKE_HOST, LAOKE_PORT   address to listen on
  LAOKE_WORKERS            gunicorn worker processes (default 2)

Any other option goes to gunicorn (see "gunicorn --help"), or to runserver with --dev.
"""


def pending_migrations() -> list[str]:
    """Names of the migrations the configured database has not applied yet.

    Every command that reads the book asks this first. When the database has recorded every
    migration file on disk (the usual case) it answers from the file names and one query, without
    importing the migrations (about 40 ms of start-up); otherwise Django's migration planner
    decides (squashed or removed migrations, a new database) and names them in order.
    """
    import django
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    django.setup()
    recorder = MigrationRecorder(connection)
    if recorder.has_table() and migration_files() <= set(recorder.applied_migrations()):
        return []
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def migration_files() -> set[tuple[str, str]]:
    """(app label, migration name) of every migration module on disk, as Django's loader finds
    them (modules of each app's migrations package not starting with ``_`` or ``~``), unimported."""
    import pkgutil
    from importlib import import_module

    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    found: set[tuple[str, str]] = set()
    for config in apps.get_app_configs():
        name, _explicit = MigrationLoader.migrations_module(config.label)
        if name is None:
            continue
        try:
            package = import_module(name)
        except ModuleNotFoundError:
            continue
        for module in pkgutil.iter_modules(getattr(package, "__path__", [])):
            if not module.ispkg and not module.name.startswith(("_", "~")):
                found.add((config.label, module.name))
    return found


def _database_ready() -> bool:
    """False, after saying what to do, when the database is missing tables; True otherwise."""
    pending = pending_migrations()
    if not pending:
        return True
    from django.conf import settings
    from django.utils import translation
    from django.utils.translation import gettext as _

    translation.activate(settings.LANGUAGE_CODE)
    sys.stderr.write(
        _(
            "The database is not set up yet (%(count)d migrations to apply, e.g. %(first)s). "
            "Run “laoke migrate” first, or “make run” to set everything up."
        )
        % {"count": len(pending), "first": pending[0]}
        + "\n"
    )
    return False


def serve(options: list[str]) -> None:
    """Serve the web app (gunicorn; Django's development server with ``--dev``) and a job worker.

    The worker is a child process, stopped when the server stops (Ctrl-C stops both).
    """
    worker = None
    if "--no-worker" in options:
        options = [o for o in options if o != "--no-worker"]
    else:
        worker = subprocess.Popen([sys.executable, "-m", "laoke.cli", "worker"])
    try:
        _serve(options)
    finally:
        if worker is not None:
            _stop(worker)


def _stop(child: subprocess.Popen[bytes], timeout: float = 10) -> None:
    """Stop a child process: SIGTERM, then SIGKILL after ``timeout`` seconds."""
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


#: How ``laoke serve`` runs gunicorn besides its address and processes (``bench/web_load.py`` serves
#: the same way): four threads per process, and one connection per request. With connections kept
#: alive, whichever process woke first took most of the browsers' connections and kept them: under
#: 20 users one process answered 16 of them on one core while the other idled, and their pages took
#: three times as long (docs/performance.md, "Connections spread over the processes, twelfth
#: round"). A connection per request goes to a process that is free to take it. Options given to
#: ``laoke serve`` come after these and win (``laoke serve --keep-alive=2``).
GUNICORN_OPTIONS = ("--threads=4", "--keep-alive=0")


def _serve(options: list[str]) -> None:
    host = os.environ.get("LAOKE_HOST", "127.0.0.1")
    port = os.environ.get("LAOKE_PORT", "8000")
    if "--dev" in options:
        from django.core.management import execute_from_command_line

        rest = [o for o in options if o != "--dev"]
        execute_from_command_line(["laoke", "runserver", f"{host}:{port}", *rest])
        return
    from gunicorn.app.wsgiapp import run

    workers = os.environ.get("LAOKE_WORKERS", "2")
    sys.argv = [
        "laoke serve",
        "laoke.project.wsgi:application",
        f"--bind={host}:{port}",
        f"--workers={workers}",
        *GUNICORN_OPTIONS,
        "--access-logfile=-",
        *options,
    ]
    run()


if __name__ == "__main__":
    main()
