"""Mail drafts: built-in templates per task kind and language, and rendering that never leaves a hole.

Templates live in three layers, the first found wins: the salesperson's own, the company's
(both stored by the adapter), the built-in ones here (:mod:`laoke.core.cadence.draft_texts`,
in :data:`~laoke.core.cadence.salutation.DRAFT_LANGUAGES`). Placeholders:

``{salutation}``
    the greeting line in the draft's language ("Sehr geehrter Herr Weber,", "王经理您好：");
``{contact}``, ``{customer}``, ``{salesperson}``, ``{company}``
    names;
``{festival}``, ``{wishes}``
    the festival's name (English or Chinese) and the greeting in the draft's language;
``{topics}``
    the month's topics, or the latest products for an introduction or a win-back mail;
``{order_no}``, ``{order_date}``
    the order's number and the day it was placed;
``{last_mail_date}``
    the day of the last mail we sent the customer;
``{season}``
    the month the next order or season is expected;
``{date}``
    the task's own day where the record holds one (the festival, the birthday, the last mail).

Every fact comes from the record. A sentence whose fact is missing is left out, not rendered
with a hole: :func:`render` drops each sentence holding an empty placeholder (and a subject that
would have one falls back to the built-in subject).
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from laoke.core.cadence.calendar import festivals_between
from laoke.core.cadence.draft_texts import EVENTS, TEXTS, TOPICS, festival_name, signed, wishes
from laoke.core.cadence.festivals import greetings_for
from laoke.core.cadence.salutation import (
    DRAFT_LANGUAGES,
    GENERIC_SALUTATION,
    Person,
    base_language,
    format_date,
    format_month,
    salutation,
)

PLACEHOLDERS = (
    "salutation",
    "customer",
    "contact",
    "salesperson",
    "company",
    "festival",
    "wishes",
    "topics",
    "order_no",
    "order_date",
    "last_mail_date",
    "season",
    "date",
)


@dataclass(frozen=True)
class Template:
    """A subject and body with placeholders."""

    subject: str
    body: str


def _built_in() -> dict[tuple[str, str], Template]:
    out = {}
    for kind, lang in TEXTS:
        text = signed(kind, lang)
        assert text is not None
        out[(kind, lang)] = Template(*text)
    return out


DEFAULTS: dict[tuple[str, str], Template] = _built_in()


class TemplateError(ValueError):
    """A template names a placeholder that does not exist or is malformed."""


def template_errors(text: str) -> list[str]:
    """Problems with a template text: unknown placeholders or broken braces (empty list when fine)."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        return [str(exc)]
    return [f"unknown placeholder {{{name}}}" for name in fields if name not in PLACEHOLDERS]


def language_of(code: str) -> str:
    """The template language for a contact language (``zh-CN`` → ``zh``; empty → ``en``)."""
    return base_language(code) or "en"


def default_template(kind: str, language: str) -> Template | None:
    """The built-in template for ``kind`` in ``language`` (English when there is none in it)."""
    return DEFAULTS.get((kind, language)) or DEFAULTS.get((kind, "en"))


#: A sentence: text up to and including its end mark (Latin, CJK and Arabic), or the rest of the line.
_SENTENCE = re.compile(r"[^.!?。！？؟]*(?:[.!?؟]+(?:\s+|$)|[。！？]+\s*|$)")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _drop_empty_sentences(text: str, values: Mapping[str, str]) -> str:
    """Leave out every sentence that holds a placeholder without a value."""
    missing = {name for name in PLACEHOLDERS if not str(values.get(name, "") or "").strip()}
    if not missing:
        return text
    lines = []
    for line in text.split("\n"):
        if not _fields(line) & missing:
            lines.append(line)
            continue
        kept = "".join(s for s in _SENTENCE.findall(line) if s and not _fields(s) & missing)
        lines.append(kept.rstrip())
    return "\n".join(lines)


def render(template: Template, values: Mapping[str, str], *, fallback: Template | None = None) -> Template:
    """Fill the placeholders; sentences whose value is missing are left out, an unknown placeholder raises.

    A subject that would lose a placeholder is replaced by ``fallback``'s subject when given.
    """
    errors = template_errors(template.subject) + template_errors(template.body)
    if errors:
        raise TemplateError("; ".join(errors))
    filled = {name: str(values.get(name, "") or "").strip() for name in PLACEHOLDERS}
    subject = template.subject
    if any(not filled[f] for f in _fields(subject)) and fallback is not None:
        subject = fallback.subject
    subject = _drop_empty_sentences(subject, filled).strip()
    body = _drop_empty_sentences(template.body, filled)
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    return Template(subject.format_map(filled), body.format_map(filled))


#: A festival greeting is written from this many days before the festival until this many after it.
FESTIVAL_SEASON = (45, 3)
#: Birthday wishes are written up to this many days after the birthday, not later.
BIRTHDAY_LATE_DAYS = 3


@dataclass(frozen=True)
class DraftFacts:
    """What the record says that a draft may state; a missing fact is None or empty, never guessed.

    ``task_details`` are the stored task's details (festival code and day, order number, season…).
    """

    kind: str
    language: str
    as_of: dt.date
    customer: str
    country: str
    company: str
    salesperson: str
    person: Person | None = None
    task_details: Mapping[str, object] = field(default_factory=dict)
    last_mail_on: dt.date | None = None
    order_date: dt.date | None = None
    new_products: Sequence[str] = ()
    greetings: tuple[str, ...] | None = None  # the country's greetings with the company's switches


def _day(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def festival_key(code: str, name_en: str) -> str:
    """The wish table's key: a joint Christmas and New Year greeting has its own wording."""
    if code == "christmas" and "New Year" in name_en:
        return "new_year+christmas"
    if code == "new_year" and "Christmas" in name_en:
        return "new_year+orthodox_christmas"
    return code


def month_topics(facts: DraftFacts) -> str:
    """The month's topics on the day the mail is written: new products, a festival ahead, an event, prices."""
    lang = facts.language if facts.language in TOPICS else "en"
    words = TOPICS[lang]
    topics = []
    if facts.new_products:
        topics.append(words["new"].format(names=", ".join(facts.new_products[:3])))
    if facts.country:
        ahead = festivals_between(
            facts.country, facts.as_of, facts.as_of + dt.timedelta(days=30), facts.greetings
        )[:1]
        for fest in ahead:
            name = festival_name(fest.greeting, lang)
            topics.append(words["festival"].format(name=name, date=format_date(fest.on, lang)))
    event = EVENTS.get(facts.as_of.month)
    if event:
        topics.append(event.get(lang) or event["en"])
    topics.append(words["price"])
    return words["sep"].join(topics)


def out_of_season(facts: DraftFacts) -> bool:
    """Whether the task's occasion is past or too far ahead for a mail written on ``as_of``.

    A festival greeting outside its season (or for a greeting the company switched off), birthday
    wishes after the birthday, an order note for an order not yet placed.
    """
    details = facts.task_details
    if facts.kind == "festival":
        on = _day(details.get("on"))
        if on is None:
            return True
        before, after = FESTIVAL_SEASON
        if not on - dt.timedelta(days=before) <= facts.as_of <= on + dt.timedelta(days=after):
            return True
        code = str(details.get("festival", ""))
        switched_off = code in greetings_for(facts.country) and code not in (facts.greetings or ())
        return facts.greetings is not None and switched_off
    if facts.kind == "birthday":
        on = _day(details.get("on"))
        return on is None or facts.as_of > on + dt.timedelta(days=BIRTHDAY_LATE_DAYS)
    if facts.kind.startswith("order_"):
        return facts.order_date is not None and facts.order_date > facts.as_of
    return False


def draft_values(facts: DraftFacts) -> dict[str, str]:
    """The placeholder values for a draft; a fact the record lacks stays empty (its sentence is left out)."""
    lang = facts.language
    details = facts.task_details
    person = facts.person
    values = {
        "salutation": salutation(person, lang)
        if person is not None and person.name.strip()
        else GENERIC_SALUTATION.get(lang, GENERIC_SALUTATION["en"]),
        "customer": facts.customer,
        "contact": person.name if person is not None else "",
        "salesperson": facts.salesperson,
        "company": facts.company,
        "order_no": str(details.get("order_no") or ""),
        "order_date": format_date(facts.order_date, lang) if facts.order_date else "",
        "last_mail_date": format_date(facts.last_mail_on, lang) if facts.last_mail_on else "",
    }
    if facts.kind == "festival":
        # A task made since festivals are codes names its ``greeting``; older ones their English name.
        key = str(details.get("greeting") or "") or festival_key(
            str(details.get("festival", "")), str(details.get("festival_en", ""))
        )
        values["wishes"] = wishes(key, lang)
        stored = details.get("festival_zh" if lang == "zh" else "festival_en")
        values["festival"] = str(stored or (festival_name(key, lang) if key else ""))
    if facts.kind == "monthly_touch":
        values["topics"] = month_topics(facts)
    elif facts.kind in ("ladder_intro", "reactivation") and facts.new_products:
        sep = (TOPICS.get(lang) or TOPICS["en"])["sep"]
        values["topics"] = sep.join(facts.new_products[:3])
    season = _day(details.get("window_start") or details.get("season"))
    if season is not None and season > facts.as_of:
        values["season"] = format_month(season, lang)
    occasion = _day(details.get("on")) if facts.kind in ("festival", "birthday") else None
    if occasion is not None:
        values["date"] = format_date(occasion, lang)
    elif facts.kind in ("ladder_ask", "ladder_intro", "ladder_call"):
        values["date"] = values["last_mail_date"]
    return values


__all__ = [
    "DEFAULTS",
    "DRAFT_LANGUAGES",
    "PLACEHOLDERS",
    "DraftFacts",
    "Template",
    "TemplateError",
    "default_template",
    "draft_values",
    "language_of",
    "out_of_season",
    "render",
    "template_errors",
]
