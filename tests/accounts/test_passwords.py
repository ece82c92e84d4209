"""Passwords: everyone changes their own (audited); a manager sets a temporary one that must be
changed at next login; a team manager only for their own team, never for an admin."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.test import Client

from laoke.accounts.models import RoleChoices, Team, User
from laoke.accounts.services.passwords import may_reset_password
from laoke.audit.models import AuditAction, AuditEvent
from tests.web import factories as f

pytestmark = pytest.mark.django_db

NEW = "a-brand-new-phrase-42"
TEMPORARY = "temporary-phrase-77"


def logged_in(user: User, lang: str = "en") -> Client:
    """A client that logged in through the login form (so the login page's rules apply)."""
    c = Client()
    c.cookies["django_language"] = lang
    assert c.post("/login/", {"username": user.username, "password": f.PASSWORD}).status_code == 302
    return c


def can_log_in(username: str, password: str) -> bool:
    return authenticate(username=username, password=password) is not None


def test_a_salesperson_changes_their_own_password() -> None:
    """The new password works, the old one stops working, the session stays and the change is audited."""
    s = f.user("s1")
    c = logged_in(s)
    assert "/account/password/" in c.get("/").content.decode()  # the link in the user menu
    response = c.post(
        "/account/password/", {"old_password": f.PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert can_log_in("s1", NEW) and not can_log_in("s1", f.PASSWORD)
    assert c.get("/").status_code == 200  # still logged in
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_CHANGE)
    assert event.user == s and NEW not in str(event.detail)


def test_a_wrong_old_password_is_refused() -> None:
    """With a wrong old password nothing changes and the form says why (in Chinese too)."""
    s = f.user("s1")
    response = logged_in(s).post(
        "/account/password/", {"old_password": "not-it", "new_password1": NEW, "new_password2": NEW}
    )
    assert (
        response.status_code == 200
        and "Your old password was entered incorrectly" in response.content.decode()
    )
    assert can_log_in("s1", f.PASSWORD) and not can_log_in("s1", NEW)
    assert not AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGE).exists()
    page = logged_in(s, "zh-hans").get("/account/password/").content.decode()
    assert "修改密码" in page


def test_a_manager_sets_a_temporary_password_that_must_be_changed_at_next_login() -> None:
    """The manager's temporary password works once: every page leads to the change page until the
    person chose their own; both steps are audited."""
    boss, s = f.user("boss", role=RoleChoices.MANAGER), f.user("s1")
    old_session = logged_in(s)
    response = logged_in(boss).post(
        "/team/password/", {"user": s.pk, "password1": TEMPORARY, "password2": TEMPORARY}
    )
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.must_change_password and can_log_in("s1", TEMPORARY) and not can_log_in("s1", f.PASSWORD)
    assert old_session.get("/customers/")["Location"].startswith("/login/")  # other sessions end
    reset = AuditEvent.objects.get(action=AuditAction.PASSWORD_RESET)
    assert reset.user == boss and reset.target == "s1" and TEMPORARY not in str(reset.detail)

    c = Client()
    c.cookies["django_language"] = "en"
    assert c.post("/login/", {"username": "s1", "password": TEMPORARY}).status_code == 302
    for url in ("/", "/customers/", "/team/pool/"):
        assert c.get(url)["Location"] == "/account/password/", url
    page = c.get("/account/password/").content.decode()
    assert 'id="forced-change"' in page
    same = {"old_password": TEMPORARY, "new_password1": TEMPORARY, "new_password2": TEMPORARY}
    assert "different from the current one" in c.post("/account/password/", same).content.decode()
    c.post("/account/password/", {"old_password": TEMPORARY, "new_password1": NEW, "new_password2": NEW})
    s.refresh_from_db()
    assert not s.must_change_password and c.get("/customers/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGE, user=s).count() == 1


def test_the_temporary_password_follows_the_password_rules() -> None:
    """Two different entries or a too common password are refused (400), and nothing changes."""
    boss, s = f.user("boss", role=RoleChoices.MANAGER), f.user("s1")
    c = logged_in(boss)
    differ = c.post("/team/password/", {"user": s.pk, "password1": TEMPORARY, "password2": TEMPORARY + "x"})
    common = c.post("/team/password/", {"user": s.pk, "password1": "password", "password2": "password"})
    assert differ.status_code == 400 and "The two passwords differ." in differ.content.decode()
    assert common.status_code == 400
    s.refresh_from_db()
    assert not s.must_change_password and can_log_in("s1", f.PASSWORD)


def test_who_may_reset_whose_password() -> None:
    """Admin: anyone; manager without a team: anyone but admins; team manager: their team only,
    never an admin; a salesperson: nobody; nobody their own here."""
    west, east = Team.objects.create(name="West"), Team.objects.create(name="East")
    admin = f.user("root", role=RoleChoices.ADMIN)
    boss = f.user("boss", role=RoleChoices.MANAGER)
    lead = f.user("lead", role=RoleChoices.MANAGER, team=west)
    mine, theirs = f.user("w1", team=west), f.user("e1", team=east)
    admin_in_west = f.user("root2", role=RoleChoices.ADMIN, team=west)
    assert all(may_reset_password(admin, u) for u in (boss, lead, mine, theirs, admin_in_west))
    assert all(may_reset_password(boss, u) for u in (lead, mine, theirs))
    assert not may_reset_password(boss, admin) and not may_reset_password(boss, admin_in_west)
    assert may_reset_password(lead, mine)
    assert not any(may_reset_password(lead, u) for u in (theirs, admin, admin_in_west, boss, lead))
    assert not may_reset_password(mine, theirs) and not may_reset_password(admin, admin)


def test_a_team_manager_cannot_reset_another_team_or_an_admin_through_the_page() -> None:
    """The page refuses someone outside the manager's reach (400) and leaves their password alone;
    a salesperson gets 403."""
    west, east = Team.objects.create(name="West"), Team.objects.create(name="East")
    lead = f.user("lead", role=RoleChoices.MANAGER, team=west)
    # Names no random token on the page (CSRF, nonce) can contain by chance ("e1" once did).
    theirs = f.user("east-only-person", team=east)
    admin = f.user("admin-of-west", role=RoleChoices.ADMIN, team=west)
    c = logged_in(lead)
    for target in (theirs, admin):
        response = c.post(
            "/team/password/", {"user": target.pk, "password1": TEMPORARY, "password2": TEMPORARY}
        )
        assert response.status_code == 400
        assert can_log_in(target.username, f.PASSWORD) and not can_log_in(target.username, TEMPORARY)
    page = c.get("/team/password/").content.decode()
    assert "east-only-person" not in page and "admin-of-west" not in page
    assert logged_in(theirs).get("/team/password/").status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET).exists()
