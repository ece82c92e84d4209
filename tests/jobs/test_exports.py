"""Long exports run as jobs: the user waits on the job's page and downloads the file from there."""

from __future__ import annotations

import io
import os
import stat
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from python_calamine import CalamineWorkbook

from laoke.accounts.models import RoleChoices, User
from laoke.jobs.exports import file_path, remove_old
from laoke.jobs.models import Job
from tests.jobs.downloads import file_bytes, follow_export
from tests.web import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def book() -> dict[str, User]:
    """Twelve customers of sales1, three of sales2, and their manager."""
    sales1, sales2 = f.user("sales1"), f.user("sales2")
    boss = f.user("boss", role=RoleChoices.MANAGER)
    for i in range(12):
        f.customer(f"Alpha {i:02d} GmbH", code=f"A{i:02d}", owner=sales1)
    for i in range(3):
        f.customer(f"Beta {i} SARL", code=f"B{i}", owner=sales2)
    return {"sales1": sales1, "sales2": sales2, "boss": boss}


def _client(user: User, lang: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = lang
    return client


def _rows(data: bytes) -> list[list[object]]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def test_a_small_list_downloads_at_once(book: dict[str, User]) -> None:
    """Up to the inline limit the export answers with the file itself; no job is queued."""
    response = _client(book["sales1"]).get("/customers/export.xlsx")
    assert response.status_code == 200 and not Job.objects.filter(kind="export").exists()
    assert len(_rows(response.content)) == 1 + 12


def test_a_long_list_is_written_by_a_worker_and_offered_on_the_job_page(
    book: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over the limit: a job writes the file; the job page links it; only the author may download it."""
    monkeypatch.setenv("LAOKE_EXPORT_INLINE_ROWS", "5")
    sales1 = _client(book["sales1"])
    download = follow_export(sales1, sales1.get("/customers/export.xlsx?q=Alpha"))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="laoke-customers-')
    rows = _rows(file_bytes(download))
    assert len(rows) == 1 + 12 and {r[0] for r in rows[1:]} == {f"A{i:02d}" for i in range(12)}
    job = Job.objects.get(kind="export")
    assert job.state == Job.State.DONE and job.result["rows"] == 12
    path = file_path(job)
    assert path is not None and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    # Nobody else reads it: not a colleague, not the manager (who sees the job but not the link).
    assert _client(book["sales2"]).get(f"/jobs/{job.pk}/download/").status_code == 404
    boss = _client(book["boss"])
    assert boss.get(f"/jobs/{job.pk}/download/").status_code == 404
    assert "/download/" not in boss.get(f"/jobs/{job.pk}/wait/").content.decode()
    assert _client(book["sales2"]).get(f"/jobs/{job.pk}/wait/").status_code == 404


def test_the_file_is_written_in_the_askers_language(
    book: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user reading Chinese gets Chinese column titles and a Chinese job page."""
    monkeypatch.setenv("LAOKE_EXPORT_INLINE_ROWS", "0")
    client = _client(book["sales1"], "zh-hans")
    queued = client.get("/customers/export.csv")
    page = client.get(queued["Location"]).content.decode()
    assert "下载文件" in page and "准备下载文件" in page
    download = follow_export(client, queued)
    text = file_bytes(download).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("编号,名称,国家")


def test_a_salesperson_still_cannot_export_beyond_the_limit_through_a_job(
    book: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The salesperson's export limit is checked before anything is queued."""
    from laoke.customers.models import AccessPolicy

    monkeypatch.setenv("LAOKE_EXPORT_INLINE_ROWS", "0")
    policy = AccessPolicy.current()
    policy.export_row_limit = 5
    policy.save()
    response = _client(book["sales1"]).get("/customers/export.xlsx")
    assert response.status_code == 302 and response["Location"].startswith("/customers/")
    assert not Job.objects.filter(kind="export").exists()


def test_old_export_files_are_removed() -> None:
    """Files older than the keeping period go when the next export runs."""
    folder = Path(settings.EXPORT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    old, new = folder / "job-900001.xlsx", folder / "job-900002.xlsx"
    old.write_bytes(b"x")
    new.write_bytes(b"y")
    eight_days_ago = time.time() - 8 * 86400
    os.utime(old, (eight_days_ago, eight_days_ago))
    assert remove_old() >= 1
    assert not old.exists() and new.exists()
    new.unlink()
