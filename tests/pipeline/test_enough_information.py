"""An inquiry that states too little gets no similarity: the pages say so and name what would help."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import User
from laoke.customers.models import Customer
from laoke.pipeline.models import Prospect

pytestmark = pytest.mark.django_db


def _record(client: Client, **fields: str) -> Prospect:
    client.post("/inquiries/new/", {"created_on": timezone.localdate().isoformat(), **fields})
    return Prospect.objects.get(name=fields["name"])


def test_a_headcount_alone_does_not_top_the_list(
    sales_client: Client, graded_book: list[Customer], sales: User
) -> None:
    """A headcount-only inquiry reads 'not enough information' and sorts below a real look-alike."""
    thin = _record(sales_client, name="Only Headcount", headcount="510")
    full = _record(
        sales_client,
        name="Hamburg Pigments",
        kind="distributor",
        headcount="480",
        expected_value="290000",
        payment_terms="LC",
    )
    assert thin.lookalike_score is None and full.lookalike_score is not None
    page = sales_client.get("/inquiries/").content.decode()
    assert page.index("Hamburg Pigments") < page.index("Only Headcount")
    assert "not enough information" in page
    detail = sales_client.get(f"/inquiries/{thin.pk}/").content.decode()
    assert "Not enough information to compare" in detail and "These would help most:" in detail
    assert "yearly purchases from us" in detail and "0 %" not in detail


def test_an_empty_inquiry_shows_no_neighbours_in_chinese(
    sales_client: Client, graded_book: list[Customer], sales: User
) -> None:
    """An inquiry with only a name lists no 0 % neighbours; in Chinese it says 信息不足."""
    empty = _record(sales_client, name="Just A Name")
    sales_client.cookies["django_language"] = "zh-hans"
    detail = sales_client.get(f"/inquiries/{empty.pk}/").content.decode()
    assert "信息不足" in detail and "Big 1" not in detail and "年采购额" in detail
