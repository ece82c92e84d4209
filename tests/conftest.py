"""Shared fixtures. The database is SQLite unless LAOKE_DATABASE_URL points at PostgreSQL."""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Browser tests run Django's live server in a thread while Playwright's sync API runs an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The live server listens with socketserver's default backlog of 5: tests that open 20-30
# connections at once (login throttle, concurrent notes) saw "connection reset" from the kernel
# before any request was read. A real server (gunicorn) listens with 2,048.
ThreadedWSGIServer.request_queue_size = 128

# Property tests explore new random examples on a developer's machine; CI replays a fixed
# sequence so that a red build always points at a change, not at luck.
# Neither run has a deadline or the too-slow health check: how fast an example runs depends on the
# machine's load, and speed goals live in bench/, not in unit tests (a 200 ms deadline failed a
# property test on a loaded machine).
_UNTIMED = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True, **_UNTIMED)
hypothesis_settings.register_profile("dev", **_UNTIMED)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")

# ...and every property test runs a second time on fresh random examples (a few, even under CI), so
# CI can also find what a fixed sequence never reaches. A failure there is a real bug: its output
# carries the @reproduce_failure line to replay it. Load-dependent health checks and deadlines are
# off for this run, so a busy machine cannot make it fail.
FRESH_MAX_EXAMPLES = 50


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Property tests (``@given``) run twice: on the profile's sequence and on fresh examples."""
    if getattr(metafunc.function, "is_hypothesis_test", False):
        metafunc.parametrize("hypothesis_examples", ["fixed", "fresh"], indirect=True)


#: The fixtures through which a test reaches Django's test database (pytest-django refuses any
#: database access to a test that has none of them and no ``django_db`` marker; a fixture that
#: unblocks the database itself needs ``django_db_setup`` for a test database to exist).
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
        "django_db_setup",
    }
)


def _uses_django_database(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ()))
    )


def _names_postgres(item: pytest.Item) -> bool:
    """Whether the test's module, or a test helper module it imports from, mentions PostgreSQL or
    the database URL: tests that run ``laoke`` processes on a database of their own read the URL."""
    module = getattr(item, "module", None)
    return True if module is None else _module_names_postgres(module)  # None: not a Python test


@functools.cache
def _module_names_postgres(module: ModuleType) -> bool:
    sources = {module}
    for value in vars(module).values():
        owner = value if inspect.ismodule(value) else inspect.getmodule(value)
        if owner is not None and owner.__name__.startswith("tests."):
            sources.add(owner)
    for source in sources:
        text = Path(source.__file__).read_text(encoding="utf-8") if source.__file__ else ""
        if "postgres" in text.lower() or "LAOKE_DATABASE_URL" in text:
            return True
    return False


def on_postgres_pass(item: pytest.Item) -> bool:
    """The rule of the PostgreSQL pass: a test runs there when it reaches the Django test database
    (a database fixture or the ``django_db`` marker, checked by pytest-django's blocker in every
    run) or its module names PostgreSQL or the database URL. Every other test cannot depend on the
    database and has already run in the SQLite pass."""
    return _uses_django_database(item) or _names_postgres(item)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL (``LAOKE_DATABASE_URL=postgres...``) the tests that cannot depend on the
    database are deselected (``LAOKE_TEST_ALL_ON_POSTGRES=1`` keeps them)."""
    if not os.environ.get("LAOKE_DATABASE_URL", "").startswith("postgres"):
        return
    if os.environ.get("LAOKE_TEST_ALL_ON_POSTGRES"):
        return
    kept, left = [], []
    for item in items:
        (kept if on_postgres_pass(item) else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


@pytest.fixture(autouse=True)
def hypothesis_examples(request: pytest.FixtureRequest) -> Iterator[str]:
    """In the ``fresh`` run, the test draws new random examples whatever the profile says."""
    run = getattr(request, "param", "fixed")
    if run != "fresh":
        yield run
        return
    test = request.function
    before = test._hypothesis_internal_use_settings
    test._hypothesis_internal_use_settings = hypothesis_settings(
        before,
        derandomize=False,
        database=None,
        max_examples=min(before.max_examples, FRESH_MAX_EXAMPLES),
        deadline=None,
        print_blob=True,
        suppress_health_check=[*before.suppress_health_check, HealthCheck.too_slow],
    )
    try:
        yield run
    finally:
        test._hypothesis_internal_use_settings = before


@pytest.fixture(autouse=True)
def jobs_run_inline() -> Iterator[None]:
    """Jobs run inline when queued (Huey's immediate mode); tests that start a real worker use
    their own processes and settings."""
    from laoke.jobs.queue import HUEY

    before = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = before


@pytest.fixture(autouse=True, scope="session")
def export_files_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Files written for download (long exports) go to a folder of the test run, not the checkout."""
    from django.conf import settings

    settings.EXPORT_DIR = tmp_path_factory.mktemp("exports")


@pytest.fixture(autouse=True, scope="session")
def cache_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The shared file cache of the settings, in a folder of this test run (one per xdist worker:
    two test databases could reach the same book version with different rows)."""
    from django.conf import settings
    from django.test import override_settings

    shared = {**settings.CACHES["default"], "LOCATION": str(tmp_path_factory.mktemp("cache"))}
    with override_settings(CACHES={"default": shared}):
        yield


#: The project's password hashers (Django's default list: PBKDF2-SHA256 with 1,000,000 rounds).
PRODUCTION_PASSWORD_HASHERS: list[str] = []


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing() -> Iterator[None]:
    """Passwords are hashed with the production algorithm and format but few rounds (a third of a
    second of CPU per password saved hundreds of times a run); ``production_password_hashers``
    restores the project's setting for the tests that check it."""
    from django.conf import settings
    from django.test import override_settings

    PRODUCTION_PASSWORD_HASHERS[:] = settings.PASSWORD_HASHERS
    with override_settings(PASSWORD_HASHERS=["tests.hashers.FewRoundsPBKDF2PasswordHasher"]):
        yield


@pytest.fixture
def production_password_hashers() -> Iterator[list[str]]:
    """The project's own password hashers, as configured outside the test run."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=PRODUCTION_PASSWORD_HASHERS):
        yield PRODUCTION_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: a rolled-back test leaves ids that the next one reuses
    (SQLite), so the book version of a cached KPI pack or dashboard could repeat across tests."""
    from django.core.cache import cache

    from laoke.cadence.services.today import forget_kept_rankings
    from laoke.web.customer_query import forget_kept_tables
    from laoke.web.views.dashboard import forget_kept_bodies

    cache.clear()
    forget_kept_tables()  # the customer list's tables kept per process and book version
    forget_kept_bodies()  # the dashboards drawn by this process per scope and book version
    forget_kept_rankings()  # Today's rankings kept by this process per agenda and scores
    yield
