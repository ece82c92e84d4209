"""Forms of the actions on the customer page: hand-set facts, loss and reopening, complaints,
contacts and personal tasks."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from laoke.customers.models import Contact, Customer, PaymentTermsChoices
from laoke.customers.services.manual_facts import MANUAL_FIELDS
from laoke.interactions.contacts import CONTACT_FIELDS
from laoke.retention.models import LossReasonChoices

NOTE_MAX = 2000
MIN_BIRTH_YEAR = 1900


def _levels(low: int, high: int, signed: bool = False) -> list[tuple[str, str]]:
    return [("", "—")] + [(str(i), f"{i:+d}" if signed and i else str(i)) for i in range(low, high + 1)]


def _style(form: forms.BaseForm) -> None:
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


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _not_future(value: dt.date) -> dt.date:
    if value > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future."))
    return value


class MarkLostForm(forms.Form):
    """Why and since when the customer is lost (one of the six loss reasons)."""

    reason = forms.ChoiceField(label=_("Loss reason"), choices=[("", "—"), *LossReasonChoices.choices])
    lost_on = forms.DateField(label=_("Lost on"), widget=_DateInput())
    came_for = forms.CharField(
        label=_("Why they came to us"),
        max_length=300,
        required=False,
        help_text=_("Price, quality, rapport, service, lead time…"),
    )
    note = forms.CharField(
        label=_("Review"), max_length=NOTE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "lost")
        super().__init__(*args, **kwargs)
        self.initial.setdefault("lost_on", timezone.localdate())
        _style(self)

    def clean_lost_on(self) -> dt.date:
        return _not_future(self.cleaned_data["lost_on"])


class ReopenForm(forms.Form):
    """Why the customer is taken back in (the loss no longer counts)."""

    note = forms.CharField(
        label=_("Why reopen?"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "reopen")
        super().__init__(*args, **kwargs)
        _style(self)


class ComplaintForm(forms.Form):
    """A complaint received now: what about, the details and the day it must be resolved by."""

    subject = forms.CharField(label=_("What about?"), max_length=300)
    body = forms.CharField(
        label=_("Details"), max_length=NOTE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = forms.DateField(label=_("Resolve by"), widget=_DateInput())

    def __init__(self, *args: Any, days: int, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "complaint")
        super().__init__(*args, **kwargs)
        self.initial.setdefault("deadline", timezone.localdate() + dt.timedelta(days=days))
        self.fields["deadline"].help_text = _(
            "After %(days)s days an open complaint puts the customer at risk."
        ) % {"days": days}
        _style(self)

    def clean_deadline(self) -> dt.date:
        value: dt.date = self.cleaned_data["deadline"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        return value


class ResolveComplaintForm(forms.Form):
    """When and how the complaint was resolved."""

    resolved_on = forms.DateField(label=_("Resolved on"), widget=_DateInput())
    note = forms.CharField(
        label=_("How was it resolved?"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, complaint_id: int, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"resolve-{complaint_id}")
        super().__init__(*args, **kwargs)
        self.initial.setdefault("resolved_on", timezone.localdate())
        _style(self)

    def clean_resolved_on(self) -> dt.date:
        return _not_future(self.cleaned_data["resolved_on"])


#: Languages offered for a contact (the draft templates' languages first), by code.
CONTACT_LANGUAGES = (
    "zh", "en", "es", "de", "fr", "ru", "ar", "pt", "ja", "ko", "it", "nl", "tr", "pl", "vi", "th", "id",
)  # fmt: skip
PHONE_CHARS = re.compile(r"^\+?[0-9 ()./-]+$")
MIN_PHONE_DIGITS = 6


def _language_choices() -> list[tuple[str, str]]:
    rows = []
    for code in CONTACT_LANGUAGES:
        info = get_language_info("zh-hans" if code == "zh" else code)
        rows.append((code, f"{info['name_translated']} ({info['name_local']})"))
    return [("", "—"), *rows]


def _phone(value: str, *, whatsapp: bool = False) -> str:
    value = value.strip()
    if not value:
        return value
    digits = sum(ch.isdigit() for ch in value)
    if not PHONE_CHARS.match(value) or digits < MIN_PHONE_DIGITS:
        raise forms.ValidationError(
            _("Write the number with digits only, for example +49 30 1234567 (spaces and dashes are fine).")
        )
    if whatsapp and not value.startswith("+") and not value.startswith("00"):
        raise forms.ValidationError(_("WhatsApp needs the country code: start the number with + (+49 …)."))
    return value


class ContactForm(forms.ModelForm):
    """A person at the customer: how to reach them, their language, birthday and interests."""

    class Meta:
        model = Contact
        fields = list(CONTACT_FIELDS)  # exactly what the contact service accepts
        widgets = {"interests": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        instance = kwargs.get("instance")
        kwargs.setdefault("prefix", f"contact-{instance.pk}" if instance is not None else "contact")
        super().__init__(*args, **kwargs)
        language: Any = self.fields["language"]
        self.fields["language"] = forms.ChoiceField(
            label=language.label, choices=_language_choices(), required=False
        )
        self.fields["birthday"].widget = _DateInput()
        self.fields["phone"].widget.attrs.update({"type": "tel", "autocomplete": "tel"})
        self.fields["whatsapp"].widget.attrs.update({"type": "tel", "placeholder": "+49 …"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        for field in self.fields.values():
            field.label = capfirst(field.label)
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-check-input")
        _style(self)

    def clean_phone(self) -> str:
        return _phone(self.cleaned_data.get("phone", ""))

    def clean_whatsapp(self) -> str:
        return _phone(self.cleaned_data.get("whatsapp", ""), whatsapp=True)

    def clean_birthday(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("birthday")
        if value is not None:
            _not_future(value)
            if value.year < MIN_BIRTH_YEAR:
                raise forms.ValidationError(_("This date is too far back to be a birthday."))
        return value

    def values(self) -> dict[str, Any]:
        """The cleaned values for ``laoke.interactions.contacts.save_contact``."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PersonalTaskForm(forms.Form):
    """A task for oneself: what, by when, optionally a note."""

    title = forms.CharField(label=_("What to do"), max_length=300)
    due_on = forms.DateField(label=_("Due on"), widget=_DateInput())
    note = forms.CharField(
        label=_("Note"), max_length=NOTE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "personal")
        super().__init__(*args, **kwargs)
        self.initial.setdefault("due_on", timezone.localdate())
        _style(self)

    def clean_due_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["due_on"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The day is in the past: choose today or a later day."))
        return value
