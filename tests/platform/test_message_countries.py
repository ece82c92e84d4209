"""Countries in messages (:func:`laoke.platform.messages.country`): the table of names is built once
a process, not again for every country a scorecard's explanation names, and still reads in the
reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from laoke.fileio import countries
from laoke.platform import messages


def test_the_country_table_is_built_once_and_named_in_the_readers_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built = []
    real = countries.country_names

    def counted() -> dict[str, tuple[str, str]]:
        built.append(1)
        return real()

    monkeypatch.setattr(countries, "country_names", counted)
    cached = getattr(messages, "_country_names", None)
    if cached is not None:
        cached.cache_clear()
    shown = {}
    for language in ("en", "zh-hans", "en", "zh-hans"):
        with translation.override(language):
            shown[language] = [messages.country(code) for code in ("BR", "de", "CN", "XX", None)]
    assert shown["en"] == ["Brazil", "Germany", "China", "XX", ""]
    assert shown["zh-hans"] == ["巴西", "德国", "中国", "XX", ""]
    assert len(built) == 1
    if cached is not None:
        cached.cache_clear()  # the next test gets the real table
