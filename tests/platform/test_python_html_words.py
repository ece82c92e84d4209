"""A card's fixed words (``laoke.platform.python_html.Words``), translated once per language: they
are what ``gettext`` gives in the reader's language (not the first reader's), escaped as
``{{ word }}`` is, dropped when the catalogues' settings change, and each is a msgid the
catalogues translate (a word mistyped when copied from its template would show in English)."""

from __future__ import annotations

import importlib

import pytest
from django.template import Context
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext, trans_real

from laoke.platform import python_html
from laoke.platform.python_html import Words

#: The modules whose cards keep their words (imported so that their ``Words`` are registered).
CARD_MODULES = (
    "laoke.web.customer_parts",
    "laoke.web.customer_cards",
    "laoke.web.customer_action_cards",
    "laoke.web.customer_data_cards",
    "laoke.pipeline.portrait_html",
)


def test_the_words_follow_the_reader_language() -> None:
    words = Words("Profile", "Payments", "%(n)s days")
    seen = {}
    for language in ("en", "zh-hans", "en", "zh-hans"):
        with translation.override(language):
            expected = {m: gettext(m) for m in words.msgids}
            assert words.of() == expected
            assert words.of(language) == expected
            seen[language] = words.of()["Profile"]
    for language in ("en", "zh-hans"):  # a language passed down, whichever is active
        with translation.override(language):
            expected = {m: gettext(m) for m in words.msgids}
        words = Words(*words.msgids)
        with translation.override("zh-hans" if language == "en" else "en"):
            assert words.of(language) == expected
    assert seen["en"] == "Profile"
    assert seen["zh-hans"] != "Profile"


def test_the_shown_words_are_escaped_as_the_template_engine_does() -> None:
    words = Words("Profile", "A & B <c> \"d\" 'e'")
    for language in ("en", "zh-hans"):
        with translation.override(language):
            for autoescape in (True, False):
                context = Context(autoescape=autoescape)
                shown = words.shown(context)
                for msgid in words.msgids:
                    assert shown[msgid] == python_html.value(gettext(msgid), context)
    assert words.shown(Context())["A & B <c> \"d\" 'e'"] == "A &amp; B &lt;c&gt; &quot;d&quot; &#x27;e&#x27;"


def test_a_change_of_the_catalogue_settings_drops_the_kept_words() -> None:
    words = Words("Profile")
    with translation.override("en"):
        assert words.of() == {"Profile": "Profile"}
        words._plain["en"]["Profile"] = "stale"
        with override_settings(LOCALE_PATHS=[]), translation.override("en"):
            assert words.of() == {"Profile": "Profile"}


@pytest.mark.parametrize("module", CARD_MODULES)
def test_every_card_word_is_translated_in_chinese(module: str) -> None:
    kept = [w for w in vars(importlib.import_module(module)).values() if isinstance(w, Words)]
    assert kept
    catalog = trans_real.translation("zh-hans")._catalog  # type: ignore[attr-defined]
    missing = sorted(m for w in kept for m in w.msgids if catalog.get(m) is None)
    assert missing == []


def test_the_page_language_is_read_from_the_context_else_the_active_one() -> None:
    """The 360° page reads the language once and puts it in its context; a card drawn in another
    context (none there) reads the active language."""
    words = Words("Profile")
    with translation.override("en"):
        assert python_html.language(Context()) == "en"
        assert python_html.language(Context({python_html.LANGUAGE: "zh-hans"})) == "zh-hans"
        chinese = words.shown(Context({python_html.LANGUAGE: "zh-hans"}))["Profile"]
        assert words.shown(Context())["Profile"] == "Profile"
    with translation.override("zh-hans"):
        assert chinese == gettext("Profile") != "Profile"
