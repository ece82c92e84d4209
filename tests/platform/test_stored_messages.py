"""Stored messages are worded when shown, in the reader's language, by whichever app owns the code."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from laoke.core.messages import Message
from laoke.platform import messages as pm

CATALOGUE = {
    "test.stored.sales": pm.Wording(gettext_lazy("Sales of %(sales)s."), {"sales": pm.money}),
    "test.stored.count": pm.Wording(gettext_lazy("%(n)s orders."), {}),
}


@pytest.fixture(autouse=True)
def _registered() -> None:
    pm.register(CATALOGUE)


def test_a_stored_list_is_worded_with_its_own_currency() -> None:
    """A message carrying a currency shows its amounts in it; the sentences are joined."""
    stored = pm.to_stored(
        [
            Message("test.stored.sales", {"sales": 173514, "currency": "EUR"}),
            Message("test.stored.count", {"n": 3}),
        ]
    )
    with translation.override("en"):
        assert pm.render_stored(stored) == "Sales of €173,514. 3 orders."


def test_rows_without_codes_show_the_text_in_the_readers_language() -> None:
    """Legacy and typed rows show their Chinese text to a Chinese reader, falling back to the other."""
    with translation.override("zh-hans"):
        assert pm.shown(None, "Call Anna", "给 Anna 打电话") == "给 Anna 打电话"
        assert pm.shown(None, "Call Anna", "") == "Call Anna"
    with translation.override("en"):
        assert pm.shown([], "Call Anna", "给 Anna 打电话") == "Call Anna"


def test_an_unknown_code_falls_back_to_the_stored_text() -> None:
    """A code no app words (an older catalogue) does not blank the row."""
    with translation.override("en"):
        assert pm.shown([{"code": "test.stored.gone", "params": {}}], "old text", "旧文本") == "old text"


def test_one_code_worded_twice_differently_is_refused() -> None:
    """Two apps cannot give one code two wordings."""
    with pytest.raises(ValueError, match="two catalogues"):
        pm.register({"test.stored.sales": pm.Wording(gettext_lazy("Other."), {})})


#: Registered by path in the test below; a module attribute so that ``import_string`` finds it.
BY_PATH = {"test.stored.by_path": pm.Wording(gettext_lazy("%(n)s visits."), {})}


def test_a_catalogue_registered_by_path_is_imported_when_a_row_is_first_worded() -> None:
    """An app may register its catalogue by dotted path (the follow-up plan's words, whose module
    imports the country calendars): nothing is imported until a stored row needs a wording."""
    pm.register(f"{__name__}.BY_PATH")
    assert "test.stored.by_path" not in pm._REGISTRY
    with translation.override("en"):
        assert pm.render_stored([{"code": "test.stored.by_path", "params": {"n": 2}}]) == "2 visits."
    assert pm.registered("test.stored.by_path")
    pm.register(f"{__name__}.BY_PATH")  # again: harmless
    assert pm.registered("test.stored.by_path") and not pm._PENDING


def test_the_plans_words_are_found_by_stored_rows() -> None:
    """The follow-up plan registers its trip and win-back words by path: every code of them is
    found by a stored row's wording (the apps' ``ready`` registered the path)."""
    from laoke.cadence.plan_messages import PLAN_MESSAGES

    assert PLAN_MESSAGES and all(pm.registered(code) for code in PLAN_MESSAGES)
