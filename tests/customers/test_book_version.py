"""The book version: one query of indexed maxima, moved by a re-score's new scorecards."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from laoke.customers.book_cache import book_version
from laoke.retention.models import CustomerScore
from laoke.retention.services.storage import clear_table
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def test_the_version_is_one_query_of_ids_and_moves_when_the_scores_are_written_again() -> None:
    """It reads no scorecard column but the id (the latest ``computed_at`` scanned every one on
    each visit of a cached page); a re-score, which deletes and rewrites them, still moves it."""
    owner = f.user("li")
    f.score(f.customer("Osaka Trading", owner=owner), grade="A")
    with CaptureQueriesContext(connection) as queries:
        before = book_version()
    assert len(queries.captured_queries) == 1
    assert "computed_at" not in queries.captured_queries[0]["sql"]
    assert book_version() == before
    rows = list(CustomerScore.objects.values())
    clear_table(CustomerScore)
    CustomerScore.objects.bulk_create([CustomerScore(**{**r, "id": None}) for r in rows])
    assert book_version() != before
