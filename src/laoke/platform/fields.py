"""Form fields for ids typed into query strings and forms: odd values are invalid, never a crash.

``'²'.isdigit()`` is true but ``int('²')`` fails, and a 30-digit number overflows the database's
integer, so an id is taken only when it is plain ASCII digits within a 64-bit integer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet

#: The largest id a database integer column holds (PostgreSQL bigint, SQLite integer).
MAX_ID = 2**63 - 1


def parse_id(value: Any) -> int | None:
    """The id ``value`` names (plain ASCII digits, 1 to MAX_ID), or None."""
    text = str(value).strip() if value is not None else ""
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that refuses a value which cannot be an id before asking the database."""

    def to_python(self, value: Any) -> Model | None:
        if value in self.empty_values:
            return None
        if parse_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses values which cannot be ids before asking the database."""

    def _check_values(self, value: Iterable[Any]) -> QuerySet[Any]:
        for v in value:
            if parse_id(v) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": v}
                )
        return super()._check_values(value)  # type: ignore[misc]
