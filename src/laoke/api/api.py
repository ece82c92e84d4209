"""The REST API (django-ninja, OpenAPI 3) at ``/api/``; the schema is at ``/api/openapi.json``."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI, Swagger

from laoke.api import errors
from laoke.api.auth import AUTH
from laoke.api.routers import activity, customers, engine, kpis, orders, today, tokens


class LaokeAPI(NinjaAPI):
    """Ninja's API whose OpenAPI schema declares every error answer an operation can give."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return errors.document_errors(super().get_openapi_schema(*args, **kwargs))


class LocalSwagger(Swagger):
    """Swagger UI from django-ninja's own files, served by the app (``settings.NINJA_DIR``).

    Ninja renders its local page only when "ninja" is an installed app, and otherwise loads the UI
    from a CDN; Laoke leaves the app out (start-up time) and never calls a CDN.
    """

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        auth = api.auth if isinstance(api.auth, list | tuple) else []
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            "add_csrf": any(getattr(a, "csrf", False) for a in auth),
        }
        return render(request, self.template, context)


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
    docs=LocalSwagger(),
)
errors.install(api)
for module in (customers, orders, activity, engine, kpis, tokens, today):
    api.add_router("", module.router)
