"""The cache is shared by the web app's processes, and a change made by one is seen by the others.

Each gunicorn worker is a process with its own cache object; the settings point them all at one
folder (``laoke.platform.cache``). "Another process" here is a second cache object made from the
same settings, as another worker makes it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

import laoke
from laoke.accounts.models import User
from laoke.cadence.services import today as today_service
from laoke.customers.models import Customer
from laoke.retention.models import Task, TaskStatusChoices
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _another_process() -> None:
    """Serve the next requests with a cache object of their own, as another worker process does."""
    setattr(caches._connections, "default", caches.create_connection("default"))  # type: ignore[attr-defined]  # noqa: B010


def test_an_entry_written_by_another_process_is_read_here() -> None:
    """Another process started with the same settings writes an entry; this process reads it."""
    from django.conf import settings

    folder = str(settings.CACHES["default"]["LOCATION"])
    env = {**os.environ, "LAOKE_CACHE_DIR": folder, "DJANGO_SETTINGS_MODULE": "laoke.project.settings"}
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(Path(laoke.__file__).parents[1]), env.get("PYTHONPATH")])
    )
    code = (
        "import django; django.setup(); from django.core.cache import cache; cache.set('laoke-test', 'seen')"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=120)
    assert caches.create_connection("default").get("laoke-test") == "seen"


@pytest.mark.parametrize(("language", "word"), [("en", "Your list for today"), ("zh-hans", "今日清单")])
def test_today_ranked_by_one_process_is_served_by_another_until_a_task_changes(
    sales_client: Client, sales: User, monkeypatch: pytest.MonkeyPatch, language: str, word: str
) -> None:
    """Today's ranking made by one worker serves the next (no ranking again); a task closed by a
    plain UPDATE elsewhere (no signal) is gone from the next page whichever worker serves it."""
    sales_client.cookies["django_language"] = language
    customer = f.customer("Osaka Trading", owner=sales)
    day = timezone.localdate()
    first = f.task(customer, sales, day, title_en="Call about samples", title_zh="打电话确认样品")
    f.task(customer, sales, day, title_en="Send the price list", title_zh="发送价目表")
    html = sales_client.get("/").content.decode()
    assert word in html and ("Call about samples" in html or "打电话确认样品" in html)

    def no_ranking(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("ranked again")

    _another_process()
    monkeypatch.setattr(today_service, "rank", no_ranking)
    html = sales_client.get("/").content.decode()  # the other worker's ranking, from the shared folder
    assert "Send the price list" in html or "发送价目表" in html

    monkeypatch.undo()
    Task.objects.filter(pk=first.pk).update(status=TaskStatusChoices.DONE)  # as another process would
    _another_process()
    html = sales_client.get("/").content.decode()
    assert "Call about samples" not in html and "打电话确认样品" not in html
    assert "Send the price list" in html or "发送价目表" in html


def test_a_customer_added_by_one_process_is_listed_by_another(manager_client: Client, sales: User) -> None:
    """The customer list's cached order (per book version) is shared; a new customer moves the version."""
    f.customer("Alpha Trading", owner=sales)
    assert "Alpha Trading" in manager_client.get("/customers/").content.decode()
    _another_process()
    Customer.objects.create(code="Z-1", name="Beta Trading", country="DE", owner=sales)
    _another_process()
    html = manager_client.get("/customers/").content.decode()
    assert "Alpha Trading" in html and "Beta Trading" in html
    manager_client.cookies["django_language"] = "zh-hans"
    assert "Beta Trading" in manager_client.get("/customers/").content.decode()
