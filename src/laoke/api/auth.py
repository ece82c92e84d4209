"""How the API knows who calls: a personal token (Bearer) or the browser's session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from laoke.accounts.models import User
from laoke.api.services.tokens import user_for_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer laoke_…`` with a personal API token.

    A request that sends a token which does not work (revoked, wrong, its user gone) is refused
    with 401 even when the browser also has a session: the caller asked to act as the token.
    """

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is None:
            raise AuthenticationError()
        request.user = user
        return user


class LoggedInSession(SessionAuth):
    """The browser's session (CSRF checked on writes), for users who may still log in."""

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a logged-in session there is nothing for CSRF to protect: the answer is 401
        # ("log in or send a token"), not 403 "CSRF check Failed".
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        key: str | None = super()._get_key(request)
        return key

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if isinstance(user, User) and (user.has_left or not user.is_active):
            return None
        return user


AUTH = [TokenAuth(), LoggedInSession()]


def api_user(request: HttpRequest) -> User:
    """The authenticated user of an API request."""
    user: Any = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user
