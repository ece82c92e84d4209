"""Forms of the people pages: add a salesperson or manager, change someone's team or role."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from laoke.accounts.models import RoleChoices, Team, User
from laoke.platform.fields import IdChoiceField

ROLE_LABELS = dict(RoleChoices.choices)


class _TeamAndRole(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    team = IdChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("No team")
    )

    def __init__(self, *args: Any, roles: list[str], teams: list[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, ROLE_LABELS[r]) for r in roles]  # type: ignore[attr-defined]
        self.fields["team"].queryset = Team.objects.filter(pk__in=[t.pk for t in teams])  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )


class PersonForm(_TeamAndRole):
    """A new person: login, name, e-mail, role, team and a temporary password (typed twice)."""

    username = forms.RegexField(
        label=_("Login name"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        error_messages={"invalid": _("Letters, digits and @ . + - _ only.")},
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password1 = forms.CharField(
        label=_("Temporary password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Temporary password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    field_order = ["username", "first_name", "last_name", "email", "role", "team", "password1", "password2"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("username", "first_name", "last_name", "email", "password1", "password2"):
            self.fields[name].widget.attrs["class"] = "form-control"

    def clean_username(self) -> str:
        name: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=name).exists():
            raise forms.ValidationError(_("This login name is taken."))
        return name

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ChangePersonForm(_TeamAndRole):
    """Someone's team and role."""
