"""The import page answers a hostile workbook with the reader's message, not a dead worker."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from laoke.accounts.models import RoleChoices, User
from laoke.importing.services.flow import SESSION_KEY
from tests.fileio.hostile import long_cell_workbook, stray_cell_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client: Client) -> Client:
    client.force_login(User.objects.create_user("boss", password="pw", role=RoleChoices.MANAGER))
    return client


def _upload(client: Client, name: str, data: bytes) -> tuple[int, str]:
    response = client.post(reverse("import"), {"file": SimpleUploadedFile(name, data), "kind": "orders"})
    return response.status_code, response.content.decode()


def test_a_workbook_with_a_stray_far_cell_is_refused_with_the_cell_named(manager_client: Client) -> None:
    """The upload answers 400 naming the far cell; the file is not kept for an import."""
    status, page = _upload(manager_client, "orders.xlsx", stray_cell_workbook())
    assert status == 400
    assert "C1048576" in page and "Sheet1" in page
    assert SESSION_KEY not in manager_client.session


def test_a_workbook_with_an_overlong_cell_is_refused_with_the_limit(manager_client: Client) -> None:
    """The upload answers 400 naming cell B2 and the limit of 32,767 characters."""
    status, page = _upload(manager_client, "orders.xlsx", long_cell_workbook())
    assert status == 400
    assert "B2" in page and "32,767" in page


def test_the_preview_shows_long_cells_shortened(manager_client: Client) -> None:
    """A 500-character customer name shows as 80 characters and an ellipsis."""
    name = "N" * 500
    status, page = _upload(manager_client, "o.csv", f"客户,日期,金额\n{name},2025-01-05,1000\n".encode())
    assert status == 200
    assert name not in page and "N" * 80 + "…" in page
