"""Language choice, salutations and sentences left out when their fact is missing."""

from __future__ import annotations

import datetime as dt

from laoke.core.cadence.drafts import DEFAULTS, Template, render
from laoke.core.cadence.salutation import Person, draft_language, format_date, salutation


def test_language_is_the_contacts_else_the_countrys_else_english() -> None:
    """de contact → de; Italian contact (no Italian templates) in Brazil → pt; unknown everywhere → en."""
    assert draft_language("de-CH", "CH") == "de"
    assert draft_language("it", "BR") == "pt"
    assert draft_language("", "JP") == "ja"
    assert draft_language("ko", "KR") == "en"


def test_salutations_follow_what_the_record_holds() -> None:
    """Formal when the form of address is known, neutral otherwise, never 'Dear Stefan Weber'."""
    weber = Person("Stefan Weber", form_of_address="mr")
    assert salutation(weber, "de") == "Sehr geehrter Herr Weber,"
    assert salutation(Person("Katrin Müller", form_of_address="ms", academic_title="Dr."), "de") == (
        "Sehr geehrte Frau Dr. Müller,"
    )
    assert salutation(Person("Stefan Weber"), "de") == "Guten Tag Stefan Weber,"
    assert salutation(weber, "en") == "Dear Mr Weber,"
    assert salutation(Person("Stefan Weber"), "en") == "Dear Stefan,"
    assert salutation(Person("Stefan Weber"), "ja") == "Weber様"
    assert salutation(Person("王伟", role="采购经理"), "zh") == "王经理您好："
    assert salutation(Person("欧阳娜", form_of_address="ms"), "zh") == "欧阳女士您好："
    assert salutation(Person("Javier García", form_of_address="mr"), "es") == "Estimado Sr. García:"
    assert salutation(Person("Pierre Dubois", form_of_address="mr"), "fr") == "Bonjour Monsieur Dubois,"
    assert salutation(Person("Иван Петров", form_of_address="mr"), "ru") == "Уважаемый господин Петров!"


def test_a_sentence_without_its_fact_is_left_out_in_every_language() -> None:
    """No ': .' and no empty date: the sentence goes, the rest of the mail stays."""
    base = {"salutation": "Hi,", "customer": "ACME", "company": "Us", "salesperson": "Li"}
    for (kind, lang), template in DEFAULTS.items():
        if kind not in ("reactivation", "ladder_ask"):
            continue
        text = render(template, base).body
        assert "{" not in text and ": ." not in text and "：。" not in text, (kind, lang, text)
        assert "Li" in text, (kind, lang)
    zh = render(Template("s", "{wishes}！{company}祝您{topics}。谢谢。"), {"wishes": "新年快乐"})
    assert zh.body == "新年快乐！谢谢。"
    assert format_date(dt.date(2026, 12, 4), "de") == "4. Dezember 2026"
