"""The mailbox settings form: it logs in once before saving, so a wrong setting shows at once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laoke.mailbox.errors import MailServerError
from laoke.mailbox.models import MailAccount
from laoke.mailbox.services.accounts import check_connection, set_password


class MailAccountForm(forms.ModelForm):
    """Connect or change a mailbox. The password is never shown again; empty keeps the stored one."""

    password = forms.CharField(
        label=_("Password or app password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Stored encrypted and never shown again. Leave empty to keep the stored password."),
    )

    class Meta:
        model = MailAccount
        fields = [
            "email",
            "imap_host",
            "imap_port",
            "imap_security",
            "username",
            "password",
            "smtp_host",
            "smtp_port",
            "smtp_security",
            "inbox_folder",
            "sent_folder",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.password_encrypted:
            self.fields["password"].required = True
            self.fields["password"].help_text = _("Stored encrypted and never shown again.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        probe = MailAccount(
            imap_host=data["imap_host"],
            imap_port=data["imap_port"],
            imap_security=data["imap_security"],
            username=data["username"],
            password_encrypted=self.instance.password_encrypted,
        )
        try:
            check_connection(account=probe, password=data.get("password") or None)
        except MailServerError as exc:
            raise forms.ValidationError(exc.user_message(), code="connection") from exc
        return data

    def save(self, commit: bool = True) -> MailAccount:
        account = super().save(commit=False)
        if self.cleaned_data.get("password"):
            set_password(account=account, password=self.cleaned_data["password"])
        if commit:
            account.save()
        return account
