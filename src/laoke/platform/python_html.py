"""What the pages that draw their repeated rows in Python share (Today's rows, the board's cards,
the customer list's rows): the check that the templates they copy are unchanged, and the template
engine's own ways with a value, the CSRF field and a URL around an id.

Each such module writes, in Python, the HTML a template would draw, character for character, and
keeps the template as the reference: the SHA-1 of each template's source it was written from is
compared once per process, and an edited template (or an app that overrides it) is drawn by the
template engine again.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.template import Context
from django.template.base import render_value_in_context
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from laoke.platform.memo import kept

#: An id no row has, to find where a URL puts its id.
_ID = 987654321
#: (URL name, script prefix, URLconf) → the URL before and after its id.
_URLS: dict[tuple[str, str, Any], tuple[str, str]] = {}


def templates_unchanged(digests: Mapping[str, str], memo: dict[str, bool]) -> bool:
    """Whether every template in ``digests`` still has the source of that SHA-1 (kept in ``memo``)."""
    if "ok" not in memo:
        memo["ok"] = all(_source_sha1(name) == digest for name, digest in digests.items())
    return memo["ok"]


def _source_sha1(name: str) -> str:
    source = get_template(name).template.source  # type: ignore[attr-defined]
    return hashlib.sha1(source.encode(), usedforsecurity=False).hexdigest()


def value(value: Any, context: Context) -> str:
    """``{{ value }}``: localised and escaped as the template engine does (a plain string is only
    escaped there, so it is escaped here directly, as Django's ``escape`` does it but without its
    lazy-argument wrapper: a page asks a few hundred times; HTML already safe is shown as it is).
    The text is safe HTML (a ``SafeString``), as it was."""
    kind = type(value)
    if kind is str and context.autoescape:
        return SafeString(html.escape(value))
    if kind is SafeString:
        return value
    return str(render_value_in_context(value, context))


def csrf_field(context: Context) -> str:
    """``{% csrf_token %}``."""
    token = context.get("csrf_token")
    if not token:
        return ""
    if token == "NOTPROVIDED":
        return str(format_html(""))
    return str(format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token))


def url_around_id(name: str) -> tuple[str, str]:
    """The URL named ``name`` for one id, as what comes before the id and what after it (kept per
    process under the name, the script prefix and the URLconf: a page asks for the same few)."""
    key = (name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    found = _URLS.get(key)
    if found is None:
        head, _sep, tail = reverse(name, args=[_ID]).partition(str(_ID))
        found = kept(_URLS, key, 256, lambda: (head, tail))
    return found
