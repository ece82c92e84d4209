"""The login form: Django's, with a clear message when the account is locked out."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from laoke.accounts.throttle import WINDOW


class LaokeAuthenticationForm(AuthenticationForm):
    """Says "too many failed attempts, wait N minutes" instead of "wrong password" when locked."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked_out": _("Too many failed logins. Wait %(minutes)s minutes and try again."),
    }

    def clean(self) -> dict[str, object]:
        try:
            return super().clean()
        except forms.ValidationError:
            if getattr(self.request, "laoke_locked_out", False):
                raise forms.ValidationError(
                    self.error_messages["locked_out"],
                    code="locked_out",
                    params={"minutes": int(WINDOW.total_seconds() // 60)},
                ) from None
            raise
