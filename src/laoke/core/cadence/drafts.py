"""Mail drafts: which letter a task gets, its facts, and rendering that never leaves a hole.

Templates live in three layers, the first found wins: the salesperson's own, the company's
(both stored by the adapter), the built-in ones. All three are words the adapter passes in: the
built-in letters are data of the cadence app (:mod:`laoke.cadence.letters`, one file per
language in :data:`~laoke.core.cadence.salutation.DRAFT_LANGUAGES`), read into :class:`Letters`;
this module decides which letter (:data:`LETTER_KINDS`), which facts, and fills them in.
Placeholders:

``{salutation}``
    the greeting line in the draft's language ("Sehr geehrter Herr Weber,", "王经理您好：");
``{contact}``, ``{customer}``, ``{salesperson}``, ``{company}``
    names;
``{festival}``, ``{wishes}``
    the festival's name (as the task recorded it, in English or Chinese; else in the draft's
    language) and the greeting in the draft's language;
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
from laoke.core.cadence.festivals import ALL_CODES, greetings_for
from laoke.core.cadence.model import TaskKind
from laoke.core.cadence.salutation import (
    DRAFT_LANGUAGES,
    DateWords,
    Person,
    SalutationWords,
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


#: Task kinds that get a letter (every built-in language writes each of them).
LETTER_KINDS: tuple[str, ...] = (
    TaskKind.LADDER_ASK,
    TaskKind.LADDER_INTRO,
    TaskKind.LADDER_CALL,
    TaskKind.MONTHLY_TOUCH,
    TaskKind.FESTIVAL,
    TaskKind.BIRTHDAY,
    TaskKind.PRE_SEASON,
    TaskKind.SEASON_SAMPLES,
    TaskKind.SEASON_DESIGNS,
    TaskKind.ORDER_COMPLETION,
    TaskKind.ORDER_PHOTOS,
    TaskKind.ORDER_SHIPPING,
    TaskKind.ORDER_LOADING,
    TaskKind.REACTIVATION,
)

#: Greetings written for two festivals at once (see :func:`festival_key`).
JOINT_FESTIVALS: tuple[str, ...] = ("new_year+christmas", "new_year+orthodox_christmas")
#: Every festival a letter names or wishes for: the festival codes and the joint greetings.
LETTER_FESTIVALS: tuple[str, ...] = (*ALL_CODES, *JOINT_FESTIVALS)


@dataclass(frozen=True)
class TopicWords:
    """How the month's topics are written in one language.

    ``new`` with ``{names}``, ``festival`` with ``{name}`` and ``{date}``, the ``price`` topic, and
    the ``separator`` between topics (and between product names).
    """

    new: str
    festival: str
    price: str
    separator: str


@dataclass(frozen=True)
class Letters:
    """The words of the built-in letters in one language (data, loaded by the adapter).

    ``texts`` holds each letter kind's subject and the body between ``opening`` (which carries
    ``{salutation}``) and ``closing`` (the signature); ``events`` the month's recurring event by
    month; ``wishes`` and ``festivals`` the greeting and the name by festival code.
    """

    language: str
    opening: str
    closing: str
    texts: Mapping[str, Template]
    salutations: SalutationWords
    dates: DateWords
    topics: TopicWords
    events: Mapping[int, str]
    wishes: Mapping[str, str]
    festivals: Mapping[str, str]

    def template(self, kind: str) -> Template | None:
        """The built-in template of ``kind``, opening and signature included, or None."""
        text = self.texts.get(kind)
        if text is None:
            return None
        return Template(text.subject, self.opening + text.body + self.closing)


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


def festival_key(code: str, name_en: str = "") -> str:
    """The wish table's key: a joint Christmas and New Year greeting has its own wording.

    The calendar marks a joint greeting by its English name ("Christmas and New Year"); a joint
    code (:data:`JOINT_FESTIVALS`) is taken as it is.
    """
    if code == "christmas" and "New Year" in name_en:
        return "new_year+christmas"
    if code == "new_year" and "Christmas" in name_en:
        return "new_year+orthodox_christmas"
    return code


def month_topics(facts: DraftFacts, words: Letters) -> str:
    """The month's topics on the day the mail is written: new products, a festival ahead, an event, prices."""
    said = words.topics
    topics = []
    if facts.new_products:
        topics.append(said.new.format(names=", ".join(facts.new_products[:3])))
    if facts.country:
        ahead = festivals_between(
            facts.country, facts.as_of, facts.as_of + dt.timedelta(days=30), facts.greetings
        )[:1]
        for fest in ahead:
            name = words.festivals.get(fest.greeting) or fest.greeting
            topics.append(said.festival.format(name=name, date=format_date(fest.on, words.dates)))
    event = words.events.get(facts.as_of.month)
    if event:
        topics.append(event)
    topics.append(said.price)
    return said.separator.join(topics)


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


def draft_values(facts: DraftFacts, words: Letters) -> dict[str, str]:
    """The placeholder values for a draft written with ``words`` (the letters in the draft's language).

    A fact the record lacks stays empty (its sentence is left out).
    """
    lang = facts.language
    details = facts.task_details
    person = facts.person
    dates = words.dates
    values = {
        "salutation": salutation(person, words.salutations)
        if person is not None and person.name.strip()
        else words.salutations.generic,
        "customer": facts.customer,
        "contact": person.name if person is not None else "",
        "salesperson": facts.salesperson,
        "company": facts.company,
        "order_no": str(details.get("order_no") or ""),
        "order_date": format_date(facts.order_date, dates) if facts.order_date else "",
        "last_mail_date": format_date(facts.last_mail_on, dates) if facts.last_mail_on else "",
    }
    if facts.kind == "festival":
        # A task made since festivals are codes names its ``greeting``; older ones their English name.
        key = str(details.get("greeting") or "") or festival_key(
            str(details.get("festival", "")), str(details.get("festival_en", ""))
        )
        values["wishes"] = words.wishes.get(key, "")
        stored = details.get("festival_zh" if lang == "zh" else "festival_en")
        values["festival"] = str(stored or words.festivals.get(key) or "")
    if facts.kind == "monthly_touch":
        values["topics"] = month_topics(facts, words)
    elif facts.kind in ("ladder_intro", "reactivation") and facts.new_products:
        values["topics"] = words.topics.separator.join(facts.new_products[:3])
    season = _day(details.get("window_start") or details.get("season"))
    if season is not None and season > facts.as_of:
        values["season"] = format_month(season, dates)
    occasion = _day(details.get("on")) if facts.kind in ("festival", "birthday") else None
    if occasion is not None:
        values["date"] = format_date(occasion, dates)
    elif facts.kind in ("ladder_ask", "ladder_intro", "ladder_call"):
        values["date"] = values["last_mail_date"]
    return values


__all__ = [
    "DRAFT_LANGUAGES",
    "JOINT_FESTIVALS",
    "LETTER_FESTIVALS",
    "LETTER_KINDS",
    "PLACEHOLDERS",
    "DraftFacts",
    "Letters",
    "Template",
    "TemplateError",
    "TopicWords",
    "draft_values",
    "language_of",
    "month_topics",
    "out_of_season",
    "render",
    "template_errors",
]
