"""The token page: a new token is shown once, only its hash is kept, revoking is one's own business."""

from __future__ import annotations

import re
from typing import Any

from django.core.management import call_command
from django.test import Client

from laoke.api.models import ApiToken
from laoke.api.services.tokens import hash_token
from tests.api.conftest import ApiClient


def _logged_in(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_a_new_token_is_shown_once_and_works(people: dict[str, Any]) -> None:
    """After creating, the page shows the token; on the next visit only the prefix is left."""
    client = _logged_in(people["sales1"])
    page = client.post("/api/keys/new/", {"name": "ERP sync"}, follow=True).content.decode()
    raw = re.search(r'data-token="new">(laoke_[^<]+)<', page)
    assert raw is not None
    token = ApiToken.objects.get(user=people["sales1"])
    assert token.key_hash == hash_token(raw.group(1)) and token.name == "ERP sync"
    assert ApiClient(raw.group(1)).get("/customers").json()["count"] == 2
    again = client.get("/api/keys/").content.decode()
    assert raw.group(1) not in again and token.prefix in again


def test_revoking_works_only_on_ones_own_tokens(people: dict[str, Any]) -> None:
    """sales2 cannot revoke sales1's token (404); sales1 can."""
    client = _logged_in(people["sales1"])
    client.post("/api/keys/new/", {"name": "Laptop"})
    token = ApiToken.objects.get(user=people["sales1"])
    assert _logged_in(people["sales2"]).post(f"/api/keys/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    client.post(f"/api/keys/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_nameless_token_is_refused(people: dict[str, Any]) -> None:
    """An empty name creates nothing and says why."""
    page = _logged_in(people["sales1"]).post("/api/keys/new/", {"name": "  "}, follow=True).content.decode()
    assert "Give the token a name" in page
    assert not ApiToken.objects.exists()


def test_the_command_prints_a_token_once(people: dict[str, Any], capsys: Any) -> None:
    """`laoke token create sales1` prints a working token; `list` shows the prefix only."""
    call_command("token", "create", "sales1", "--name", "cron")
    raw = capsys.readouterr().out.strip()
    assert ApiClient(raw).get("/customers").status_code == 200
    call_command("token", "list", "sales1")
    listing = capsys.readouterr().out
    assert "cron" in listing and raw not in listing
