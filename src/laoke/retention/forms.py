"""Forms of the retention pages: the alert inbox's filters and actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

#: The kinds of alert the engine raises, in words.
ALERT_KINDS = (
    ("overdue", _("Overdue against its own rhythm")),
    ("volume_drop", _("Sales falling")),
    ("long_silence", _("Long-standing customer gone quiet")),
    ("owner_left", _("Its salesperson left")),
    ("open_complaint", _("Complaint open too long")),
    ("late_payment", _("Payment late")),
    ("broken_promise", _("Promise or rebate not kept")),
)
SEVERITIES = (("3", _("high")), ("2", _("medium")), ("1", _("low")))
STATES = (
    ("open", pgettext_lazy("alert state", "Open")),
    ("dismissed", _("Dismissed")),
    ("cleared", _("Cause ended")),
)


class AlertFilterForm(forms.Form):
    """Which alerts to list; an invalid value is reported on the form, never a server error."""

    kind = forms.ChoiceField(
        label=pgettext_lazy("alert kind", "Kind"),
        choices=(("", _("All kinds")), *ALERT_KINDS),
        required=False,
    )
    severity = forms.ChoiceField(
        label=_("Severity"), choices=(("", _("All severities")), *SEVERITIES), required=False
    )
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int, required=False, empty_value=None)
    state = forms.ChoiceField(label=pgettext_lazy("alert state", "State"), choices=STATES, required=False)

    def __init__(self, *args: object, owners: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["owner"].choices = [("", _("All owners")), *owners]  # type: ignore[attr-defined]


class AlertActionForm(forms.Form):
    """Dismiss the chosen alerts with a note, or put them on a salesperson's agenda."""

    action = forms.ChoiceField(choices=(("dismiss", "dismiss"), ("assign", "assign")))
    alerts = forms.TypedMultipleChoiceField(coerce=int, choices=())
    note = forms.CharField(label=_("Why dismiss them?"), max_length=2000, required=False)
    assignee = forms.TypedChoiceField(label=_("Assign to"), coerce=int, required=False, empty_value=None)

    def __init__(
        self, *args: object, alert_ids: list[int], people: list[tuple[int, str]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["alerts"].choices = [(i, str(i)) for i in alert_ids]  # type: ignore[attr-defined]
        self.fields["assignee"].choices = [("", "—"), *people]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("action") == "dismiss" and not str(data.get("note") or "").strip():
            self.add_error("note", _("Please say why."))
        if data.get("action") == "assign" and not data.get("assignee"):
            self.add_error("assignee", _("Choose who acts on them."))
        return data
