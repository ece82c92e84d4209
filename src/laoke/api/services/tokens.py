"""Create, check and revoke personal API tokens. The caller owns the transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.utils import timezone

from laoke.accounts.models import User
from laoke.api.models import ApiToken
from laoke.audit.models import AuditAction
from laoke.audit.services import record

#: Every token starts with this, so a leaked one is easy to recognise in logs and scanners.
TOKEN_PREFIX = "laoke_"
#: Do not write ``last_used_at`` more often than this (one write per token per minute at most).
TOUCH_EVERY = dt.timedelta(minutes=1)


def hash_token(raw: str) -> str:
    """SHA-256 of the token (tokens are long random strings, so a fast hash is enough)."""
    return hashlib.sha256(raw.encode("utf-8", errors="surrogatepass")).hexdigest()


def create_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``: the saved row and the token itself (shown once, never stored)."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "API",
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        key_hash=hash_token(raw),
    )
    record(user, AuditAction.API, target=f"API token created: {token.name} ({token.prefix}…)")
    return token, raw


def revoke_token(*, token: ApiToken, now: dt.datetime | None = None) -> ApiToken:
    """Revoke the token (kept for the record); revoking twice changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = now or timezone.now()
        token.save(update_fields=["revoked_at"])
        record(token.user, AuditAction.API, target=f"API token revoked: {token.name} ({token.prefix}…)")
    return token


def user_for_token(raw: str, *, now: dt.datetime | None = None) -> User | None:
    """The user the token belongs to, if the token is valid and the user may still log in."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    user = token.user
    if not user.is_active or user.has_left:
        return None
    moment = now or timezone.now()
    if token.last_used_at is None or moment - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=moment)
    return user
