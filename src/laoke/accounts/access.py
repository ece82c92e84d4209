"""Who is asking and how far their role reaches: the signed-in user of a request, the access rule
of the manager pages (logged in, and a manager; others get 403), and who works at company level
(sees everything, changes the company's rules)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from laoke.accounts.models import User

View = Callable[..., HttpResponse]


def current_user(request: HttpRequest) -> User:
    """The logged-in user (views using this are behind ``login_required``)."""
    user: Any = request.user
    assert isinstance(user, User)
    return user


def manager_required(view: View) -> View:
    """Send visitors to the login page and answer 403 to users who are not managers."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not current_user(request).is_manager:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def sees_everything(user: User) -> bool:
    """True for admins and for managers without a team: no filter applies to them."""
    if not (user.is_active and user.left_on is None):
        return False
    if user.is_admin:
        return True
    return user.is_manager and user.team_id is None


def may_change_company_rules(user: User) -> bool:
    """Company-wide rules (shared-pool days, export limit, scoring policy): company level only."""
    return sees_everything(user)
