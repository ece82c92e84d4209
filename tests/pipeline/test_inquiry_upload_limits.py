"""The inquiry upload answers a hostile workbook with the reader's message and records nothing."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from laoke.pipeline.models import Prospect
from tests.fileio.hostile import long_cell_workbook, stray_cell_workbook


def test_a_workbook_with_a_stray_far_cell_is_refused(sales_client: Client) -> None:
    """A salesperson's upload with a cell at C1048576 is refused naming it; nothing is recorded."""
    upload = SimpleUploadedFile("inq.xlsx", stray_cell_workbook())
    page = sales_client.post("/inquiries/import/", {"file": upload}, follow=True).content.decode()
    assert "C1048576" in page and "Nothing was imported" in page
    assert not Prospect.objects.exists()


def test_a_workbook_with_an_overlong_cell_is_refused(sales_client: Client) -> None:
    """A cell of 40,000 characters is refused naming the cell and the limit."""
    upload = SimpleUploadedFile("inq.xlsx", long_cell_workbook())
    page = sales_client.post("/inquiries/import/", {"file": upload}, follow=True).content.decode()
    assert "B2" in page and "32,767" in page
    assert not Prospect.objects.exists()
