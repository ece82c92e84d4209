"""The policy page names every number it edits in words, in both languages: no code names."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from laoke.core.scorecard.policy import Policy
from laoke.web.policy_form import SECTIONS, PolicyForm


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_policy_number_has_a_written_label(language: str) -> None:
    """Each threshold, lifecycle and 80/20 field has its own label in the reader's language: the page
    showed the code names ("at risk gaps", "cut", "neglect days") in English and in Chinese."""
    form = PolicyForm(policy=Policy())
    with translation.override(language):
        fields = {
            name: str(field.label) for name, field in form.fields.items() if name.startswith(tuple(SECTIONS))
        }
        assert len(fields) > 30
        for name, label in fields.items():
            code = name.split("__")[-1]
            assert label != code.replace("_", " "), f"{name} shows its code name"
            if language == "zh-hans":
                assert not re.search("[A-Za-z]{3,}", label), f"{name} is not in Chinese: {label}"
        assert len(set(fields.values())) == len(fields), "two fields share a label"
