"""Large imports from the web page: background thread, progress bar, failures, upload clean-up."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from laoke.accounts.models import RoleChoices, User
from laoke.customers.models import Customer
from laoke.importing.models import ImportBatch
from laoke.importing.services import order_lines
from laoke.orders.models import Order, OrderLine
from laoke.web import import_flow, import_jobs

# The import runs in another thread, on its own database connection: it must see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)

GOOD = "客户,日期,金额,币种\nACME,2025-01-05,1000,USD\nACME,2025-02-05,1200,USD\nBeta,2025-03-01,500,USD\n"
BAD = GOOD + "Gamma,2025-03-09,abc,USD\n"


@pytest.fixture(autouse=True)
def background(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Every file counts as large; uploads go to a private folder; threads are joined after the test."""
    monkeypatch.setattr(import_jobs, "BACKGROUND_BYTES", 0)
    monkeypatch.setattr(import_flow, "UPLOAD_DIR", tmp_path / "uploads")
    yield
    _wait_for_imports()


@pytest.fixture
def manager_client(client: Client) -> Client:
    """A manager, in English."""
    client.force_login(User.objects.create_user("boss", password="pw", role=RoleChoices.MANAGER))
    client.cookies["django_language"] = "en"
    return client


def _wait_for_imports() -> None:
    for thread in list(import_jobs.THREADS.values()):
        thread.join(timeout=60)


def _start(client: Client, text: str) -> ImportBatch:
    """Upload ``text`` and import it with the proposed mapping; return the background batch."""
    response = client.post(reverse("import"), {"file": SimpleUploadedFile("big.csv", text.encode())})
    mapping = {f"map{c['index']}": c["field"] for c in response.context["columns"]}
    response = client.post(reverse("import_run"), mapping)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("import_batch", args=[batch.pk])
    return batch


def test_batch_shows_progress_then_the_result(
    manager_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It shows a polling progress bar while the import runs, then sends the page to the result."""
    paused, resume = threading.Event(), threading.Event()
    real_write = import_jobs.write_progress

    def pausing(batch_id: int, progress: import_jobs.Progress) -> None:
        real_write(batch_id, progress)
        if progress.stage == "writing" and not paused.is_set():  # file read, transaction not open yet
            paused.set()
            resume.wait(timeout=30)

    monkeypatch.setattr(import_jobs, "write_progress", pausing)
    batch = _start(manager_client, GOOD)
    assert paused.wait(timeout=30)
    page = manager_client.get(reverse("import_batch", args=[batch.pk])).content.decode()
    assert 'data-import="progress"' in page and "3 rows read and checked; writing customers" in page
    assert reverse("import_progress", args=[batch.pk]) in page
    batch.refresh_from_db()
    assert (batch.status, batch.stage, batch.rows_total) == ("running", "writing", 3)
    resume.set()
    _wait_for_imports()

    batch.refresh_from_db()
    assert (batch.status, batch.rows_imported, batch.progress) == ("done", 3, 100)
    assert OrderLine.objects.count() == 3 and Customer.objects.count() == 2
    poll = manager_client.get(reverse("import_progress", args=[batch.pk]))
    assert poll["HX-Redirect"] == reverse("import_batch", args=[batch.pk])
    result = manager_client.get(reverse("import_batch", args=[batch.pk])).content.decode()
    assert "Import finished" in result and 'data-import="progress"' not in result
    assert list(import_flow.UPLOAD_DIR.iterdir()) == []  # the upload and the progress file are gone


def test_crash_ends_failed_with_the_reason_and_writes_nothing(
    manager_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It rolls the whole import back when writing fails, says why, and keeps the upload for a retry."""

    def broken(rows: list[tuple[object, ...]]) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(order_lines, "_insert_lines", broken)
    batch = _start(manager_client, GOOD)
    _wait_for_imports()
    batch.refresh_from_db()
    assert batch.status == "failed" and batch.failure == "OSError: disk full"
    assert (Customer.objects.count(), Order.objects.count(), OrderLine.objects.count()) == (0, 0, 0)
    page = manager_client.get(reverse("import_batch", args=[batch.pk])).content.decode()
    assert "nothing was imported" in page and "OSError: disk full" in page
    assert len(list(import_flow.UPLOAD_DIR.glob("*"))) == 1  # the uploaded file, not the progress file


def test_bad_row_in_the_background_is_reported_like_a_small_file(manager_client: Client) -> None:
    """It writes nothing when a row is wrong and offers the error report."""
    batch = _start(manager_client, BAD)
    _wait_for_imports()
    batch.refresh_from_db()
    assert (batch.status, batch.rows_rejected, batch.failure) == ("failed", 1, "")
    assert Order.objects.count() == 0
    page = manager_client.get(reverse("import_batch", args=[batch.pk])).content.decode()
    assert "Nothing was imported" in page and reverse("import_errors", args=[batch.pk]) in page


def test_batch_of_a_vanished_server_process_is_marked_failed(manager_client: Client) -> None:
    """It marks a running batch failed when the process that ran it is gone (a restart)."""
    batch = ImportBatch.objects.create(kind="orders", file_name="big.csv", stage="writing")
    dead = subprocess.Popen(["true"])
    dead.wait()
    import_flow.UPLOAD_DIR.mkdir()
    import_jobs.progress_path(batch.pk).write_text(
        f'{{"pid": {dead.pid}, "stage": "writing", "done": 5, "total": 10}}'
    )
    page = manager_client.get(reverse("import_batch", args=[batch.pk])).content.decode()
    batch.refresh_from_db()
    assert (batch.status, batch.failure) == ("failed", import_jobs.PROCESS_GONE)
    assert "The server was restarted while it ran." in page


def test_stale_uploads_are_swept_when_a_file_comes_in(manager_client: Client) -> None:
    """It deletes kept uploads older than a day at the next upload, and keeps fresh ones."""
    import_flow.UPLOAD_DIR.mkdir()
    old, fresh = import_flow.UPLOAD_DIR / "old", import_flow.UPLOAD_DIR / "fresh"
    old.write_text("x")
    fresh.write_text("x")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    manager_client.post(reverse("import"), {"file": SimpleUploadedFile("o.csv", GOOD.encode())})
    names = {p.name for p in import_flow.UPLOAD_DIR.iterdir()}
    assert "old" not in names and "fresh" in names and len(names) == 2
