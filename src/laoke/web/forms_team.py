"""Forms of the team pages: handover, the access policy, the shared pool and sharing a customer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from laoke.accounts.models import User
from laoke.customers.models import AccessPolicy, Customer
from laoke.platform.fields import IdChoiceField, IdMultipleChoiceField


class HandoverForm(forms.Form):
    """Who takes the leaving person's customers (several: split by revenue), a note, and the pool."""

    recipients = IdMultipleChoiceField(
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
        assert isinstance(field, IdMultipleChoiceField)
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


class PoolForm(forms.Form):
    """The ticked customers of the shared pool and, for a manager, the person who takes them."""

    customer = IdMultipleChoiceField(
        queryset=Customer.objects.none(),
        error_messages={
            "required": _("Tick the customers to give."),
            "invalid_choice": _("Some of the ticked customers are no longer in the shared pool."),
            "invalid_pk_value": _("Some of the ticked customers are no longer in the shared pool."),
        },
    )
    owner = IdChoiceField(
        queryset=User.objects.none(),
        required=False,
        error_messages={
            "required": _("Choose the person who takes them."),
            "invalid_choice": _("Choose the person who takes them."),
        },
    )

    def __init__(
        self, *args: Any, customers: QuerySet[Customer], people: QuerySet[User] | None, **kwargs: Any
    ) -> None:
        """``people``: whom a manager may give the customers to (None: the user claims them)."""
        super().__init__(*args, **kwargs)
        customer: Any = self.fields["customer"]
        customer.queryset = customers
        owner: Any = self.fields["owner"]
        owner.queryset = people if people is not None else User.objects.none()
        owner.required = people is not None


class ShareForm(forms.Form):
    """The colleague a customer is shared with (or no longer shared with)."""

    user = IdChoiceField(queryset=User.objects.all())
