"""A team manager's Today follows the team: a person who joins or leaves it shows or drops out on
the next visit, though no task was written (the cached agenda is keyed on what the scope holds)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import RoleChoices, Team, User
from laoke.accounts.services.people import change_person
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _today(client: Client) -> str:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_a_person_moved_into_or_out_of_the_team_changes_the_managers_today() -> None:
    north, south = Team.objects.create(name="North"), Team.objects.create(name="South")
    lead = f.user("lead", role=RoleChoices.MANAGER, team=north)
    boss = f.user("boss", role=RoleChoices.MANAGER)  # sees everything: may move people
    li = f.user("li", team=north)
    wang = f.user("wang", team=south)
    today = timezone.localdate()
    f.task(f.customer("Li's customer", owner=li), li, today, title_en="Call Li's customer")
    f.task(f.customer("Wang's customer", owner=wang), wang, today, title_en="Call Wang's customer")
    client = Client()
    client.force_login(lead)
    page = _today(client)
    assert "Call Li&#x27;s customer" in page and "Call Wang&#x27;s customer" not in page

    change_person(by=boss, person=User.objects.get(pk=wang.pk), role=RoleChoices.SALESPERSON, team=north)
    page = _today(client)
    assert "Call Wang&#x27;s customer" in page

    change_person(by=boss, person=User.objects.get(pk=li.pk), role=RoleChoices.SALESPERSON, team=south)
    page = _today(client)
    assert "Call Li&#x27;s customer" not in page and "Call Wang&#x27;s customer" in page
