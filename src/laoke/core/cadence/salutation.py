"""Which language a draft is written in, how it greets the person, and how it writes a date.

Language: the contact's own language when Laoke has templates in it, else the main business
language of the customer's country (:data:`COUNTRY_LANGUAGE`, the 40 largest export markets by
ISO code), else English.

Salutation, from what the contact record holds (all optional: form of address Mr/Ms, an
academic title, the family name, a preferred name, the role):

- the family name is the one recorded, else taken from the name: a Chinese name's first
  character (or two for a compound surname such as 欧阳), the first word of a CJK name written
  with a space, else the last word of the name;
- English, Spanish, Portuguese: a preferred name gives the friendly form ("Dear Stefan,",
  "Hola, Javier:", "Olá, João,"); else a known form of address or title gives the formal one
  ("Dear Mr Weber,", "Dear Dr Weber,", "Estimado Sr. García:", "Prezado Sr. Silva,"); else the
  first word of a Latin-script name ("Dear Stefan,"), else the full name;
- German, French, Russian, Arabic: formal when the form of address is known ("Sehr geehrter Herr
  Dr. Weber,", "Bonjour Monsieur Dubois,", "Уважаемый господин Петров!", "السيد … المحترم،"),
  else a neutral greeting with the full (or preferred) name ("Guten Tag Stefan Weber,",
  "Bonjour Pierre Dubois,", "Здравствуйте, Иван Петров!", "مرحباً …،");
- Japanese: the family name and 様 ("ウェーバー様" is "Weber様" for a Latin name; a Japanese name
  written without a space keeps the whole name: "山田太郎様");
- Chinese: the family name with the role's title when the role names one ("王经理您好",
  "王总您好"), else 先生/女士 when known ("王先生您好"), else the full name ("王伟您好").
"""

# ruff: noqa: E501 — language tables read better one entry per line.

from __future__ import annotations

import datetime as dt
import re
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
_COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "令狐",
    "司徒",
    "夏侯",
)


def family_name(person: Person) -> str:
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
        if _KANA.search(name):
            return name
        return name[:2] if name[:2] in _COMPOUND_SURNAMES else name[:1]
    return words[-1]


def _given(person: Person) -> str:
    """A preferred name, else the first word of a Latin-script name of two words or more."""
    if person.preferred_name.strip():
        return person.preferred_name.strip()
    words = person.name.split()
    if len(words) > 1 and _LATIN.match(person.name):
        return words[0]
    return ""


#: Role words → the title a Chinese mail uses after the family name.
_ZH_TITLES: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        (
            "总经理",
            "董事长",
            "老板",
            "ceo",
            "owner",
            "general manager",
            "managing director",
            "president",
            "founder",
        ),
        "总",
    ),
    (("总监", "director"), "总监"),
    (("经理", "manager", "head"), "经理"),
    (("主管", "supervisor"), "主管"),
    (("工程师", "engineer"), "工"),
)


def _zh_title(role: str) -> str:
    text = role.lower()
    for words, title in _ZH_TITLES:
        if any(w in text for w in words):
            return title
    return ""


def salutation(person: Person, language: str) -> str:
    """The opening line of a mail to ``person`` in ``language`` (punctuation included)."""
    name = " ".join(person.name.split())
    family = family_name(person)
    given = _given(person)
    sex = person.form_of_address
    title = person.academic_title.strip()
    formal = bool(sex or title) and bool(family)
    lang = base_language(language)
    if lang == "zh":
        role_title = _zh_title(person.role)
        if family and role_title:
            return f"{family}{role_title}您好："
        if family and sex:
            return f"{family}{'先生' if sex == 'mr' else '女士'}您好："
        return f"{name}您好："
    if lang == "ja":
        return f"{family or name}様"
    if lang == "de":
        if formal:
            if sex == "ms":
                return f"Sehr geehrte Frau {title + ' ' if title else ''}{family},"
            if sex == "mr":
                return f"Sehr geehrter Herr {title + ' ' if title else ''}{family},"
            return f"Guten Tag {title} {name},"
        return f"Guten Tag {name},"
    if lang == "fr":
        if sex == "mr" and family:
            return f"Bonjour Monsieur {family},"
        if sex == "ms" and family:
            return f"Bonjour Madame {family},"
        return f"Bonjour {name},"
    if lang == "ru":
        if sex and person.preferred_name.strip():
            return f"{'Уважаемый' if sex == 'mr' else 'Уважаемая'} {person.preferred_name.strip()}!"
        if sex == "mr" and family:
            return f"Уважаемый господин {family}!"
        if sex == "ms" and family:
            return f"Уважаемая госпожа {family}!"
        return f"Здравствуйте, {person.preferred_name.strip() or name}!"
    if lang == "ar":
        if sex == "mr":
            return f"السيد {name} المحترم،"
        if sex == "ms":
            return f"السيدة {name} المحترمة،"
        return f"مرحباً {person.preferred_name.strip() or name}،"
    if lang == "es":
        if person.preferred_name.strip():
            return f"Hola, {given}:"
        if formal:
            if title and not sex:
                return f"Estimado/a {title} {family}:"
            return f"{'Estimada Sra.' if sex == 'ms' else 'Estimado Sr.'} {family}:"
        return f"Hola, {given or name}:"
    if lang == "pt":
        if person.preferred_name.strip():
            return f"Olá, {given},"
        if formal and sex:
            return f"{'Prezada Sra.' if sex == 'ms' else 'Prezado Sr.'} {family},"
        return f"Olá, {given or name},"
    # English
    if person.preferred_name.strip():
        return f"Dear {given},"
    if formal:
        if title:
            return f"Dear {title.rstrip('.')} {family},"
        return f"Dear {'Ms' if sex == 'ms' else 'Mr'} {family},"
    return f"Dear {given or name},"


_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"),
    "pt": ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"),
    "ru_nom": ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"),
    "ar": ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"),
}  # fmt: skip


def format_date(day: dt.date, language: str) -> str:
    """A day written as a reader of ``language`` writes it in a letter."""
    lang = base_language(language)
    m = day.month - 1
    if lang in ("zh", "ja"):
        return f"{day.year}年{day.month}月{day.day}日"
    if lang == "de":
        return f"{day.day}. {_MONTHS['de'][m]} {day.year}"
    if lang in ("es", "pt"):
        return f"{day.day} de {_MONTHS[lang][m]} de {day.year}"
    if lang == "ru":
        return f"{day.day} {_MONTHS['ru'][m]} {day.year} г."
    if lang in ("fr", "ar"):
        return f"{day.day} {_MONTHS[lang][m]} {day.year}"
    return f"{day.day} {_MONTHS['en'][m]} {day.year}"


def format_month(day: dt.date, language: str) -> str:
    """A month and year ("March 2027", "2027年3月", "März 2027")."""
    lang = base_language(language)
    m = day.month - 1
    if lang in ("zh", "ja"):
        return f"{day.year}年{day.month}月"
    if lang in ("es", "pt"):
        return f"{_MONTHS[lang][m]} de {day.year}"
    if lang == "ru":
        return f"{_MONTHS['ru_nom'][m]} {day.year} г."
    if lang in ("de", "fr", "ar"):
        return f"{_MONTHS[lang][m]} {day.year}"
    return f"{_MONTHS['en'][m]} {day.year}"


#: The greeting when the customer has no contact on record.
GENERIC_SALUTATION: dict[str, str] = {
    "en": "Dear Sir or Madam,",
    "zh": "您好：",
    "de": "Sehr geehrte Damen und Herren,",
    "fr": "Madame, Monsieur,",
    "es": "Estimados señores:",
    "pt": "Prezados senhores,",
    "ru": "Уважаемые коллеги!",
    "ar": "السادة الأفاضل،",
    "ja": "ご担当者様",
}
