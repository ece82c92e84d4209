"""Passwords: who may give whom a temporary password, and the two audited changes.

=====================  ==================================================
who                    may set a temporary password for
=====================  ==================================================
admin                  anyone else
manager without team   anyone else who is not an admin (company level)
manager in a team      the other members of their team who are not admins
salesperson            nobody (they change their own password only)
=====================  ==================================================

Only current accounts (active, not departed) are listed; nobody resets their own password here.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from laoke.accounts.models import RoleChoices, User
from laoke.audit.models import AuditAction
from laoke.audit.services import record


def resettable_users(by: User) -> QuerySet[User]:
    """The people ``by`` may give a temporary password, by name."""
    people = User.objects.filter(is_active=True, left_on__isnull=True).exclude(pk=by.pk)
    if not (by.is_active and by.left_on is None and by.is_manager):
        return people.none()
    if not by.is_admin:
        people = people.exclude(Q(role=RoleChoices.ADMIN) | Q(is_superuser=True))
        if by.team_id is not None:
            people = people.filter(team_id=by.team_id)
    return people.order_by("first_name", "username")


def may_reset_password(by: User, target: User) -> bool:
    """Whether ``by`` may give ``target`` a temporary password."""
    return resettable_users(by).filter(pk=target.pk).exists()


def set_temporary_password(*, by: User, target: User, password: str) -> None:
    """Give ``target`` a temporary password they must change at next login (audited; their other
    sessions end, since the password changed)."""
    target.set_password(password)
    target.must_change_password = True
    target.save(update_fields=["password", "must_change_password"])
    record(by, AuditAction.PASSWORD_RESET, target=target.username, detail={"user_id": target.pk})


def password_changed(*, user: User) -> None:
    """Note that the user chose a new password themselves (audited; no forced change pending)."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    record(user, AuditAction.PASSWORD_CHANGE, target=user.username)
