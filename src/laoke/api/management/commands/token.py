"""``laoke token create USER [--name NAME]`` / ``laoke token list USER`` / ``laoke token revoke ID``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from laoke.accounts.models import User
from laoke.api.models import ApiToken
from laoke.api.services.tokens import create_token, revoke_token


class Command(BaseCommand):
    help = "Create, list or revoke personal API tokens (the token is printed once, only its hash is kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token for a user and print it once")
        create.add_argument("username")
        create.add_argument("--name", default="API", help="what the token is for")
        listing = sub.add_parser("list", help="list a user's tokens")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="revoke a token by its id")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "revoke":
            token = ApiToken.objects.filter(pk=options["token_id"]).first()
            if token is None:
                raise CommandError(f"No token with id {options['token_id']}.")
            revoke_token(token=token)
            self.stdout.write(f"Revoked token {token.pk} ({token.prefix}…) of {token.user.username}.")
            return
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']!r}.")
        if action == "list":
            for token in ApiToken.objects.filter(user=user):
                state = "revoked" if token.revoked_at else "active"
                self.stdout.write(
                    f"{token.pk}\t{token.prefix}…\t{token.name}\t{state}\t{token.created_at:%Y-%m-%d}"
                )
            return
        if user.has_left or not user.is_active:
            raise CommandError(f"{user.username} can no longer log in; no token was created.")
        with transaction.atomic():
            _token, raw = create_token(user=user, name=options["name"])
        self.stdout.write(raw)
