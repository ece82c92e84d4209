"""Language choice, salutations and dates from the words passed in; sentences left out without their fact.

The words here are made up for the test: the real ones are data of the cadence app
(tests/cadence/test_letters.py checks them).
"""

from __future__ import annotations

import datetime as dt

from laoke.core.cadence.drafts import Template, render
from laoke.core.cadence.salutation import (
    DateWords,
    Person,
    SalutationForm,
    SalutationWords,
    draft_language,
    family_name,
    format_date,
    format_month,
    salutation,
    salutation_facts,
)

WORDS = SalutationWords(
    forms=(
        SalutationForm(frozenset({"family", "role_title"}), "<{family}|{role_title}>"),
        SalutationForm(frozenset({"formal", "ms", "title"}), "<ms {title} {family}>"),
        SalutationForm(frozenset({"formal", "title"}), "<{title_bare} {family}>"),
        SalutationForm(frozenset({"formal", "mr"}), "<mr {family}>"),
        SalutationForm(frozenset({"given"}), "<{given}>"),
        SalutationForm(frozenset(), "<{name}>"),
    ),
    generic="<all>",
    role_titles=((("manager", "经理"), "M"), (("CEO",), "C")),
    compound_surnames=frozenset({"欧阳"}),
)


def test_language_is_the_contacts_else_the_countrys_else_english() -> None:
    """de contact → de; Italian contact (no Italian templates) in Brazil → pt; unknown everywhere → en."""
    assert draft_language("de-CH", "CH") == "de"
    assert draft_language("it", "BR") == "pt"
    assert draft_language("", "JP") == "ja"
    assert draft_language("ko", "KR") == "en"


def test_the_family_name_is_the_recorded_one_else_read_from_the_name() -> None:
    """Last word of a Latin name, first character of a Chinese one (two for a compound surname)."""
    assert family_name(Person("Stefan Weber")) == "Weber"
    assert family_name(Person("Stefan Weber", family_name="Weber-Kurz")) == "Weber-Kurz"
    assert family_name(Person("王伟")) == "王"
    assert family_name(Person("欧阳娜"), {"欧阳"}) == "欧阳"
    assert family_name(Person("欧阳娜")) == "欧"
    assert family_name(Person("李 小龙")) == "李"
    assert family_name(Person("やまだたろう")) == "やまだたろう"


def test_the_first_form_whose_facts_all_hold_is_written() -> None:
    """Formal with what is known, the role's title, the first name, else the full name."""
    assert salutation(Person("Katrin Müller", form_of_address="ms", academic_title="Dr."), WORDS) == (
        "<ms Dr. Müller>"
    )
    assert salutation(Person("Katrin Müller", academic_title="Dr."), WORDS) == "<Dr Müller>"
    assert salutation(Person("Stefan Weber", form_of_address="mr"), WORDS) == "<mr Weber>"
    assert salutation(Person("Stefan Weber"), WORDS) == "<Stefan>"
    assert salutation(Person("Stefan Weber", preferred_name="Steff"), WORDS) == "<Steff>"
    assert salutation(Person("欧阳娜", role="Purchasing Manager"), WORDS) == "<欧阳|M>"
    assert salutation(Person("Li Na", role="ceo"), WORDS) == "<Na|C>"
    assert salutation(Person("Madonna"), WORDS) == "<Madonna>"
    held, _values = salutation_facts(Person("Ann Lee", form_of_address="ms"), WORDS)
    assert held == {"family", "given", "sex", "ms", "formal"}
    only_named = SalutationWords(forms=(SalutationForm(frozenset({"mr"}), "x"),), generic="")
    assert salutation(Person("  Ann   Lee "), only_named) == "Ann Lee"


def test_dates_are_written_with_the_languages_patterns_and_month_names() -> None:
    """Month names as a date uses them, and on their own; a pattern may use the month's number."""
    months = tuple(f"m{n}" for n in range(1, 13))
    alone = tuple(f"a{n}" for n in range(1, 13))
    words = DateWords(
        date="{day}. {month} {year}", month="{month} {year} y", months=months, months_alone=alone
    )
    assert format_date(dt.date(2026, 12, 4), words) == "4. m12 2026"
    assert format_month(dt.date(2027, 3, 1), words) == "a3 2027 y"
    numbers = DateWords(date="{year}/{month_number}/{day}", month="{year}/{month}")
    assert format_date(dt.date(2026, 12, 4), numbers) == "2026/12/4"
    assert format_month(dt.date(2027, 3, 1), numbers) == "2027/3"


def test_a_sentence_without_its_fact_is_left_out() -> None:
    """No empty slot: the sentence goes, the rest of the mail stays."""
    zh = render(Template("s", "{wishes}！{company}祝您{topics}。谢谢。"), {"wishes": "新年快乐"})
    assert zh.body == "新年快乐！谢谢。"
    en = render(
        Template("Hi {customer}", "{salutation}\n\nWe wrote on {date}. Thanks."), {"salutation": "Hi,"}
    )
    assert en.body == "Hi,\n\nThanks."
