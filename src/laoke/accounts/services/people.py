"""Adding people and changing their team or role, with the rule of who may do it (audited).

=====================  ===========================================================
who                    may add / change
=====================  ===========================================================
admin                  anyone, as salesperson or manager, in any team or none
manager without team   salespeople and managers (not admins), in any team or none
manager in a team      salespeople of their own team only; no role changes
salesperson            nobody
=====================  ===========================================================

A new person gets a temporary password they must change at their first login.
"""

from __future__ import annotations

from dataclasses import dataclass

from laoke.accounts.models import RoleChoices, Team, User
from laoke.audit.services import record

#: Audit keys.
PERSON_ADDED = "person_added"
PERSON_CHANGED = "person_changed"


class PeopleError(ValueError):
    """A change of people the actor may not make."""


def company_level(by: User) -> bool:
    """Admins, and managers who belong to no team, manage people company-wide."""
    return by.is_admin or (by.is_manager and by.team_id is None)


def assignable_roles(by: User) -> list[str]:
    """The roles ``by`` may give."""
    if company_level(by):
        return [RoleChoices.SALESPERSON, RoleChoices.MANAGER]
    return [RoleChoices.SALESPERSON] if by.is_manager else []


def assignable_teams(by: User) -> list[Team]:
    """The teams ``by`` may put someone in (a team manager: their own)."""
    if company_level(by):
        return list(Team.objects.order_by("name"))
    return list(Team.objects.filter(pk=by.team_id)) if by.is_manager and by.team_id else []


def managed_people(by: User) -> list[User]:
    """Current accounts whose team or role ``by`` may change (never themselves, never an admin)."""
    people = User.objects.filter(is_active=True, left_on__isnull=True).exclude(pk=by.pk)
    people = people.exclude(role=RoleChoices.ADMIN).exclude(is_superuser=True)
    if company_level(by):
        return list(people.order_by("username"))
    if by.is_manager and by.team_id:
        return list(people.filter(team_id=by.team_id, role=RoleChoices.SALESPERSON).order_by("username"))
    return []


@dataclass(frozen=True)
class PersonDraft:
    """What a manager typed for a new person."""

    username: str
    first_name: str
    last_name: str
    email: str
    role: str
    team: Team | None
    password: str


def _check(by: User, role: str, team: Team | None) -> None:
    if role not in assignable_roles(by):
        raise PeopleError(f"{by.username} may not give the role {role}")
    if company_level(by):
        return
    if team is None or team.pk != by.team_id:
        raise PeopleError(f"{by.username} may only add people to their own team")


def add_person(*, by: User, draft: PersonDraft) -> User:
    """Create the account (temporary password, to be changed at first login); audited."""
    team = draft.team if draft.team is not None or company_level(by) else None
    if not company_level(by) and team is None and by.team_id:
        team = Team.objects.get(pk=by.team_id)
    _check(by, draft.role, team)
    person = User.objects.create_user(
        draft.username,
        email=draft.email,
        password=draft.password,
        first_name=draft.first_name,
        last_name=draft.last_name,
        role=draft.role,
        team=team,
    )
    person.must_change_password = True
    person.save(update_fields=["must_change_password"])
    record(
        by,
        PERSON_ADDED,
        target=person.username,
        detail={"role": draft.role, "team": team.name if team else ""},
    )
    return person


def change_person(*, by: User, person: User, role: str, team: Team | None) -> User:
    """Move ``person`` to another team or role (a team manager cannot do either); audited."""
    if person.pk not in {p.pk for p in managed_people(by)}:
        raise PeopleError(f"{by.username} may not change {person.username}")
    _check(by, role, team)
    before = {"role": person.role, "team": person.team.name if person.team else ""}
    person.role = role
    person.team = team
    person.save(update_fields=["role", "team"])
    after = {"role": role, "team": team.name if team else ""}
    record(by, PERSON_CHANGED, target=person.username, detail={"before": before, "after": after})
    return person
