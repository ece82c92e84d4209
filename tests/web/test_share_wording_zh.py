"""'Share' as a part of the total (dashboard, KPIs) and 'Share' the verb (sharing a customer) read differently
in Chinese: the verb once overrode the other, so the dashboard's share column read 共享 (shared)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from laoke.accounts.models import RoleChoices, User

pytestmark = pytest.mark.django_db


def test_share_of_a_total_and_share_the_verb_in_chinese() -> None:
    """Without context it is 占比 (the dashboard's and KPI columns); with context 'verb' it is 共享."""
    with translation.override("zh-hans"):
        assert translation.gettext("Share") == "占比"
        assert translation.pgettext("verb", "Share") == "共享"


def test_dashboard_share_column_in_chinese(client: Client) -> None:
    """The dashboard's grade table heads its last column 占比."""
    client.force_login(User.objects.create_user("boss", password="pw", role=RoleChoices.MANAGER))
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse("dashboard")).content.decode()
    assert '<th scope="col" class="text-end">占比</th>' in page
    assert ">共享<" not in page
