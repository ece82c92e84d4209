"""Which language a draft is written in, how it greets the person, and how it writes a date.

Language: the contact's own language when Laoke has templates in it, else the main business
language of the customer's country (:data:`COUNTRY_LANGUAGE`, the 40 largest export markets by
ISO code), else English.

The words are data, one set per language (:mod:`laoke.cadence.letters` loads them and passes
them in); this module holds the reading of a contact record. From what the record holds (all
optional: form of address Mr/Ms, an academic title, the family name, a preferred name, the
role) it knows these facts about the person:

``family``
    a family name is known: the one recorded, else taken from the name: a Chinese name's first
    character (or two for a compound surname such as 欧阳, listed in the data), the first word
    of a CJK name written with a space, else the last word of the name;
``given``
    a name to greet by first name: the preferred name, else the first word of a Latin-script
    name of two words or more;
``preferred``
    a preferred name is recorded;
``mr``, ``ms``, ``sex``
    the form of address is Mr, Ms, or any;
``title``
    an academic title is recorded;
``formal``
    a form of address or a title is recorded, and a family name is known;
``role_title``
    the role names a title the language puts after the family name (Chinese 经理, 总…).

Each language lists its salutations in order, each with the facts it needs; the first whose facts
all hold is written, its placeholders ``{name}`` (the full name), ``{family}``, ``{given}``,
``{preferred}``, ``{title}``, ``{title_bare}`` (without a final dot) and ``{role_title}`` filled.
Dates are written with the language's patterns and month names (:class:`DateWords`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass

#: Languages Laoke writes drafts in (built-in templates exist for each).
DRAFT_LANGUAGES: tuple[str, ...] = ("zh", "en", "es", "de", "fr", "ru", "ar", "pt", "ja")

#: The main business language of the 40 largest export markets (plus China): what a buyer there
#: reads without effort. Where English is the lingua franca of trade (Netherlands, Nordics,
#: India, Gulf trading houses…) it is English; Arabic for Saudi Arabia, Egypt and Iraq.
COUNTRY_LANGUAGE: dict[str, str] = {
    "CN": "zh", "HK": "zh", "TW": "zh", "SG": "en", "MY": "en", "ID": "en", "TH": "en", "VN": "en",
    "KR": "en", "JP": "ja", "PH": "en", "IN": "en", "BD": "en", "PK": "en",
    "AE": "en", "SA": "ar", "IQ": "ar", "EG": "ar", "TR": "en", "IR": "en", "KZ": "ru", "NG": "en",
    "RU": "ru", "US": "en", "CA": "en", "MX": "es", "BR": "pt", "CL": "es", "AU": "en", "ZA": "en",
    "GB": "en", "DE": "de", "FR": "fr", "IT": "en", "ES": "es", "NL": "en", "BE": "fr", "PL": "en",
    "CZ": "en", "SE": "en", "CH": "de",
    # Further markets where the choice is clear.
    "AT": "de", "PT": "pt", "AR": "es", "CO": "es", "PE": "es", "UA": "ru", "BY": "ru", "MA": "fr",
    "DZ": "ar", "TN": "fr", "JO": "ar", "KW": "ar", "QA": "ar", "OM": "ar", "LB": "ar", "AO": "pt",
    "MO": "zh",
}  # fmt: skip


def base_language(code: str) -> str:
    """``zh-CN`` → ``zh``, ``pt_BR`` → ``pt``; empty stays empty."""
    return (code or "").split("-")[0].split("_")[0].lower()


def draft_language(contact_language: str, country: str, available: tuple[str, ...] = DRAFT_LANGUAGES) -> str:
    """The contact's language if drafts exist in it, else the country's business language, else English."""
    own = base_language(contact_language)
    if own in available:
        return own
    national = COUNTRY_LANGUAGE.get((country or "").upper(), "")
    return national if national in available else "en"


@dataclass(frozen=True)
class Person:
    """What a contact record says about how to address someone."""

    name: str
    family_name: str = ""
    preferred_name: str = ""
    form_of_address: str = ""  # "mr", "ms" or ""
    academic_title: str = ""
    role: str = ""


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f' .-]+$")

#: The facts a salutation form may ask for (see the module's docstring).
FACTS = frozenset({"family", "given", "preferred", "mr", "ms", "sex", "title", "formal", "role_title"})
#: The placeholders a salutation form may use.
FIELDS = ("name", "family", "given", "preferred", "title", "title_bare", "role_title")


@dataclass(frozen=True)
class SalutationForm:
    """One way of greeting, written when every fact in ``when`` holds."""

    when: frozenset[str]
    text: str


@dataclass(frozen=True)
class SalutationWords:
    """A language's salutations: its forms in order, the greeting without a contact, role titles.

    ``role_titles`` pairs words a role may contain with the title written after the family name;
    ``compound_surnames`` are the Chinese family names of two characters (whatever the language);
    ``whole_unspaced_names``: a name in Chinese characters without a space is written whole (a
    Japanese family name has one to three characters, so 山田太郎 is greeted 山田太郎様, not 山様).
    """

    forms: tuple[SalutationForm, ...]
    generic: str
    role_titles: tuple[tuple[tuple[str, ...], str], ...] = ()
    compound_surnames: frozenset[str] = frozenset()
    whole_unspaced_names: bool = False


def family_name(
    person: Person, compound_surnames: Collection[str] = (), *, whole_unspaced: bool = False
) -> str:
    """The recorded family name, else the one the name shows (see the module's rule)."""
    if person.family_name.strip():
        return person.family_name.strip()
    name = " ".join(person.name.split())
    if not name:
        return ""
    words = name.split(" ")
    if _CJK.search(name):
        if len(words) > 1:
            return words[0]
        if whole_unspaced or _KANA.search(name):
            return name
        return name[:2] if name[:2] in compound_surnames else name[:1]
    return words[-1]


def _given(person: Person) -> str:
    """A preferred name, else the first word of a Latin-script name of two words or more."""
    if person.preferred_name.strip():
        return person.preferred_name.strip()
    words = person.name.split()
    if len(words) > 1 and _LATIN.match(person.name):
        return words[0]
    return ""


def role_title(role: str, titles: tuple[tuple[tuple[str, ...], str], ...]) -> str:
    """The title the first matching role words give (case does not matter), else empty."""
    text = role.lower()
    for words, title in titles:
        if any(w.lower() in text for w in words):
            return title
    return ""


def salutation_facts(person: Person, words: SalutationWords) -> tuple[frozenset[str], dict[str, str]]:
    """The facts that hold for ``person`` and the values of the placeholders."""
    title = person.academic_title.strip()
    values = {
        "name": " ".join(person.name.split()),
        "family": family_name(person, words.compound_surnames, whole_unspaced=words.whole_unspaced_names),
        "given": _given(person),
        "preferred": person.preferred_name.strip(),
        "title": title,
        "title_bare": title.rstrip("."),
        "role_title": role_title(person.role, words.role_titles),
    }
    sex = person.form_of_address
    held = {name for name in ("family", "given", "preferred", "title", "role_title") if values[name]}
    if sex:
        held.add("sex")
        if sex in ("mr", "ms"):
            held.add(sex)
    if (sex or title) and values["family"]:
        held.add("formal")
    return frozenset(held), values


def salutation(person: Person, words: SalutationWords) -> str:
    """The opening line of a mail to ``person`` with ``words`` (punctuation included).

    The first form whose facts all hold; the full name when none does.
    """
    held, values = salutation_facts(person, words)
    for form in words.forms:
        if form.when <= held:
            return form.text.format_map(values)
    return values["name"]


@dataclass(frozen=True)
class DateWords:
    """How a letter writes a day and a month.

    ``date`` and ``month`` are patterns with ``{day}``, ``{month}`` (the name), ``{month_number}``
    and ``{year}``; ``months`` the twelve names as a date uses them, ``months_alone`` as a month
    and year uses them (Russian nominative after the genitive of a date; ``months`` when empty).
    """

    date: str
    month: str
    months: tuple[str, ...] = ()
    months_alone: tuple[str, ...] = ()


def _written(day: dt.date, pattern: str, months: tuple[str, ...]) -> str:
    name = months[day.month - 1] if len(months) == 12 else str(day.month)
    return pattern.format(day=day.day, month=name, month_number=day.month, year=day.year)


def format_date(day: dt.date, words: DateWords) -> str:
    """A day written as a reader of the language writes it in a letter."""
    return _written(day, words.date, words.months)


def format_month(day: dt.date, words: DateWords) -> str:
    """A month and year ("March 2027", "2027年3月", "März 2027")."""
    return _written(day, words.month, words.months_alone or words.months)
