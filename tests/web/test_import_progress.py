"""Large imports from the web page: an ``import`` job, its progress bar, failures, upload clean-up."""

from __future__ import annotations

import os
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
from laoke.importing.services import flow as import_flow
from laoke.importing.services import jobs as import_jobs
from laoke.importing.services import order_lines
from laoke.jobs import queue, runner, services
from laoke.jobs.models import Job
from laoke.orders.models import Order, OrderLine

pytestmark = pytest.mark.django_db

GOOD = "客户,日期,金额,币种\nACME,2025-01-05,1000,USD\nACME,2025-02-05,1200,USD\nBeta,2025-03-01,500,USD\n"
BAD = GOOD + "Gamma,2025-03-09,abc,USD\n"


@pytest.fixture(autouse=True)
def background(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[int]]:
    """Every file counts as large; uploads go to a private folder; queued jobs wait for the test."""
    monkeypatch.setattr(import_jobs, "BACKGROUND_BYTES", 0)
    monkeypatch.setattr(import_flow, "UPLOAD_DIR", tmp_path / "uploads")
    sent: list[int] = []
    monkeypatch.setattr(services, "send", lambda job_id, delay=None: sent.append(job_id))
    yield sent


@pytest.fixture
def manager_client(client: Client) -> Client:
    """A manager, in English."""
    client.force_login(User.objects.create_user("boss", password="pw", role=RoleChoices.MANAGER))
    client.cookies["django_language"] = "en"
    return client


def _start(client: Client, text: str) -> ImportBatch:
    """Upload ``text`` and import it with the proposed mapping; return the queued batch."""
    response = client.post(reverse("import"), {"file": SimpleUploadedFile("big.csv", text.encode())})
    mapping = {f"map{c['index']}": c["field"] for c in response.context["columns"]}
    response = client.post(reverse("import_run"), mapping)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("import_batch", args=[batch.pk])
    return batch


def _run_queued(sent: list[int]) -> None:
    """Be the worker: run every queued job (the import queues a re-score after it)."""
    while sent:
        job_id = sent.pop(0)
        try:
            runner.execute(job_id)
        except Exception:
            continue


def test_batch_shows_progress_then_the_result(manager_client: Client, background: list[int]) -> None:
    """It shows a polling progress bar while the job waits and runs, then sends the page to the result."""
    batch = _start(manager_client, GOOD)
    job = Job.objects.get(kind="import")
    page = manager_client.get(reverse("import_batch", args=[batch.pk])).content.decode()
    assert 'data-import="progress"' in page and reverse("import_progress", args=[batch.pk]) in page
    Job.objects.filter(pk=job.pk).update(state="running", attempts=1)
    queue.write_live(job.pk, stage="writing", done=0, total=3)
    page = manager_client.get(reverse("import_batch", args=[batch.pk])).content.decode()
    assert "3 rows read and checked; writing customers" in page
    Job.objects.filter(pk=job.pk).update(state="queued", attempts=0)

    _run_queued(background)
    batch.refresh_from_db()
    assert (batch.status, batch.rows_imported, batch.progress) == ("done", 3, 100)
    assert OrderLine.objects.count() == 3 and Customer.objects.count() == 2
    assert Job.objects.get(kind="score").state == "done"  # the import re-scored the book
    poll = manager_client.get(reverse("import_progress", args=[batch.pk]))
    assert poll["HX-Redirect"] == reverse("import_batch", args=[batch.pk])
    result = manager_client.get(reverse("import_batch", args=[batch.pk])).content.decode()
    assert "Import finished" in result and 'data-import="progress"' not in result
    assert list(import_flow.UPLOAD_DIR.iterdir()) == []  # the upload is gone


def test_crash_ends_failed_with_the_reason_and_writes_nothing(
    manager_client: Client, monkeypatch: pytest.MonkeyPatch, background: list[int]
) -> None:
    """Three failed attempts roll back each time, end the job and its batch failed with the reason."""

    def broken(rows: list[tuple[object, ...]]) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(order_lines, "_insert_lines", broken)
    batch = _start(manager_client, GOOD)
    job = Job.objects.get(kind="import")
    for _attempt in range(3):
        _run_queued([job.pk])
    job.refresh_from_db()
    batch.refresh_from_db()
    assert (job.state, job.attempts) == ("failed", 3)
    assert batch.status == "failed" and batch.failure == "OSError: disk full"
    assert (Customer.objects.count(), Order.objects.count(), OrderLine.objects.count()) == (0, 0, 0)
    page = manager_client.get(reverse("import_batch", args=[batch.pk])).content.decode()
    assert "nothing was imported" in page and "OSError: disk full" in page
    assert len(list(import_flow.UPLOAD_DIR.glob("*"))) == 1  # the uploaded file, for a retry


def test_bad_row_in_the_background_is_reported_like_a_small_file(
    manager_client: Client, background: list[int]
) -> None:
    """It writes nothing when a row is wrong and offers the error report."""
    batch = _start(manager_client, BAD)
    _run_queued(background)
    batch.refresh_from_db()
    assert (batch.status, batch.rows_rejected, batch.failure) == ("failed", 1, "")
    assert Order.objects.count() == 0
    page = manager_client.get(reverse("import_batch", args=[batch.pk])).content.decode()
    assert "Nothing was imported" in page and reverse("import_errors", args=[batch.pk]) in page


def test_batch_whose_job_failed_for_good_is_marked_failed(manager_client: Client) -> None:
    """A running batch whose job's worker was lost three times ends failed with that reason."""
    batch = ImportBatch.objects.create(kind="orders", file_name="big.csv", stage="writing")
    Job.objects.create(
        kind="import", params={"batch": batch.pk}, state="failed", attempts=3, error_code="worker_lost"
    )
    manager_client.get(reverse("import_batch", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "failed" and "worker running it stopped" in batch.failure


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
