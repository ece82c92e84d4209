"""The first account of a book of one's own, made by ``laoke createsuperuser`` (README)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from laoke.accounts.models import RoleChoices, User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "role"), [("en", "Administrator"), ("zh-hans", "管理员")])
def test_createsuperuser_makes_an_administrator(
    monkeypatch: pytest.MonkeyPatch, language: str, role: str
) -> None:
    """It is an administrator, named as one, who reaches the manager's pages (the menu's button
    told screen readers "boss (业务员)", a salesperson, for the account that runs the company)."""
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Boss-pass-2026")
    call_command("createsuperuser", interactive=False, username="boss", email="boss@example.com", verbosity=0)
    boss = User.objects.get(username="boss")
    assert boss.role == RoleChoices.ADMIN and boss.is_superuser and boss.is_manager
    client = Client()
    client.force_login(boss)
    client.cookies["django_language"] = language
    page = client.get("/").content.decode()
    assert f'boss <span class="visually-hidden">({role})</span>' in page  # read out by screen readers
    assert client.get("/import/").status_code == 200


def test_a_plain_user_is_still_a_salesperson() -> None:
    assert User.objects.create_user("s1", password="pw").role == RoleChoices.SALESPERSON
