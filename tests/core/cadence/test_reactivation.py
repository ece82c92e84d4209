"""Win-back plans: stages and prepared answers are codes; the adapter words them."""

from __future__ import annotations

from laoke.core.cadence.reactivation import GENERAL_ANSWERS, STAGES, prepared_answers
from laoke.core.messages import Message


def test_each_stage_is_a_code_without_words() -> None:
    """The staged series is six codes; each stage's title is a message code, no sentence."""
    assert [s.code for s in STAGES] == [
        "new_products",
        "new_process",
        "samples",
        "call",
        "visit",
        "keep_trying",
    ]
    assert STAGES[0].title == Message("cadence.reactivation.stage.new_products")
    assert not hasattr(STAGES[0], "title_en")


def test_prepared_answers_are_codes_by_loss_reason() -> None:
    """The loss reason's own answer first, then the general ones; an unknown reason gets those only."""
    assert prepared_answers("competitor") == [{"code": "competitor"}] + [{"code": c} for c in GENERAL_ANSWERS]
    assert prepared_answers("") == [{"code": "happy_with_supplier"}, {"code": "send_catalogue"}]
    assert prepared_answers("unheard_of") == prepared_answers("")
