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
