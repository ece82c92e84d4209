"""``laoke inquiries score FILE`` and ``laoke inquiries rescore``."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from laoke.accounts.models import User
from laoke.customers.models import Customer
from laoke.pipeline.models import Prospect

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("inquiries", *args, stdout=out)
    return out.getvalue()


def test_score_prints_the_rows_best_first_without_saving(tmp_path: Path, graded_book: list[Customer]) -> None:
    """It prints each row with its score and nearest customers, the closest look-alike first."""
    path = tmp_path / "inq.csv"
    path.write_text("name,kind,headcount,expected value\nTiny,end_user,4,1500\nHuge,distributor,520,310000\n")
    lines = run("score", str(path)).splitlines()
    assert lines[0].startswith("File row\tName\tSimilarity")
    assert lines[1].split("\t")[:2] == ["3", "Huge"] and lines[2].split("\t")[:2] == ["2", "Tiny"]
    assert float(lines[1].split("\t")[2]) > float(lines[2].split("\t")[2])
    assert not Prospect.objects.exists()


def test_score_with_save_records_for_the_owner(
    tmp_path: Path, graded_book: list[Customer], sales: User
) -> None:
    """It records the inquiries for the named owner when asked to."""
    path = tmp_path / "inq.csv"
    path.write_text("name,kind\nHuge,distributor\n")
    assert "1 inquiries recorded." in run("score", str(path), "--save", "--owner", "sales1")
    assert Prospect.objects.get().owner == sales


def test_a_bad_file_scores_nothing_and_names_the_row(tmp_path: Path) -> None:
    """It stops with the row and column of each problem."""
    path = tmp_path / "inq.csv"
    path.write_text("name,delivery sensitivity\nA,9\n")
    with pytest.raises(CommandError, match=r"Row 2, “delivery sensitivity”: 9 is outside 1…5\."):
        run("score", str(path), "--save")
    assert not Prospect.objects.exists()


def test_rescore_scores_the_open_ones(graded_book: list[Customer], sales: User) -> None:
    """It scores every open inquiry and target, not the won or dropped ones."""
    Prospect.objects.create(name="Open", owner=sales, created_on="2026-01-01", kind="distributor")
    Prospect.objects.create(name="Gone", owner=sales, created_on="2026-01-01", status="removed")
    assert "1 inquiries and targets scored." in run("rescore")
    # An inquiry stating only its kind is too thin for a score: it is looked at (scored_on) but
    # shows "not enough information"; the dropped one is not looked at at all.
    assert Prospect.objects.get(name="Open").scored_on is not None
    assert Prospect.objects.get(name="Open").lookalike_score is None
    assert Prospect.objects.get(name="Gone").scored_on is None
