"""Policy defaults, validation errors naming the field, and the TOML format."""

from __future__ import annotations

import dataclasses
import re

import pytest

from laoke.core.scorecard import Policy, PolicyError, policy_from_toml, policy_to_toml
from laoke.core.scorecard.policy import DIMENSIONS, POLICY_ERRORS, LevelPolicy, Text, Thresholds


def test_defaults_weigh_every_dimension() -> None:
    """The shipped policy weighs all eleven dimensions and sums to 1."""
    policy = Policy()
    assert set(policy.weights) == set(DIMENSIONS)
    assert sum(policy.weights.values()) == pytest.approx(1.0)


def test_default_round_trips_through_toml() -> None:
    """Writing and reading the default policy gives an equal policy."""
    assert policy_from_toml(policy_to_toml(Policy())) == Policy()


def test_partial_file_keeps_defaults_and_unknown_stays_unknown() -> None:
    """Sections left out keep their defaults; "unknown" switches a table default off."""
    policy = policy_from_toml(
        'name = "ours"\ncurrency_default = "unknown"\n[thresholds]\nwindow_months = 6\n'
    )
    assert policy.name == "ours"
    assert policy.currency_default is None
    assert policy.thresholds.window_months == 6
    assert policy.thresholds.margin_high == Thresholds().margin_high
    assert policy.weights == Policy().weights


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("[weights]\nprofit = -1.0\n", "weights.profit"),
        ("[weights]\nprofitt = 1.0\n", "weights.profitt"),
        ("[weights]\nprofit = 'high'\n", "weights.profit"),
        ("[levels]\nboundaries = [40, 60, 80]\n", "levels.boundaries"),
        ("[grades]\nnames = ['A', 'B']\n", "grades.names"),
        ("[thresholds]\nwindow_month = 12\n", "thresholds.window_month"),
        ("[thresholds]\nwindow_months = 1.5\n", "thresholds.window_months"),
        (
            "[[treatments]]\nkey = 'x'\nwhen = { profit = 'middling' }\nen = 'a'\nzh = 'b'\n",
            "treatments.x.when.profit",
        ),
        ("[country_policy]\nUS = 130\n", "country_policy.US"),
        ("colour = 'red'\n", "colour"),
    ],
)
def test_errors_name_the_field(text: str, field: str) -> None:
    """An invalid value is refused with a code naming its field (the adapters word it)."""
    with pytest.raises(PolicyError, match=re.escape(f"'{field}'")) as caught:
        policy_from_toml(text)
    assert caught.value.field == field and caught.value.code in POLICY_ERRORS


def test_errors_are_codes_with_figures() -> None:
    """What is wrong is a code with its figures, never a sentence."""
    with pytest.raises(PolicyError) as caught:
        policy_from_toml("[country_policy]\nUS = 130\n")
    assert (caught.value.code, caught.value.params) == ("scorecard.policy.not_in_0_100", {"value": 130.0})
    with pytest.raises(PolicyError) as caught:
        policy_from_toml("[grades]\nnames = ['A', 'B']\n")
    assert (caught.value.code, caught.value.params) == (
        "scorecard.policy.names_count",
        {"boundaries": 3, "names": 2},
    )


def test_invalid_toml_is_a_policy_error() -> None:
    """Broken TOML syntax is reported as a policy error, with the parser's detail."""
    with pytest.raises(PolicyError) as caught:
        policy_from_toml("[weights\n")
    assert caught.value.code == "scorecard.policy.toml_invalid" and caught.value.params["detail"]


def test_shipped_treatments_are_codes_and_typed_ones_stay_text() -> None:
    """The defaults carry no words and round-trip as such; a company's own text is kept as typed."""
    policy = Policy()
    assert not any(t.typed for t in policy.grade_treatments.values())
    assert not any(r.text.typed for r in policy.treatments)
    own = dataclasses.replace(
        policy, grade_treatments={**policy.grade_treatments, "A": Text("Visit", "拜访")}
    )
    back = policy_from_toml(policy_to_toml(own))
    assert back == own and back.grade_treatments["A"] == Text("Visit", "拜访")
    assert back.grade_treatments["B"] == Text()
    # An older file with the level labels and the texts written out still reads.
    old = policy_from_toml("[levels]\nlabels_zh = ['优', '良', '中', '差']\n")
    assert old.levels.labels_zh == ("优", "良", "中", "差")


def test_direct_construction_is_validated() -> None:
    """Building a policy in code is validated too."""
    with pytest.raises(PolicyError, match=r"levels\.labels_zh"):
        Policy(levels=LevelPolicy(labels_zh=("优",)))
    with pytest.raises(PolicyError, match=r"thresholds\.margin_high"):
        Policy(thresholds=dataclasses.replace(Thresholds(), margin_high=-1.0))


def test_control_characters_in_texts_survive_the_toml_round_trip() -> None:
    """It escapes DEL and other control characters, which TOML forbids bare (found by hypothesis)."""
    policy = Policy(name="odd\x7fname\x01\ttab")
    assert policy_from_toml(policy_to_toml(policy)).name == "odd\x7fname\x01\ttab"
