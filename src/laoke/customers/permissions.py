"""Who may do what, per role: the table of rules of rows that are not customers and of actions.

Which *customers* a user sees is :mod:`laoke.customers.visibility`; the rules below build on it.
Each rule lives beside the rows it covers, in the lowest app that has them: tasks in
:mod:`laoke.retention.permissions`, visit plans in :mod:`laoke.cadence.permissions`, import
batches in :mod:`laoke.importing.permissions`, company rules in :mod:`laoke.accounts.access`;
owners and hand-set facts here, with the team helpers the others use. Web views, the API and the
command line ask there instead of checking roles themselves.

=====================  ==================  ============================  ==========================
                       salesperson         manager in a team             company level (manager
                                                                         without a team, admin)
=====================  ==================  ============================  ==========================
tasks                  assigned to them,   on customers they see; with   all
                       on customers they   no customer: their team's
                       see or on none      members' and their own
visit plans            their own           their team members'           all
import batches and     the ones they       the ones their team's         all, command-line runs
their errors files     started             members started               (no user) included
give a customer to     nobody (a new       current members of their      any current user, or the
someone (owner)        customer is their   team or the shared pool;      shared pool
                       own)                only customers of the team
                                           or the pool
company rules (pool    no                  no                            yes
days, export limit,
scoring policy)
hand-set facts         on customers they   on customers they see         all
(ratings, payment      own (not those
terms), mark lost,     shared with them)
reopen
=====================  ==================  ============================  ==========================

Complaints (log, resolve) are interactions: whoever sees the customer may log and resolve them.

People who left or whose account is closed may do nothing and receive nothing.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from laoke.accounts.access import sees_everything
from laoke.accounts.models import User
from laoke.customers.models import Customer
from laoke.customers.visibility import visible_customers

__all__ = [
    "is_current",
    "leads_a_team",
    "may_assign_owner",
    "may_manage_customer",
    "owner_change_refusal",
    "team_members",
]


def is_current(user: User | None) -> bool:
    """True for a signed-in account that is active and whose holder has not left."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.left_on is None)


def leads_a_team(user: User) -> bool:
    """A manager of one team (company-level managers and admins see everything instead)."""
    return user.is_manager and user.team_id is not None and not sees_everything(user)


def team_members(user: User) -> QuerySet[User]:
    """The members of the user's team (the user included)."""
    return User.objects.filter(Q(team_id=user.team_id) | Q(pk=user.pk))


def may_manage_customer(user: User, customer: Customer, *, visible: bool = False) -> bool:
    """Whether the user may change the customer's hand-set facts and mark it lost or reopen it.

    The customer's owner, and a manager (or admin) who sees the customer; a salesperson with whom
    the customer is only shared may not. ``visible``: the caller has just read ``customer`` through
    :func:`~laoke.customers.visibility.visible_customers` for this user (``customer_for``), so
    whether they see it is not asked again.
    """
    if not is_current(user) or not (visible or visible_customers(user).filter(pk=customer.pk).exists()):
        return False
    return user.is_manager or customer.owner_id == user.pk


def owner_change_refusal(user: User, customer: Customer | None, new_owner: User | None) -> str | None:
    """Why the user may not make ``new_owner`` (None: the shared pool) the owner of ``customer``
    (None: a customer being created); None when they may. Leaving the owner as it is is always allowed
    to someone who sees the customer."""
    if not is_current(user):
        return _("Your account may not change owners.")
    if customer is not None:
        if not visible_customers(user).filter(pk=customer.pk).exists():
            return _("You may not change this customer.")
        if (new_owner.pk if new_owner is not None else None) == customer.owner_id:
            return None
    if new_owner is not None and not is_current(new_owner):
        return _("This person has left or their account is closed.")
    if sees_everything(user):
        return None
    if not user.is_manager:
        if customer is None and new_owner is not None and new_owner.pk == user.pk:
            return None
        return _("Only a manager can give a customer to someone else.")
    team = set(team_members(user).values_list("pk", flat=True))
    if customer is not None and customer.owner_id is not None and customer.owner_id not in team:
        return _("This customer belongs to another team.")
    if new_owner is not None and new_owner.pk not in team:
        return _("You can give customers only to members of your team.")
    return None


def may_assign_owner(user: User, customer: Customer | None, new_owner: User | None) -> bool:
    """Whether the user may make ``new_owner`` the owner of ``customer`` (:func:`owner_change_refusal`)."""
    return owner_change_refusal(user, customer, new_owner) is None
