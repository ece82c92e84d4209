"""Forms of the web app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from laoke.customers.models import Contact, Customer
from laoke.interactions.models import Interaction, InteractionKindChoices


class InteractionQuickForm(forms.ModelForm):
    """Log a touch in a few keystrokes: kind, when, with whom, what came of it, and when to follow up."""

    follow_up_on = forms.DateField(
        label=_("Next follow-up"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("A task for the customer's owner on that day."),
    )

    class Meta:
        model = Interaction
        fields = ["kind", "occurred_at", "contact", "subject", "body", "outcome"]
        widgets = {
            "occurred_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "body": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "body": _("Outcome"),
            "outcome": _("Result of a price dispute or terms test"),
        }

    def __init__(
        self, *args: Any, customer: Customer, contacts: Sequence[Contact] | None = None, **kwargs: Any
    ) -> None:
        """``contacts``: the customer's contacts as ``customer.contacts.all()`` lists them, read
        already by the caller (the 360° page): an unbound form offers them without reading them again."""
        super().__init__(*args, **kwargs)
        self.customer = customer
        kind: Any = self.fields["kind"]
        # A done task's outcome is written by the task itself, not logged by hand.
        kind.choices = [c for c in kind.choices if c[0] != InteractionKindChoices.TASK_DONE]
        contact_field: Any = self.fields["contact"]
        contact_field.queryset = customer.contacts.all()
        if contacts is not None and not self.is_bound:
            # The choices the queryset's iterator would give (empty label, then pk and name); a
            # posted form still checks its value against the queryset.
            empty = [] if contact_field.empty_label is None else [("", contact_field.empty_label)]
            contact_field.choices = empty + [(c.pk, contact_field.label_from_instance(c)) for c in contacts]
        when: Any = self.fields["occurred_at"]
        when.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
        if not self.is_bound:
            self.initial.setdefault("kind", InteractionKindChoices.CALL)
            self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0, microsecond=0))
        for name, field in self.fields.items():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)
            field.widget.attrs.setdefault("id", f"id_interaction_{name}")

    def clean_follow_up_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("follow_up_on")
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(_("The follow-up day is in the past: choose today or a later day."))
        return value


class DismissAlertForm(forms.Form):
    """Why the alert no longer applies."""

    note = forms.CharField(label=_("Why dismiss it?"), max_length=2000, required=True)


class SavedViewForm(forms.Form):
    """Name the current list query to keep it."""

    name = forms.CharField(label=_("View name"), max_length=100)
    querystring = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)
