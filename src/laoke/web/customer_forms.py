"""Forms of the manager actions on the customer page: hand-set facts, loss and reopening, complaints."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from laoke.customers.models import Customer, PaymentTermsChoices
from laoke.customers.services.manual_facts import MANUAL_FIELDS

NOTE_MAX = 2000


def _levels(low: int, high: int, signed: bool = False) -> list[tuple[str, str]]:
    return [("", "—")] + [(str(i), f"{i:+d}" if signed and i else str(i)) for i in range(low, high + 1)]


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        css = (
            "form-select form-select-sm"
            if isinstance(field.widget, forms.Select)
            else "form-control form-control-sm"
        )
        field.widget.attrs.setdefault("class", css)


class ManualFactsForm(forms.Form):
    """The hand-set facts of a customer and the note that says why they change (required)."""

    relationship_level = forms.TypedChoiceField(
        choices=_levels(1, 5), coerce=int, empty_value=None, required=False
    )
    market_trend = forms.TypedChoiceField(
        choices=_levels(-2, 2, signed=True), coerce=int, empty_value=None, required=False
    )
    lifespan_risk = forms.TypedChoiceField(
        choices=_levels(1, 5), coerce=int, empty_value=None, required=False
    )
    delivery_sensitivity = forms.TypedChoiceField(
        choices=_levels(1, 5), coerce=int, empty_value=None, required=False
    )
    payment_terms = forms.ChoiceField(choices=[("", "—"), *PaymentTermsChoices.choices], required=False)
    note = forms.CharField(
        label=_("Why the change?"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the history below with your name."),
    )

    def __init__(self, *args: Any, customer: Customer, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "facts")
        super().__init__(*args, **kwargs)
        for name in MANUAL_FIELDS:
            model_field: Any = Customer._meta.get_field(name)
            self.fields[name].label = capfirst(model_field.verbose_name)
            self.fields[name].help_text = model_field.help_text
            if not self.is_bound:
                value = getattr(customer, name)
                self.initial[name] = "" if value is None else str(value)
        _style(self)

    def facts(self) -> dict[str, int | str | None]:
        """The submitted hand-set facts (None or "" for not set)."""
        return {name: self.cleaned_data[name] for name in MANUAL_FIELDS}
