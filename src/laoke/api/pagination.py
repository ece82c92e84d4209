"""Pagination of every list: ``?limit=50&offset=0`` → ``{"items": [...], "count": N}``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

#: Items per page by default and at most.
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
#: Offsets beyond this are refused (no book is that large; keeps the database's integers in range).
MAX_OFFSET = 10_000_000


class Pages(LimitOffsetPagination):
    """Limit/offset pages with bounds, ordered by the queryset's own ordering."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page (1–500).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        offset, limit = pagination.offset, pagination.limit
        return {"items": queryset[offset : offset + limit], "count": self._items_count(queryset)}
