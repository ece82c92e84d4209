"""After a manager set a temporary password, the person is sent to choose their own first."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

#: Paths a person with a temporary password may still open (besides the password page).
OPEN_PREFIXES = ("/logout/", "/i18n/", "/static/", "/api/")


class PasswordChangeRequiredMiddleware:
    """Redirect every page to the password change page while ``must_change_password`` is set."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            target = reverse("password_change")
            if request.path != target and not request.path.startswith(OPEN_PREFIXES):
                return redirect(target)
        return self.get_response(request)
