"""Forms of the Today page: the bulk catch-up action and the person's daily budget."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from laoke.accounts.models import User
from laoke.cadence.models import TodaySettings
from laoke.platform.fields import IdChoiceField, parse_id

#: At most this many tasks in one bulk action.
MAX_CHOSEN = 1000


class IdsField(forms.MultipleChoiceField):
    """Ticked ids: any plain id is taken here; the service keeps those the user may act on."""

    def valid_value(self, value: Any) -> bool:
        return parse_id(value) is not None


class CatchUpForm(forms.Form):
    """Snooze, reschedule or dismiss the ticked catch-up tasks."""

    task = IdsField(required=True)
    action = forms.ChoiceField(
        choices=[
            ("snooze", _("Snooze a week")),
            ("reschedule", _("Move to a date")),
            ("dismiss", _("Dismiss")),
        ]
    )
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["task"].error_messages["required"] = _("Tick at least one task.")

    def clean_task(self) -> list[int]:
        ids = [i for i in (parse_id(v) for v in self.cleaned_data["task"]) if i is not None]
        if len(ids) > MAX_CHOSEN:
            raise ValidationError(_("At most %(n)s tasks at once.") % {"n": MAX_CHOSEN})
        return ids

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "reschedule" and not data.get("until"):
            self.add_error("until", _("Pick the new date."))
        return data


class BudgetForm(forms.ModelForm):
    """How many tasks Today shows a day."""

    class Meta:
        model = TodaySettings
        fields = ["daily_budget"]


class AgendaFilterForm(forms.Form):
    """The agenda's filters (query string): one salesperson (managers), a kind of task."""

    who = IdChoiceField(queryset=User.objects.none(), required=False)
    kind = forms.CharField(max_length=40, required=False)

    def __init__(self, *args: Any, people: QuerySet[User] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        who: Any = self.fields["who"]
        who.queryset = people if people is not None else User.objects.none()
