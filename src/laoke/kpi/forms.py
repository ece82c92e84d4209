"""The period selector of the KPI page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

PRESET_CHOICES = [
    ("12m", _("Last 12 months")),
    ("ytd", _("This year to date")),
    ("last_quarter", _("Last quarter")),
    ("last_year", _("Last year")),
    ("custom", _("From … to …")),
]


class PeriodForm(forms.Form):
    """A preset, or two dates for a custom period."""

    preset = forms.ChoiceField(
        label=_("Period"),
        choices=PRESET_CHOICES,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
