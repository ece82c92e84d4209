"""The built-in letters to customers: data files in the customer's language, read for the core.

A mail draft is written to a customer in the customer's language, one of nine
(:data:`~laoke.core.cadence.salutation.DRAFT_LANGUAGES`), not in the reader's interface language:
its words are not gettext messages (the catalogues are English and Chinese) but letters, one
file per language beside this module (``de.toml``…), written per language by someone who writes
business mail in it. The core decides which letter a task gets, its facts and the sentences left
out (:mod:`laoke.core.cadence.drafts`); these files give the words, read into
:class:`~laoke.core.cadence.drafts.Letters`, the same way as the company's own edited templates.

A file holds:

``opening``, ``closing``
    what comes before (``{salutation}``) and after (the signature) every letter's body;
``[salutation]``
    ``generic`` (no contact on record); ``forms``, each ``{ when = [facts], text = "…" }``, the
    first whose facts all hold is written (facts and placeholders:
    :mod:`laoke.core.cadence.salutation`); ``role_titles`` (``{ words = […], title = "…" }``);
``[dates]``
    ``date`` and ``month`` patterns with ``{day}``, ``{month}``, ``{month_number}``, ``{year}``;
    ``months`` (twelve names, as in a date) and ``months_alone`` (as in a month and year);
``[topics]``
    the monthly mail's ``{topics}``: ``new`` (``{names}``), ``festival`` (``{name}``, ``{date}``),
    ``price``, ``separator``;
``[events]``
    by month, a recurring event worth a line in the month's mail;
``[wishes]``, ``[festivals]``
    by festival code, the greeting and the name;
``[letters.<kind>]``
    ``subject`` and ``body`` of each letter kind (:data:`~laoke.core.cadence.drafts.LETTER_KINDS`).

``names.toml`` says how names are read whatever the language (Chinese compound surnames).
``tests/cadence/test_letters.py`` checks that every language has every letter, festival and date.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from laoke.core.cadence.drafts import Letters, Template, TopicWords
from laoke.core.cadence.salutation import (
    DRAFT_LANGUAGES,
    DateWords,
    SalutationForm,
    SalutationWords,
    base_language,
)

#: Languages with a letters file (those the core writes drafts in).
LANGUAGES: tuple[str, ...] = DRAFT_LANGUAGES


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files(__name__).joinpath(f"{name}.toml").read_text(encoding="utf-8"))


@cache
def _compound_surnames() -> frozenset[str]:
    return frozenset(_read("names")["compound_surnames"])


def _salutations(data: Mapping[str, Any]) -> SalutationWords:
    return SalutationWords(
        forms=tuple(SalutationForm(frozenset(f["when"]), f["text"]) for f in data["forms"]),
        generic=data["generic"],
        role_titles=tuple((tuple(r["words"]), r["title"]) for r in data.get("role_titles", ())),
        compound_surnames=_compound_surnames(),
        whole_unspaced_names=bool(data.get("whole_unspaced_names", False)),
    )


def _dates(data: Mapping[str, Any]) -> DateWords:
    return DateWords(
        date=data["date"],
        month=data["month"],
        months=tuple(data.get("months", ())),
        months_alone=tuple(data.get("months_alone", ())),
    )


@cache
def _letters(language: str) -> Letters:
    data = _read(language)
    return Letters(
        language=language,
        opening=data["opening"],
        closing=data["closing"],
        texts={kind: Template(t["subject"], t["body"]) for kind, t in data["letters"].items()},
        salutations=_salutations(data["salutation"]),
        dates=_dates(data["dates"]),
        topics=TopicWords(**data["topics"]),
        events={int(month): text for month, text in data["events"].items()},
        wishes=dict(data["wishes"]),
        festivals=dict(data["festivals"]),
    )


def letters(language: str) -> Letters:
    """The letters in ``language`` (``zh-CN`` reads ``zh``); English when Laoke has none in it."""
    lang = base_language(language)
    return _letters(lang if lang in LANGUAGES else "en")


@cache
def built_in() -> Mapping[tuple[str, str], Template]:
    """Every built-in template, (kind, language) → subject and full body (signature included)."""
    out: dict[tuple[str, str], Template] = {}
    for lang in LANGUAGES:
        words = _letters(lang)
        for kind in words.texts:
            template = words.template(kind)
            assert template is not None
            out[(kind, lang)] = template
    return out


def built_in_template(kind: str, language: str) -> Template | None:
    """The built-in template for ``kind`` in ``language`` (English when there is none in it)."""
    return built_in().get((kind, language)) or built_in().get((kind, "en"))


__all__ = ["LANGUAGES", "built_in", "built_in_template", "letters"]
