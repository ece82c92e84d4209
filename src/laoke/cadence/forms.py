"""Forms of the cadence pages: templates, win-back attempts and post-mortem, a customer mail's times."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.widgets import CheckboxSelectMultiple, Select
from django.utils.translation import gettext_lazy as _

from laoke.cadence.models import AttemptOutcomeChoices, CameForChoices, MailTemplate
from laoke.core.cadence.drafts import PLACEHOLDERS, template_errors
from laoke.customers.models import Customer


class BootstrapMixin:
    """Give every widget the Bootstrap class that fits it."""

    fields: dict[str, Any]

    def style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, CheckboxSelectMultiple):
                continue
            css = (
                "form-select form-select-sm" if isinstance(widget, Select) else "form-control form-control-sm"
            )
            widget.attrs.setdefault("class", css)


class MailTemplateForm(BootstrapMixin, forms.ModelForm):
    """The company's subject and body for one kind and language; placeholders are checked."""

    class Meta:
        model = MailTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()

    def _check(self, name: str) -> str:
        value: str = self.cleaned_data.get(name, "")
        errors = template_errors(value)
        if errors:
            raise forms.ValidationError(
                _("%(problems)s. Allowed placeholders: %(allowed)s")
                % {"problems": "; ".join(errors), "allowed": ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)}
            )
        return value

    def clean_subject(self) -> str:
        return self._check("subject")

    def clean_body(self) -> str:
        return self._check("body")


class AttemptForm(BootstrapMixin, forms.Form):
    """One win-back touch and the customer's answer."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()

    #: A touch's outcomes: a rejection is logged with :class:`RejectionForm`.
    TOUCH_OUTCOMES = (
        (AttemptOutcomeChoices.NO_REPLY.value, _("No reply yet")),
        (AttemptOutcomeChoices.INTERESTED.value, _("Interested")),
        (AttemptOutcomeChoices.ORDERED.value, _("Ordered")),
    )

    attempted_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=TOUCH_OUTCOMES)
    rejection = forms.CharField(label=_("What they said"), max_length=300, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RejectionForm(BootstrapMixin, forms.Form):
    """The customer said no: when, and what they said (counted; the stage stays)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_rejection_%s")  # beside the touch form on the same page
        super().__init__(*args, **kwargs)
        self.style()

    attempted_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    rejection = forms.CharField(label=_("What they said"), max_length=300)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PostMortemForm(BootstrapMixin, forms.Form):
    """Why the customer came to us and why it left (004)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()

    came_for = forms.MultipleChoiceField(
        label=_("Why they came to us"),
        choices=CameForChoices.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    left_because = forms.CharField(
        label=_("Why they left"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CustomerMailForm(BootstrapMixin, forms.Form):
    """A customer mail: when it arrived and, once answered, when we replied."""

    customer = forms.ModelChoiceField(label=_("Customer"), queryset=Customer.objects.none())
    arrived_at = forms.DateTimeField(
        label=_("Arrived at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    answered_at = forms.DateTimeField(
        label=_("Answered at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Leave empty while it is not answered."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=300, required=False)

    def __init__(self, *args: Any, customers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()
        if customers is not None:
            field: Any = self.fields["customer"]
            field.queryset = customers.order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        arrived, answered = data.get("arrived_at"), data.get("answered_at")
        if arrived and answered and answered < arrived:
            self.add_error("answered_at", _("The answer cannot come before the mail arrived."))
        return data
