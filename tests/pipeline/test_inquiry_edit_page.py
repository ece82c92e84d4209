"""The inquiry's edit page opens with its form filled, for the owner and for a manager."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from laoke.accounts.models import RoleChoices
from laoke.pipeline.models import Prospect
from tests.web import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["owner", "manager"])
def test_the_edit_page_opens_with_the_inquiry_filled_in(who: str) -> None:
    """GET shows the form with the stored name (the page once failed on a missing template filter)."""
    owner = f.user("sales1")
    boss = f.user("boss", role=RoleChoices.MANAGER)
    p = Prospect.objects.create(name="Hamburg Pigments", owner=owner, created_on=dt.date(2026, 1, 5))
    client = Client()
    client.force_login(owner if who == "owner" else boss)
    response = client.get(f"/inquiries/{p.pk}/edit/")
    assert response.status_code == 200
    assert 'value="Hamburg Pigments"' in response.content.decode()
