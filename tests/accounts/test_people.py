"""Adding people and moving them between teams: who may, what is stored, the first login."""

from __future__ import annotations

import pytest
from django.test import Client

from laoke.accounts.models import RoleChoices, Team, User
from laoke.audit.models import AuditEvent
from tests.web import factories as f

pytestmark = pytest.mark.django_db
PASSWORD = "Tmp-pass-4821-x"


def _new(username: str, **fields: object) -> dict[str, object]:
    base = {"username": username, "first_name": "Wei", "last_name": "Zhang", "email": ""}
    return {**base, "role": "salesperson", "team": "", "password1": PASSWORD, "password2": PASSWORD, **fields}


def test_company_manager_adds_a_salesperson_who_must_choose_a_password(client: Client) -> None:
    """The new account logs in with the temporary password and is sent to change it; audited."""
    boss = f.user("boss", role=RoleChoices.MANAGER)
    team = Team.objects.create(name="Europe")
    client.force_login(boss)
    client.cookies["django_language"] = "en"
    assert "Add a person" in client.get("/team/").content.decode()
    response = client.post("/team/people/new/", _new("zhangwei", team=team.pk))
    assert response.status_code == 302
    person = User.objects.get(username="zhangwei")
    assert (person.role, person.team, person.must_change_password) == ("salesperson", team, True)
    assert AuditEvent.objects.filter(action="person_added", target="zhangwei").exists()
    newcomer = Client()
    assert newcomer.login(username="zhangwei", password=PASSWORD)
    assert newcomer.get("/customers/").url.startswith("/account/password/")  # type: ignore[attr-defined]


def test_bad_input_is_named_and_nothing_is_created(client: Client) -> None:
    """A taken login, mismatched or weak passwords give the form back with the field named."""
    client.force_login(f.user("boss", role=RoleChoices.MANAGER))
    client.cookies["django_language"] = "en"
    f.user("taken")
    page = client.post("/team/people/new/", _new("TAKEN"))
    assert page.status_code == 400 and "This login name is taken." in page.content.decode()
    page = client.post("/team/people/new/", _new("li", password2="other"))
    assert page.status_code == 400 and "The two passwords differ." in page.content.decode()
    page = client.post("/team/people/new/", _new("li", password1="123", password2="123"))
    assert page.status_code == 400
    assert not User.objects.filter(username="li").exists()


def test_team_manager_adds_only_salespeople_to_their_own_team(client: Client) -> None:
    """A team manager adds salespeople to their own team only; a salesperson cannot add anyone."""
    mine, other = Team.objects.create(name="A"), Team.objects.create(name="B")
    lead = f.user("lead", role=RoleChoices.MANAGER, team=mine)
    client.force_login(lead)
    assert client.post("/team/people/new/", _new("x1", role="manager", team=mine.pk)).status_code == 400
    assert client.post("/team/people/new/", _new("x2", team=other.pk)).status_code == 400
    assert client.post("/team/people/new/", _new("x3")).status_code == 302
    assert User.objects.get(username="x3").team == mine
    assert set(User.objects.filter(username__startswith="x").values_list("username", flat=True)) == {"x3"}
    sales = Client()
    sales.force_login(f.user("sales", team=mine))
    assert sales.post("/team/people/new/", _new("x4")).status_code == 403


def test_company_manager_makes_a_salesperson_a_team_manager(client: Client) -> None:
    """Moving someone to another team and role is stored and audited; a team manager may not do it."""
    team = Team.objects.create(name="Asia")
    li = f.user("li")
    boss = f.user("boss", role=RoleChoices.MANAGER)
    client.force_login(boss)
    assert client.post(f"/team/{li.pk}/edit/", {"role": "manager", "team": team.pk}).status_code == 302
    li.refresh_from_db()
    assert (li.role, li.team) == ("manager", team) and li.is_manager
    assert AuditEvent.objects.get(action="person_changed").detail["after"] == {
        "role": "manager",
        "team": "Asia",
    }
    lead = Client()
    lead.force_login(f.user("lead", role=RoleChoices.MANAGER, team=team))
    zhao = f.user("zhao", team=team)
    assert lead.post(f"/team/{zhao.pk}/edit/", {"role": "manager", "team": team.pk}).status_code == 400
    assert lead.get(f"/team/{boss.pk}/edit/").status_code == 404


def test_labels_in_chinese(client: Client) -> None:
    """The form reads in Chinese."""
    client.force_login(f.user("boss", role=RoleChoices.MANAGER))
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/team/people/new/").content.decode()
    assert "添加人员" in page and "登录名" in page and "临时密码" in page
