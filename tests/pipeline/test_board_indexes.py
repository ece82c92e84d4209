"""The board reads prospects and the targets' follow-ups through indexes, not a scan of every row.

On the 10,000-customer demo book a scan of every prospect (15,000) or every task (26,000) cost
5-18 ms per query; the board sends eight of them on each visit.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from laoke.accounts.models import User
from laoke.pipeline.models import Prospect
from laoke.pipeline.services.board import move_prospect

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plans"),
]


def _full_scans(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        plan = [str(row[-1]) for row in cursor.fetchall()]
    return [step for step in plan if re.fullmatch(r"SCAN (pipeline_prospect|retention_task)", step)]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_board_reads_no_table_of_prospects_or_tasks_whole(
    manager_client: Client, sales: User, language: str
) -> None:
    today = timezone.localdate()
    for n in range(6):
        p = Prospect.objects.create(
            name=f"Prospect {n}", owner=sales, created_on=today, lookalike_score=n / 10
        )
        move_prospect(prospect=p, to="ABC"[n % 3] if n < 3 else "won", user=sales, today=today)
    manager_client.cookies["django_language"] = language
    with CaptureQueriesContext(connection) as queries:
        page = manager_client.get("/pipeline/").content.decode()
    assert "Prospect 5" in page and ("Pipeline" if language == "en" else "目标客户管道") in page
    scans = []
    for query in queries.captured_queries:
        sql = query["sql"]
        if "pipeline_prospect" in sql or "retention_task" in sql:
            # The logged SQL has its values inlined; a plan of it is the plan of the query sent.
            scans += [(step, sql[:200]) for step in _full_scans(sql)]
    assert scans == []


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return " | ".join(str(row[-1]) for row in cursor.fetchall())


def test_a_change_reads_the_follow_ups_by_target_and_counts_the_recent_won_and_dropped(
    manager_client: Client, sales_client: Client, sales: User
) -> None:
    """After a change the board reads the targets' follow-ups by their ids (not every open
    follow-up's JSON) and counts the won and dropped of the last 90 days only (not all of them)."""
    today = timezone.localdate()
    for n in range(4):
        p = Prospect.objects.create(name=f"Prospect {n}", owner=sales, created_on=today)
        move_prospect(prospect=p, to=["A", "B", "won", "removed"][n], user=sales, today=today, reason="gone")
    for client in (manager_client, sales_client):
        cache.clear()  # as after a change: nothing kept (the two see the same follow-ups)
        with CaptureQueriesContext(connection) as queries:
            assert "Prospect 0" in client.get("/pipeline/").content.decode()
        sent = [q["sql"] for q in queries.captured_queries]
        plans = [_plan(sql) for sql in sent]
        follow_ups = [p for p, sql in zip(plans, sent, strict=True) if "target_id" in sql]
        assert follow_ups and all("task_follow_up_target_idx" in p for p in follow_ups), follow_ups
        counts = [p for p, sql in zip(plans, sent, strict=True) if "COUNT(" in sql]
        assert len(counts) == 1, counts
        # The manager's counts: each column an index range (won_on / removed_on from the date on).
        # A salesperson's: their own entries of the owner's index, read without the rows.
        assert ("won_on>?" in counts[0] and "removed_on>?" in counts[0]) or (
            "COVERING INDEX prospect_owner_board_idx" in counts[0]
        ), counts
