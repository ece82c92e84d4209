"""The REST API (django-ninja, OpenAPI 3) at ``/api/``; the schema is at ``/api/openapi.json``."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from laoke.api import errors
from laoke.api.auth import AUTH
from laoke.api.routers import activity, customers, engine, kpis, orders, today, tokens


class LaokeAPI(NinjaAPI):
    """Ninja's API whose OpenAPI schema declares every error answer an operation can give."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return errors.document_errors(super().get_openapi_schema(*args, **kwargs))


api = LaokeAPI(
    title="Laoke API",
    version="1",
    description=(
        "Customers, orders, interactions, tasks, scores, forecasts and inquiries of the book, "
        "with the same visibility as the web pages. Authenticate with a personal token "
        "(`Authorization: Bearer laoke_…`) or the browser session. Lists are paginated "
        "(`limit`, `offset` → `items`, `count`); errors answer `{detail, errors: [{field, message}]}`."
    ),
    auth=AUTH,
    urls_namespace="api",
    docs_url="/docs",
)
errors.install(api)
for module in (customers, orders, activity, engine, kpis, tokens, today):
    api.add_router("", module.router)
