"""The salesperson's calendar: an .ics download and a private subscription feed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from laoke.accounts.access import current_user
from laoke.accounts.models import User
from laoke.cadence.services.calendar import build_calendar, user_for_token


def _ics(request: HttpRequest, user: User, *, attachment: bool) -> HttpResponse:
    body = build_calendar(
        user=user, today=timezone.localdate(), language=get_language() or "en", host=request.get_host()
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    if attachment:
        response["Content-Disposition"] = f'attachment; filename="laoke-{user.get_username()}.ics"'
    return response


@login_required
def calendar_download(request: HttpRequest) -> HttpResponse:
    """The logged-in user's tasks and trips as an .ics file."""
    return _ics(request, current_user(request), attachment=True)


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscription feed behind a private token (calendar apps cannot log in)."""
    user = user_for_token(token)
    if user is None:
        raise Http404
    return _ics(request, user, attachment=False)
