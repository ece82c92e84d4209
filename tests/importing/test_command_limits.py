"""``laoke import`` refuses a hostile workbook with exit code 2 and a message naming the cell."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from laoke.orders.models import OrderLine
from tests.fileio.hostile import long_cell_workbook, stray_cell_workbook

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("data", "named"), [(stray_cell_workbook(), "C1048576"), (long_cell_workbook(), "Cell B2")]
)
def test_a_hostile_workbook_exits_2_naming_the_cell(tmp_path: Path, data: bytes, named: str) -> None:
    """The command stops with exit code 2 and the reason; nothing is written."""
    path = tmp_path / "orders.xlsx"
    path.write_bytes(data)
    with translation.override("en"), pytest.raises(CommandError) as caught:
        call_command(
            "import_data", "orders", str(path), "--quiet", stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert caught.value.returncode == 2
    assert named in str(caught.value)
    assert not OrderLine.objects.exists()
