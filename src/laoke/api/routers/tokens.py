"""The caller's personal API tokens: list, create (shown once), revoke."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.responses import Status

from laoke.api.auth import api_user
from laoke.api.models import ApiToken
from laoke.api.schemas import MAX_ID, ErrorOut, NewTokenOut, TokenIn, TokenOut
from laoke.api.services.tokens import create_token, revoke_token

router = Router(tags=["tokens"])


@router.get("/tokens", response=list[TokenOut], summary="My API tokens")
def list_tokens(request: HttpRequest) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=api_user(request)).order_by("-created_at", "-id")


@router.post("/tokens", response={201: NewTokenOut, 422: ErrorOut}, summary="Create an API token")
def new_token(request: HttpRequest, payload: TokenIn) -> Status[NewTokenOut]:
    """The token is in the answer once; only its hash is kept."""
    token, raw = create_token(user=api_user(request), name=payload.name)
    return Status(
        201,
        NewTokenOut(
            id=token.pk,
            name=token.name,
            prefix=token.prefix,
            created_at=token.created_at,
            last_used_at=None,
            revoked_at=None,
            token=raw,
        ),
    )


@router.delete("/tokens/{token_id}", response={200: TokenOut, 404: ErrorOut}, summary="Revoke an API token")
def delete_token(request: HttpRequest, token_id: int) -> ApiToken:
    token = get_object_or_404(ApiToken, user=api_user(request), pk=token_id if 1 <= token_id <= MAX_ID else 0)
    return revoke_token(token=token)
