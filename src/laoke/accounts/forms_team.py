"""Forms of the team pages: handover and the access policy."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from laoke.accounts.models import User
from laoke.customers.models import AccessPolicy


class HandoverForm(forms.Form):
    """Who takes the leaving person's customers (several: split by revenue), a note, and the pool."""

    recipients = forms.ModelMultipleChoiceField(
        label=_("Give the customers to"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Several people: the customers are split so that each gets a similar share of sales."),
    )
    to_pool = forms.BooleanField(label=_("Put them in the shared pool (公海) instead"), required=False)
    note = forms.CharField(
        label=_("Note for the new owners"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("Deactivate the account (it cannot log in any more; its history stays)"), required=True
    )

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recipients"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = people

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("recipients") and not data.get("to_pool"):
            raise forms.ValidationError(_("Choose at least one person, or the shared pool."))
        return data


class AccessPolicyForm(forms.ModelForm):
    """The shared-pool rule and the export limit."""

    class Meta:
        model = AccessPolicy
        fields = ["pool_after_days", "export_row_limit"]
