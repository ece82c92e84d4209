"""A small page where a user creates and revokes their personal API tokens (shown once)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laoke.accounts.access import current_user
from laoke.api.models import ApiToken
from laoke.api.services.tokens import create_token, revoke_token

#: The session key holding a new token until the page has shown it once.
NEW_TOKEN_KEY = "laoke_new_api_token"


@login_required
def tokens_page(request: HttpRequest) -> HttpResponse:
    """The user's tokens; a token created a moment ago is shown once, then only its prefix."""
    user = current_user(request)
    context = {
        "nav": "api_tokens",
        "tokens": ApiToken.objects.filter(user=user),
        "new_token": request.session.pop(NEW_TOKEN_KEY, None),
    }
    return render(request, "api/tokens.html", context)


@login_required
@require_POST
def create_token_view(request: HttpRequest) -> HttpResponse:
    """Create a token named by the form and show it once on the page."""
    name = (request.POST.get("name") or "").strip()
    if not name or len(name) > 100 or "\x00" in name:
        messages.error(request, _("Give the token a name of at most 100 characters."))
        return redirect("api:tokens_page")
    with transaction.atomic():
        _token, raw = create_token(user=current_user(request), name=name)
    request.session[NEW_TOKEN_KEY] = raw
    return redirect("api:tokens_page")


@login_required
@require_POST
def revoke_token_view(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of the user's own tokens."""
    token = get_object_or_404(ApiToken, pk=token_id, user=current_user(request))
    revoke_token(token=token)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("api:tokens_page")
