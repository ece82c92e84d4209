"""Where a form sends the user back to: only ever a page of this site.

Every redirect whose target comes from the request (a ``next`` field or parameter, the
``Referer`` header) goes through :func:`safe_next`, so a crafted link cannot send a logged-in
user to another site after a click here (an open redirect).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_target(request: HttpRequest, url: str) -> bool:
    """True for a page of this site: an absolute path, or a URL of this host (https when the
    request is). A relative name such as ``abc`` is refused: ``redirect`` would take it for a URL name."""
    if not (url.startswith("/") or urlsplit(url).netloc):
        return False
    return url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next(request: HttpRequest, fallback: str, *, field: str = "next", referer: bool = False) -> str:
    """The page the request asks to go back to, if it is on this site; else ``fallback``.

    ``next`` is read from the POST body, then the query string; with ``referer`` the
    ``Referer`` header is the last candidate. ``fallback`` is a URL name or a path.
    """
    candidates = [request.POST.get(field, ""), request.GET.get(field, "")]
    if referer:
        candidates.append(request.headers.get("Referer", ""))
    for url in candidates:
        if is_safe_target(request, url):
            return url
    return resolve_url(fallback)


def redirect_back(
    request: HttpRequest, fallback: str, *, field: str = "next", referer: bool = False
) -> HttpResponseRedirect:
    """A redirect to :func:`safe_next`'s answer."""
    return HttpResponseRedirect(safe_next(request, fallback, field=field, referer=referer))
