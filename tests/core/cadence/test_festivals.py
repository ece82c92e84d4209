"""Which festivals each of the 40 largest export markets is greeted for, and on which day."""

from __future__ import annotations

import datetime as dt

import pytest

from laoke.core.cadence.calendar import festivals, festivals_between

D = dt.date
CHINESE_WORLD = {"new_year", "lunar_new_year", "mid_autumn"}
WEST = {"new_year", "easter", "christmas"}
GULF = {"new_year", "eid_al_fitr", "eid_al_adha"}

#: The greetings a salesperson would send in 2027, market by market (the requirement, written out).
EXPECTED: dict[str, set[str]] = {
    "US": {"new_year", "thanksgiving", "christmas"},
    "HK": CHINESE_WORLD,
    "JP": {"new_year"},
    "KR": CHINESE_WORLD | {"christmas"},
    "VN": CHINESE_WORLD | {"national_day"},
    "IN": {"new_year", "diwali"},
    "DE": WEST | {"national_day"},
    "NL": WEST,
    "GB": WEST,
    "TW": CHINESE_WORLD,
    "SG": CHINESE_WORLD | {"eid_al_fitr", "diwali", "christmas"},
    "MY": {"new_year", "lunar_new_year", "eid_al_fitr", "diwali", "christmas"},
    "TH": {"new_year", "lunar_new_year", "songkran"},
    "ID": {"new_year", "lunar_new_year", "eid_al_fitr", "eid_al_adha", "christmas"},
    "AU": {"new_year", "christmas"},
    "RU": {"new_year", "orthodox_christmas"},
    "MX": WEST | {"national_day"},
    "CA": WEST,
    "FR": WEST | {"national_day"},
    "IT": WEST,
    "PH": {"new_year", "lunar_new_year", "easter", "christmas"},
    "AE": GULF | {"national_day"},
    "SA": GULF | {"national_day"},
    "BR": WEST | {"national_day"},
    "ES": WEST,
    "PL": WEST,
    "TR": {"new_year", "eid_al_fitr", "eid_al_adha", "national_day"},
    "BE": WEST,
    "BD": {"new_year", "eid_al_fitr", "eid_al_adha", "national_day"},
    "PK": {"new_year", "eid_al_fitr", "eid_al_adha", "national_day"},
    "CL": WEST | {"national_day"},
    "NG": {"new_year", "eid_al_fitr", "easter", "christmas"},
    "ZA": WEST,
    "EG": {"new_year", "eid_al_fitr", "eid_al_adha"},
    "KZ": {"new_year", "nowruz", "eid_al_adha", "national_day"},
    "IR": {"nowruz", "eid_al_fitr"},
    "CZ": WEST,
    "SE": WEST,
    "CH": WEST,
    "IQ": GULF,
}


def test_forty_markets() -> None:
    """The table covers forty markets."""
    assert len(EXPECTED) == 40


@pytest.mark.parametrize("country", sorted(EXPECTED))
def test_each_market_gets_its_own_greetings(country: str) -> None:
    """Each market is greeted for its festivals and no others (2027)."""
    assert {f.code for f in festivals(country, 2027)} == EXPECTED[country]


def test_the_cases_that_were_wrong() -> None:
    """Lunar New Year in Singapore and Malaysia, Diwali and no Easter or Eid in India, New Year in Russia."""
    assert "lunar_new_year" in {f.code for f in festivals("SG", 2027)}
    assert "lunar_new_year" in {f.code for f in festivals("MY", 2027)}
    india = {f.code for f in festivals("IN", 2027)}
    assert "diwali" in india and not india & {"easter", "eid_al_fitr", "eid_al_adha", "christmas"}
    assert "new_year" in {f.code for f in festivals("RU", 2027)}
    assert not {f.code for f in festivals("AE", 2027)} & {"christmas", "easter"}


@pytest.mark.parametrize(
    ("country", "code", "day"),
    [
        ("SG", "lunar_new_year", D(2027, 2, 6)),
        ("VN", "lunar_new_year", D(2026, 2, 17)),
        ("IN", "diwali", D(2025, 10, 20)),
        ("IN", "diwali", D(2026, 11, 8)),
        ("IN", "diwali", D(2027, 10, 29)),
        ("US", "thanksgiving", D(2026, 11, 26)),
        ("GB", "easter", D(2027, 3, 28)),
        ("KR", "mid_autumn", D(2027, 9, 15)),
        ("RU", "orthodox_christmas", D(2027, 1, 7)),
        ("FR", "national_day", D(2027, 7, 14)),
    ],
)
def test_festival_days(country: str, code: str, day: D) -> None:
    """Festival days as published (lunar and Hindu dates from the holidays package's calendars)."""
    assert {f.code: f.on for f in festivals(country, day.year)}[code] == day


def test_islamic_dates_are_in_the_known_window() -> None:
    """Eid al-Fitr 2027 falls on 9–10 March (an estimate: the moon is sighted locally)."""
    eid = {f.code: f.on for f in festivals("AE", 2027)}["eid_al_fitr"]
    assert D(2027, 3, 8) <= eid <= D(2027, 3, 11)


def test_russia_gets_one_greeting_for_new_year_and_christmas() -> None:
    """Orthodox Christmas a week after New Year shares New Year's greeting."""
    found = festivals_between("RU", D(2026, 12, 20), D(2027, 1, 20))
    assert [(f.code, f.on) for f in found] == [("new_year", D(2027, 1, 1))]
    assert found[0].greeting == "new_year+orthodox_christmas"


def test_every_muslim_majority_market_gets_an_eid_greeting() -> None:
    """Kazakhstan (Kurban Ait is a public holiday there) was the one Muslim-majority market without Eid."""
    for country in ("ID", "BD", "PK", "AE", "SA", "IQ", "EG", "TR", "IR", "KZ", "MY"):
        codes = {f.code for f in festivals(country, 2027)}
        assert codes & {"eid_al_fitr", "eid_al_adha"}, country


def test_the_company_switches_a_greeting_off_or_on() -> None:
    """A switch removes Christmas for Korea and adds Diwali for the UK; other countries keep the table."""
    from laoke.core.cadence.festivals import greetings_for

    switches = (("KR", "christmas", False), ("GB", "diwali", True), ("GB", "no_such_festival", True))
    assert "christmas" not in greetings_for("KR", switches=switches)
    assert "diwali" in greetings_for("GB", switches=switches)
    assert "no_such_festival" not in greetings_for("GB", switches=switches)
    assert greetings_for("DE", switches=switches) == greetings_for("DE")
    codes = greetings_for("KR", switches=switches)
    dec = festivals_between("KR", D(2027, 12, 1), D(2027, 12, 31), codes)
    assert not [f for f in dec if f.code == "christmas"]


def test_a_festival_task_stored_with_its_greeting_code_gets_the_joint_wishes() -> None:
    """The festival rule stores the greeting code; the draft's wishes and festival name follow it,
    and a task stored before (English name only) still gets the joint wishes."""
    from laoke.cadence.letters import letters
    from laoke.core.cadence.drafts import DraftFacts, draft_values
    from laoke.core.cadence.model import CustomerFacts
    from laoke.core.cadence.policy import CadencePolicy
    from laoke.core.cadence.rules import festival_tasks

    (task,) = festival_tasks(
        CustomerFacts(customer_id=1, name="Weber", country="DE"),
        as_of=D(2026, 12, 10),
        policy=CadencePolicy(),
    )

    def draft(details: dict[str, object], language: str) -> dict[str, str]:
        facts = DraftFacts(
            "festival", language, D(2026, 12, 18), "Weber", "DE", "Laoke", "Li", task_details=details
        )
        return draft_values(facts, letters(language))

    assert task.details["greeting"] == "new_year+christmas" and "festival_en" not in task.details
    assert draft(task.details, "de")["wishes"] == "Frohe Weihnachten und ein gutes neues Jahr"
    assert draft(task.details, "zh")["festival"] == "圣诞和新年"
    older = {"festival": "christmas", "festival_en": "Christmas and New Year", "on": "2026-12-25"}
    assert draft(older, "en")["wishes"] == "Merry Christmas and a happy New Year"


def test_festivals_between_answers_the_same_on_every_call() -> None:
    """Kept answers are not shared lists: a caller that changes its list changes no later answer."""
    start, end = dt.date(2025, 12, 1), dt.date(2026, 2, 28)
    first = festivals_between("RU", start, end)
    assert [f.code for f in first] and all(start <= f.on <= end for f in first)
    first.clear()
    again = festivals_between("RU", start, end)
    assert again == festivals_between("RU", start, end) and [f.code for f in again]
    assert again is not festivals_between("RU", start, end)
