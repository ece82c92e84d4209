"""The built-in letters are data of the cadence app, one file per language, complete and read right.

The core asks for a letter of each kind, a wish and a name for each festival, the month's event,
dates and salutations (laoke.core.cadence.drafts); every language's file answers each of them,
and a draft written through the page reads as a customer in that language expects it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import string
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import User
from laoke.cadence.letters import LANGUAGES, built_in, built_in_template, letters
from laoke.cadence.services.drafts import build_draft
from laoke.company.models import CompanySettings
from laoke.core.cadence.drafts import LETTER_FESTIVALS, LETTER_KINDS, render, template_errors
from laoke.core.cadence.salutation import (
    DRAFT_LANGUAGES,
    FACTS,
    FIELDS,
    Person,
    format_date,
    format_month,
    salutation,
)
from laoke.customers.models import Contact
from laoke.interactions.models import Interaction
from laoke.retention.models import Task
from tests.web import factories as f

ROOT = Path(__file__).resolve().parents[2]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_the_core_writes_has_a_file_with_every_letter_festival_and_date() -> None:
    """Each kind × language the core asks for, every festival's wish and name, the same event months."""
    files = {p.name for p in resources.files("laoke.cadence.letters").iterdir() if p.name.endswith(".toml")}
    assert files == {f"{lang}.toml" for lang in DRAFT_LANGUAGES} | {"names.toml"}
    assert set(LANGUAGES) == set(DRAFT_LANGUAGES)
    english_events = set(letters("en").events)
    assert english_events
    for lang in DRAFT_LANGUAGES:
        words = letters(lang)
        assert words.language == lang
        assert set(words.texts) == set(LETTER_KINDS), lang
        for kind in LETTER_KINDS:
            template = words.template(kind)
            assert template is not None and template == built_in()[(kind, lang)]
            assert template.subject.strip() and template.body.strip(), (kind, lang)
            assert not template_errors(template.subject) and not template_errors(template.body), (kind, lang)
            assert "salutation" in _fields(template.body) and "salesperson" in _fields(template.body)
        assert set(words.wishes) == set(LETTER_FESTIVALS), lang
        assert set(words.festivals) == set(LETTER_FESTIVALS), lang
        assert all(words.wishes.values()) and all(words.festivals.values()), lang
        assert set(words.events) == english_events, lang
        dates = words.dates
        for pattern in (dates.date, dates.month):
            assert _fields(pattern) <= {"day", "month", "month_number", "year"}, lang
        if "month" in _fields(dates.date) or "month" in _fields(dates.month):
            assert len(dates.months) == 12, lang
        assert len(dates.months_alone) in (0, 12), lang
        assert _fields(words.topics.new) == {"names"} and _fields(words.topics.festival) == {"name", "date"}
        forms = words.salutations.forms
        assert forms and forms[-1].when == frozenset(), f"{lang}: the last salutation must always apply"
        for form in forms:
            assert form.when <= FACTS, (lang, form)
            assert _fields(form.text) <= set(FIELDS), (lang, form)
        assert words.salutations.generic.strip()
        assert "欧阳" in words.salutations.compound_surnames


def test_a_fresh_install_ships_the_letter_files() -> None:
    """The package data of the project includes the *.toml files beside the code."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "*.toml" in config["tool"]["setuptools"]["package-data"]["*"]
    assert (ROOT / "src/laoke/cadence/letters/__init__.py").is_file()  # a package: found by find_packages


def test_an_unknown_language_gets_the_english_letters() -> None:
    """Italian has no letters: English ones; ``zh-CN`` reads Chinese."""
    assert letters("it") is letters("en")
    assert letters("zh-CN") is letters("zh")
    assert built_in_template("birthday", "it") == built_in()[("birthday", "en")]


def test_salutations_follow_what_the_record_holds() -> None:
    """Formal when the form of address is known, neutral otherwise, never 'Dear Stefan Weber'."""

    def greet(person: Person, lang: str) -> str:
        return salutation(person, letters(lang).salutations)

    weber = Person("Stefan Weber", form_of_address="mr")
    assert greet(weber, "de") == "Sehr geehrter Herr Weber,"
    assert greet(Person("Katrin Müller", form_of_address="ms", academic_title="Dr."), "de") == (
        "Sehr geehrte Frau Dr. Müller,"
    )
    assert greet(Person("Stefan Weber"), "de") == "Guten Tag Stefan Weber,"
    assert greet(weber, "en") == "Dear Mr Weber,"
    assert greet(Person("Katrin Müller", academic_title="Dr."), "en") == "Dear Dr Müller,"
    assert greet(Person("Stefan Weber"), "en") == "Dear Stefan,"
    assert greet(Person("Stefan Weber"), "ja") == "Weber様"
    assert greet(Person("佐藤 ひろし"), "ja") == "佐藤様"
    assert greet(Person("山田太郎"), "ja") == "山田太郎様"
    assert greet(Person("山田太郎", family_name="山田"), "ja") == "山田様"
    assert greet(Person("王伟", role="采购经理"), "zh") == "王经理您好："
    assert greet(Person("王伟", role="CEO"), "zh") == "王总您好："
    assert greet(Person("欧阳娜", form_of_address="ms"), "zh") == "欧阳女士您好："
    assert greet(Person("王伟"), "zh") == "王伟您好："
    assert greet(Person("Javier García", form_of_address="mr"), "es") == "Estimado Sr. García:"
    assert greet(Person("Javier García", preferred_name="Javi"), "es") == "Hola, Javi:"
    assert greet(Person("João Silva", form_of_address="mr"), "pt") == "Prezado Sr. Silva,"
    assert greet(Person("Pierre Dubois", form_of_address="mr"), "fr") == "Bonjour Monsieur Dubois,"
    assert greet(Person("Иван Петров", form_of_address="mr"), "ru") == "Уважаемый господин Петров!"
    assert greet(Person("Иван Петров", preferred_name="Иван"), "ru") == "Здравствуйте, Иван!"
    assert greet(Person("Ahmed Ali", form_of_address="mr"), "ar") == "السيد Ahmed Ali المحترم،"


def test_dates_are_written_as_each_language_writes_them() -> None:
    """4 December 2026 and March 2027 in every language of the letters."""
    day, month = dt.date(2026, 12, 4), dt.date(2027, 3, 1)
    written = {
        lang: (format_date(day, letters(lang).dates), format_month(month, letters(lang).dates))
        for lang in LANGUAGES
    }
    assert written == {
        "en": ("4 December 2026", "March 2027"),
        "zh": ("2026年12月4日", "2027年3月"),
        "de": ("4. Dezember 2026", "März 2027"),
        "fr": ("4 décembre 2026", "mars 2027"),
        "es": ("4 de diciembre de 2026", "marzo de 2027"),
        "pt": ("4 de dezembro de 2026", "março de 2027"),
        "ru": ("4 декабря 2026 г.", "март 2027 г."),
        "ar": ("4 ديسمبر 2026", "مارس 2027"),
        "ja": ("2026年12月4日", "2027年3月"),
    }


def test_a_sentence_without_its_fact_is_left_out_in_every_language() -> None:
    """No ': .' and no empty date: the sentence goes, the rest of the mail stays."""
    base = {"salutation": "Hi,", "customer": "ACME", "company": "Us", "salesperson": "Li"}
    for (kind, lang), template in built_in().items():
        if kind not in ("reactivation", "ladder_ask"):
            continue
        text = render(template, base).body
        assert "{" not in text and ": ." not in text and "：。" not in text, (kind, lang, text)
        assert "Li" in text, (kind, lang)


# --- drafts through the service and the page ---------------------------------------------------


def _ladder_task(owner: User, *, language: str, **contact: str) -> Task:
    """A "did my mail arrive?" task for a customer we last wrote to on 4 December 2026."""
    cust = f.customer("Weber Chemie GmbH", owner=owner)
    Contact.objects.create(
        customer=cust, email="buyer@example.com", is_primary=True, language=language, **contact
    )
    sent = timezone.make_aware(dt.datetime(2026, 12, 4, 10, 0))
    Interaction.objects.create(customer=cust, kind="email_out", direction="out", occurred_at=sent)
    return f.task(
        cust, owner, dt.date(2026, 12, 10), kind="ladder_ask", rule_key=f"t:ask:{cust.pk}", details={}
    )


def _page(client: Client, task: Task, ui: str) -> tuple[str, str]:
    """The subject and body the draft page shows a reader whose interface is in ``ui``."""
    client.cookies["django_language"] = ui
    page = client.get(f"/cadence/tasks/{task.pk}/draft/").content.decode()
    subject = re.search(r'id="draft-subject" name="subject" value="([^"]*)"', page)
    body = re.search(r'id="draft-body" name="body" rows="\d+">(.*?)</textarea>', page, re.S)
    assert subject is not None and body is not None
    return html.unescape(subject.group(1)), html.unescape(body.group(1))


@pytest.mark.django_db
def test_a_german_and_a_chinese_draft_read_right_in_either_interface_language(
    sales_client: Client, sales: User
) -> None:
    """The letter is in the customer's language, whatever the salesperson reads the page in."""
    company = CompanySettings.load()
    company.name = "Ningbo Laoke Trading"
    company.save()
    german = _ladder_task(sales, language="de", name="Stefan Weber", form_of_address="mr")
    chinese = _ladder_task(sales, language="zh", name="王伟", role="采购经理")
    as_of = dt.date(2026, 12, 10)
    de = build_draft(task=german, user=sales, as_of=as_of)
    zh = build_draft(task=chinese, user=sales, as_of=as_of)
    assert de is not None and zh is not None
    assert (de.language, de.subject, de.body) == (
        "de",
        "Nachfrage zu meiner letzten E-Mail",
        "Sehr geehrter Herr Weber,\n\n"
        "ich hoffe, bei Weber Chemie GmbH ist alles in Ordnung. Am 4. Dezember 2026 hatte ich Ihnen "
        "geschrieben und möchte sichergehen, dass meine Nachricht angekommen ist. "
        "Können wir etwas für Sie tun?\n\n"
        "Mit freundlichen Grüßen\nLi\nNingbo Laoke Trading",
    )
    assert (zh.language, zh.subject, zh.body) == (
        "zh",
        "跟进上次的邮件",
        "王经理您好：\n\n"
        "我在2026年12月4日给您发过一封邮件，想确认您是否收到。请问有什么需要我们配合的吗？\n\n"
        "祝商祺！\nLi\nNingbo Laoke Trading",
    )
    for ui in ("en", "zh-hans"):
        subject, body = _page(sales_client, german, ui)
        assert subject == "Nachfrage zu meiner letzten E-Mail"
        assert body.startswith("Sehr geehrter Herr Weber,") and "Am 4. Dezember 2026 hatte ich" in body
        subject, body = _page(sales_client, chinese, ui)
        assert subject == "跟进上次的邮件"
        assert body.startswith("王经理您好：") and "我在2026年12月4日给您发过一封邮件" in body
