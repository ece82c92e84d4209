"""Forms of the password pages: one's own change, and a manager's temporary password."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordChangeForm
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from laoke.accounts.models import User
from laoke.platform.fields import IdChoiceField


class OwnPasswordChangeForm(PasswordChangeForm):
    """Django's form (old password, new one twice, the password rules); the new one must differ."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        password = data.get("new_password2")
        if password and not self.errors and self.user.check_password(password):
            self.add_error("new_password2", _("Choose a password different from the current one."))
        return data


class TemporaryPasswordForm(forms.Form):
    """A manager gives someone a temporary password (typed twice, checked by the password rules)."""

    user = IdChoiceField(label=_("Person"), queryset=User.objects.none())
    password1 = forms.CharField(
        label=_("Temporary password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    password2 = forms.CharField(
        label=_("Temporary password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["user"]
        field.queryset = people
        self.fields["user"].widget.attrs["class"] = "form-select"
        for name in ("password1", "password2"):
            self.fields[name].widget.attrs["class"] = "form-control"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        one, two, user = data.get("password1"), data.get("password2"), data.get("user")
        if one and two and one != two:
            self.add_error("password2", _("The two passwords differ."))
        elif one and user is not None:
            try:
                password_validation.validate_password(one, user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data
