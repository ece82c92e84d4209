"""The API reads each query parameter once: a parameter sent twice is refused, not half-read.

No operation takes a list in its query string, so ``?q=a&q=b`` is a client error (Django would
silently use the last value). It is answered with the API's 422 error body naming the parameter.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

#: The API's mount point (see laoke.project.urls).
PREFIX = "/api/"


class SingleQueryValuesMiddleware:
    """A query parameter given more than once on an API path is refused with 422."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(PREFIX):
            repeated = [key for key, values in request.GET.lists() if len(values) > 1]
            if repeated:
                # Imported here: Django's admin check imports every middleware when a command
                # starts, and the API's errors bring django-ninja and pydantic.
                from laoke.api.errors import FieldError, body

                errors = [FieldError(key, _("Give this parameter once.")) for key in repeated]
                return JsonResponse(body(_("The request has errors."), errors), status=422)
        return self.get_response(request)
