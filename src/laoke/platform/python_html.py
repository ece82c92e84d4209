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
import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.template import Context
from django.template.base import render_value_in_context
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, override

from laoke.platform.memo import kept

#: The characters ``html.escape`` replaces.
_TO_ESCAPE = re.compile("[&<>\"']")
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
    The text is safe HTML (a ``SafeString``), as it was.

    Most strings hold nothing to escape: one search finds that (``html.escape`` replaced each of
    five characters in turn). A whole number (``int``, not ``bool``) is localised by Django as its
    digits unless thousands are grouped (``USE_THOUSAND_SEPARATOR``): ``number_format`` read the
    language and three formats to say so, a dozen times a page."""
    kind = type(value)
    if kind is str and context.autoescape:
        return SafeString(value if _TO_ESCAPE.search(value) is None else html.escape(value))
    if kind is SafeString:
        return value
    if kind is int and not settings.USE_THOUSAND_SEPARATOR:
        # Django marks the digits safe (numberformat), unless it does not localise (then escaping
        # marks them, or nothing does).
        return str(value) if context.use_l10n is False and not context.autoescape else SafeString(value)
    return str(render_value_in_context(value, context))


def by_template(name: str, context: Context, **values: Any) -> SafeString:
    """``{% include name with values %}``: the template a part copies, drawn by the template engine
    in (a push of) the page's context, when the part is not drawn in Python (an edited template,
    DEBUG, a refused form)."""
    template = get_template(name).template  # type: ignore[attr-defined]
    with context.push(**values):
        return SafeString(template.render(context))


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
    return kept(_URLS, key, 256, lambda: _split_at_id(reverse(name, args=[_ID])))


def _split_at_id(url: str) -> tuple[str, str]:
    head, _sep, tail = url.partition(str(_ID))
    return head, tail


#: The context's name of the reader's language, read once per page (``laoke.web.customer_frame``
#: puts it in the 360° page's context): each card asked the active language, through asgiref's
#: ``Local``, a few times.
LANGUAGE = "laoke_language"


def language(context: Context) -> str:
    """The reader's language: the page's, read once (:data:`LANGUAGE`), else the active one."""
    found = context.get(LANGUAGE)
    return found if found is not None else (get_language() or "")


_page_language = language


class Words:
    """A card's fixed words (the msgids its template translates), translated once per language.

    A first visit of the 360° page asked ``gettext`` some 120 times for the same few dozen
    words, each call reading the active language through asgiref's ``Local``; a card now reads
    its words from a dictionary made on its first use in each language (a handful per process).
    The msgids are those of the template (mark them with ``gettext_noop`` so ``makemessages``
    still finds them), so the catalogues need no change. ``shown`` gives them escaped as
    ``{{ word }}`` would be (``python_html.value`` of a plain string). The dictionaries are dropped
    when the settings that choose the catalogues change (tests), as Django drops its own.
    """

    _all: list[Words] = []

    def __init__(self, *msgids: str) -> None:
        self.msgids = msgids
        self._plain: dict[str, dict[str, str]] = {}
        self._shown: dict[str, dict[str, str]] = {}
        Words._all.append(self)

    def of(self, language: str | None = None) -> dict[str, str]:
        """The words in ``language`` (the active one when not given), by msgid."""
        language = language or get_language() or ""
        found = self._plain.get(language)
        if found is None:
            with override(language or None):  # the catalogue of the language asked, on a miss
                found = {msgid: gettext(msgid) for msgid in self.msgids}
            self._plain[language] = found
        return found

    def shown(self, context: Context, language: str | None = None) -> dict[str, str]:
        """The words as ``{{ word }}`` draws them in ``context`` (escaped when it escapes), in the
        page's language (:func:`language`) unless another is given."""
        language = language or _page_language(context)
        if not context.autoescape:
            return self.of(language)
        found = self._shown.get(language)
        if found is None:
            found = {msgid: html.escape(word) for msgid, word in self.of(language).items()}
            self._shown[language] = found
        return found

    @classmethod
    def forget(cls) -> None:
        """Drop every card's words (the catalogues may have changed)."""
        for words in cls._all:
            words._plain.clear()
            words._shown.clear()


def _settings_changed(*, setting: str, **_kwargs: Any) -> None:
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"}:
        Words.forget()


setting_changed.connect(_settings_changed, dispatch_uid="laoke.platform.python_html.words")
