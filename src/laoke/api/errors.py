"""Error bodies of the API, in the request's language::

    {"detail": "The request has errors.", "errors": [{"field": "lines.3.amount", "message": "…"}]}

``field`` is the dotted path in the request body or the name of the query/path parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

if TYPE_CHECKING:
    from ninja import NinjaAPI

#: Parts of a pydantic error location that name where the value came from, not the field.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


@dataclass(frozen=True)
class FieldError:
    """One problem with one field."""

    field: str
    message: str


class ApiError(Exception):
    """A request the API refuses with a status (422 unless told otherwise) and field errors."""

    def __init__(self, detail: str, errors: list[FieldError] | None = None, status: int = 422) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []
        self.status = status


def field_error(field: str, message: str) -> ApiError:
    """A 422 naming one field."""
    return ApiError(_("The request has errors."), [FieldError(field, message)])


def _message(error: dict[str, Any]) -> str:
    """Pydantic's error in the reader's language (its own English text for rare kinds)."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    messages = {
        "missing": _("This field is required."),
        "string_too_long": _("At most %(n)s characters.") % {"n": ctx.get("max_length", "")},
        "string_too_short": _("At least %(n)s characters.") % {"n": ctx.get("min_length", "")},
        "too_long": _("At most %(n)s items.") % {"n": ctx.get("max_length", "")},
        "too_short": _("At least %(n)s items.") % {"n": ctx.get("min_length", "")},
        "int_parsing": _("Enter a whole number."),
        "int_type": _("Enter a whole number."),
        "int_from_float": _("Enter a whole number."),
        "float_parsing": _("Enter a number."),
        "float_type": _("Enter a number."),
        "finite_number": _("Enter a finite number."),
        "decimal_parsing": _("Enter a number."),
        "decimal_type": _("Enter a number."),
        "decimal_max_digits": _("At most %(n)s digits.") % {"n": ctx.get("max_digits", "")},
        "decimal_max_places": _("At most %(n)s decimal places.") % {"n": ctx.get("decimal_places", "")},
        "decimal_whole_digits": _("Too many digits before the decimal point."),
        "date_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_type": _("Enter a date as YYYY-MM-DD."),
        "datetime_parsing": _("Enter a date and time as YYYY-MM-DDTHH:MM:SS."),
        "datetime_from_date_parsing": _("Enter a date and time as YYYY-MM-DDTHH:MM:SS."),
        "datetime_type": _("Enter a date and time as YYYY-MM-DDTHH:MM:SS."),
        "bool_parsing": _("Enter true or false."),
        "bool_type": _("Enter true or false."),
        "string_type": _("Enter text."),
        "string_pattern_mismatch": _("The value has the wrong format."),
        "enum": _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")},
        "literal_error": _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")},
        "greater_than_equal": _("Enter a value of at least %(n)s.") % {"n": ctx.get("ge", "")},
        "greater_than": _("Enter a value above %(n)s.") % {"n": ctx.get("gt", "")},
        "less_than_equal": _("Enter a value of at most %(n)s.") % {"n": ctx.get("le", "")},
        "less_than": _("Enter a value below %(n)s.") % {"n": ctx.get("lt", "")},
        "list_type": _("Enter a list."),
        "model_type": _("Enter an object."),
        "model_attributes_type": _("Enter an object."),
        "dict_type": _("Enter an object."),
        "json_invalid": _("The body is not valid JSON."),
        "extra_forbidden": _("Unknown field."),
    }
    if kind in messages:
        return messages[kind]
    if kind == "value_error":
        # Our own validators raise ValueError with a message already in the reader's language.
        return str(ctx.get("error", error.get("msg", "")))
    return str(error.get("msg", kind))


def _field(location: Any, body_names: set[str]) -> str:
    parts = [str(p) for p in (location or [])]
    if parts and parts[0] in _SOURCES:
        source = parts.pop(0)
        # Ninja nests the body under the handler's parameter name; the client never sees it.
        if source == "body" and parts and parts[0] in body_names:
            parts.pop(0)
    return ".".join(parts)


def validation_errors(errors: list[dict[str, Any]]) -> list[FieldError]:
    """Pydantic/ninja errors as field errors."""
    return [FieldError(_field(e.get("loc"), {"payload", "data", "body"}), _message(e)) for e in errors]


def body(detail: str, errors: list[FieldError] | None = None) -> dict[str, Any]:
    """The JSON error body."""
    return {"detail": detail, "errors": [{"field": e.field, "message": e.message} for e in errors or []]}


def install(api: NinjaAPI) -> None:
    """Make every error of ``api`` answer with :func:`body` in the request's language."""

    def on_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        return api.create_response(
            request, body(_("The request has errors."), validation_errors(list(exc.errors))), status=422
        )

    def on_api_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return api.create_response(request, body(exc.detail, exc.errors), status=exc.status)

    def on_not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return api.create_response(request, body(_("Not found.")), status=404)

    def on_auth(request: HttpRequest, exc: Any) -> HttpResponse:
        detail = _("Log in, or send a personal API token as “Authorization: Bearer <token>”.")
        return api.create_response(request, body(detail), status=401)

    def on_http(request: HttpRequest, exc: Any) -> HttpResponse:
        if exc.status_code == 400:  # ninja could not parse the body: an invalid body, like any other
            problem = [FieldError("body", _("The body is not valid JSON."))]
            return api.create_response(request, body(_("The request has errors."), problem), status=422)
        return api.create_response(request, body(str(exc)), status=exc.status_code)

    api.add_exception_handler(ValidationError, on_validation)
    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(AuthenticationError, on_auth)
    api.add_exception_handler(HttpError, on_http)


#: Answers every operation may give besides its own: who is calling, and what is wrong with the request.
COMMON_ERRORS = {
    "401": "Not logged in, or the token does not work",
    "422": "The request has errors (each field named)",
}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare the error answers of every operation in the OpenAPI ``schema`` (in place).

    401 and 422 everywhere; 404 where the path names an object; 403 on writes (a logged-in browser
    session without its CSRF token). Each with the :func:`body` schema (``ErrorOut``).
    """
    ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            responses = operation.setdefault("responses", {})
            wanted = dict(COMMON_ERRORS)
            if "{" in path:
                wanted["404"] = "Not found, or not visible to the caller"
            if method.lower() in {"post", "put", "patch", "delete"}:
                wanted["403"] = "A browser session without its CSRF token"
            declared = {str(status) for status in responses}  # ninja keys them by int
            for status, description in wanted.items():
                if status not in declared:
                    responses[status] = {"description": description, **ref}
    return schema
