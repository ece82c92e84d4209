"""Team pages: handover through the web, the shared pool, team rules, dossiers; managers only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import RoleChoices, Team, User
from laoke.audit.models import AuditAction, AuditEvent
from laoke.customers.models import AccessPolicy, Customer, HandoverDossier
from laoke.customers.services.pool import return_to_pool
from laoke.retention.models import Task
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def client_for(user: User, lang: str = "en") -> Client:
    """A logged-in client in the given language."""
    c = Client()
    c.force_login(user)
    c.cookies["django_language"] = lang
    return c


@pytest.fixture
def boss() -> User:
    """A manager without a team (sees everyone)."""
    return f.user("boss", role=RoleChoices.MANAGER)


def test_salesperson_cannot_open_team_pages(boss: User) -> None:
    """Team, handover and audit pages answer 403 to a salesperson."""
    s = f.user("s1")
    c = client_for(s)
    for url in ("/team/", f"/team/{s.pk}/handover/", "/audit/"):
        assert c.get(url).status_code == 403, url
    assert c.post("/team/policy/", {"export_row_limit": "99999"}).status_code == 403
    assert AccessPolicy.current().export_row_limit == 300


def test_team_page_shows_share_of_sales(boss: User) -> None:
    """Each salesperson's share of the 12-month sales is shown (the risk if they leave)."""
    a, b = f.user("a", first_name="Ann"), f.user("b", first_name="Bob")
    f.score(f.customer("X", owner=a), revenue_12m=300.0)
    f.score(f.customer("Y", owner=b), revenue_12m=100.0)
    page = client_for(boss).get("/team/").content.decode()
    assert "75 %" in page and "25 %" in page


def test_handover_through_the_page_in_chinese(boss: User) -> None:
    """The form hands everything over, deactivates the account, and says so in Chinese."""
    leaver, heir = f.user("leaver"), f.user("heir")
    c1 = f.customer("Alpha", owner=leaver)
    f.task(c1, leaver, timezone.localdate())
    c = client_for(boss, "zh-hans")
    form = c.get(f"/team/{leaver.pk}/handover/").content.decode()
    assert "交接" in form and "Alpha" in form
    response = c.post(
        f"/team/{leaver.pk}/handover/", {"recipients": [heir.pk], "note": "hi", "confirm": "on"}, follow=True
    )
    assert "账号已停用" in response.content.decode()
    leaver.refresh_from_db()
    assert not leaver.is_active and Customer.objects.get(pk=c1.pk).owner == heir
    assert Task.objects.get(customer=c1).assignee == heir
    dossier_page = client_for(heir).get(f"/customers/{c1.pk}/dossiers/").content.decode()
    assert "Alpha" in dossier_page and "hi" in dossier_page


def test_handover_needs_a_recipient_and_confirmation(boss: User) -> None:
    """Without a recipient or the confirmation box nothing moves and the page says why."""
    leaver = f.user("leaver")
    f.customer("Alpha", owner=leaver)
    c = client_for(boss)
    response = c.post(f"/team/{leaver.pk}/handover/", {"confirm": "on"})
    assert response.status_code == 400 and "Choose at least one person" in response.content.decode()
    response = c.post(f"/team/{leaver.pk}/handover/", {"to_pool": "on"})
    assert response.status_code == 400
    leaver.refresh_from_db()
    assert leaver.is_active and Customer.objects.get(name="Alpha").owner == leaver


def test_dossier_page_is_hidden_from_other_salespeople(boss: User) -> None:
    """A salesperson who does not see the customer gets 404 on its dossiers."""
    leaver, heir, other = f.user("leaver"), f.user("heir"), f.user("other")
    c1 = f.customer("Alpha", owner=leaver)
    client_for(boss).post(f"/team/{leaver.pk}/handover/", {"recipients": [heir.pk], "confirm": "on"})
    assert HandoverDossier.objects.filter(customer=c1).count() == 1
    assert client_for(other).get(f"/customers/{c1.pk}/dossiers/").status_code == 404


def test_team_manager_cannot_hand_over_another_team(boss: User) -> None:
    """A manager in team East gets 404 for a West salesperson's handover page."""
    east, west = Team.objects.create(name="East"), Team.objects.create(name="West")
    lead = f.user("lead", role=RoleChoices.MANAGER, team=east)
    w = f.user("w", team=west)
    assert client_for(lead).get(f"/team/{w.pk}/handover/").status_code == 404


def test_team_rules_are_saved_and_audited(boss: User) -> None:
    """Saving the rules stores them and logs the before/after values as a policy change."""
    response = client_for(boss).post("/team/policy/", {"pool_after_days": "90", "export_row_limit": "50"})
    assert response.status_code == 302
    policy = AccessPolicy.current()
    assert (policy.pool_after_days, policy.export_row_limit) == (90, 50)
    event = AuditEvent.objects.get(action=AuditAction.POLICY_CHANGE)
    assert event.detail["after"] == {"pool_after_days": 90, "export_row_limit": 50}
    assert event.detail["before"]["export_row_limit"] == 300


def test_neglected_customers_return_to_the_pool_and_can_be_assigned(boss: User) -> None:
    """No contact for N days sends a customer to the pool (tasks unassigned); the pool page assigns it."""
    s, heir = f.user("s"), f.user("heir")
    today = timezone.localdate()
    old = f.customer("Old", owner=s)
    fresh = f.customer("Fresh", owner=s)
    f.interaction(old, occurred_at=timezone.now() - dt.timedelta(days=200))
    f.interaction(fresh, occurred_at=timezone.now() - dt.timedelta(days=5))
    f.task(old, s, today)
    assert return_to_pool(as_of=today, days=90) == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.owner is None and fresh.owner == s
    assert Task.objects.get(customer=old).assignee is None
    page = client_for(boss).get("/team/pool/").content.decode()
    assert "Old" in page and "Fresh" not in page
    client_for(boss).post("/team/pool/", {"customer": [old.pk], "owner": heir.pk})
    old.refresh_from_db()
    assert old.owner == heir and Task.objects.get(customer=old).assignee == heir
    assert AuditEvent.objects.filter(action=AuditAction.POOL).count() == 2


def test_pool_customers_are_hidden_from_salespeople() -> None:
    """A customer in the pool is not visible to a salesperson."""
    s = f.user("s")
    pooled = f.customer("Pooled", owner=None)
    assert client_for(s).get(f"/customers/{pooled.pk}/").status_code == 404


def test_owner_shares_a_customer_and_the_colleague_sees_it(boss: User) -> None:
    """Sharing shows the customer to the colleague; stopping hides it again; both are audited."""
    owner, mate, stranger = f.user("owner"), f.user("mate"), f.user("stranger")
    c1 = f.customer("Shared Co", owner=owner)
    assert client_for(mate).get(f"/customers/{c1.pk}/").status_code == 404
    client_for(owner).post(f"/customers/{c1.pk}/sharing/", {"user": mate.pk})
    assert client_for(mate).get(f"/customers/{c1.pk}/").status_code == 200
    page = client_for(mate).get(f"/customers/{c1.pk}/sharing/").content.decode()
    assert "Stop sharing" not in page  # only the owner or a manager changes sharing
    assert client_for(mate).post(f"/customers/{c1.pk}/sharing/", {"user": stranger.pk}).status_code == 404
    assert client_for(stranger).get(f"/customers/{c1.pk}/sharing/").status_code == 404
    client_for(owner).post(f"/customers/{c1.pk}/sharing/", {"user": mate.pk, "remove": "1"})
    assert client_for(mate).get(f"/customers/{c1.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.SHARE).count() == 2


def test_admin_cannot_delete_a_person_and_can_set_a_team() -> None:
    """The admin site keeps people (no delete) and lets an admin put them in a team."""
    root = User.objects.create_superuser("root", password="x-root-pass-1")
    s = f.user("s")
    team = Team.objects.create(name="East")
    c = client_for(root)
    assert c.get(f"/admin/accounts/user/{s.pk}/delete/").status_code == 403
    page = c.get(f"/admin/accounts/user/{s.pk}/change/")
    assert page.status_code == 200 and 'name="team"' in page.content.decode()
    assert c.get("/admin/audit/auditevent/").status_code == 200
    assert c.get(f"/admin/accounts/team/{team.pk}/change/").status_code == 200


def test_salesperson_claims_a_pool_customer_once() -> None:
    """A salesperson lists the pool and takes a customer; a colleague's later claim gets nothing."""
    s, other = f.user("s"), f.user("other")
    pooled = f.customer("Pooled Co", owner=None)
    f.customer("Owned Co", owner=other)
    page = client_for(s).get("/team/pool/").content.decode()
    assert "Pooled Co" in page and "Owned Co" not in page
    client_for(s).post("/team/pool/", {"customer": [pooled.pk]})
    client_for(other).post("/team/pool/", {"customer": [pooled.pk]})
    pooled.refresh_from_db()
    assert pooled.owner == s
    assert client_for(s).get(f"/customers/{pooled.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("lang", "name", "foreign"), [("en", "Shared pool", "公海"), ("zh-hans", "公海", "Shared pool")]
)
def test_the_pool_is_named_in_one_language(boss: User, lang: str, name: str, foreign: str) -> None:
    """The menu entry and the page's heading say "Shared pool" in English and 公海 in Chinese, not both."""
    page = client_for(boss, lang).get("/team/pool/").content.decode()
    assert f'<h1 class="h3">{name}</h1>' in page
    assert foreign not in page
