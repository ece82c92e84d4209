"""Access rule of the manager pages: logged in, and a manager (others get 403)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from laoke.web.access import current_user

View = Callable[..., HttpResponse]


def manager_required(view: View) -> View:
    """Send visitors to the login page and answer 403 to users who are not managers."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not current_user(request).is_manager:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)
