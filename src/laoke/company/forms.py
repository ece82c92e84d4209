"""Forms of the company set-up pages."""

from __future__ import annotations

import zoneinfo
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from laoke.company.models import CompanySettings, CountryPolicy, CurrencyPolicy
from laoke.company.names import country_choices, currency_choices

CURRENCY_CODE = RegexValidator(r"^\s*[A-Za-z]{3}\s*$", _("Enter a three-letter currency code, e.g. GBP."))


def _time_zones() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class _Styled:
    """Bootstrap classes on every widget."""

    fields: dict[str, forms.Field]

    def style(self) -> None:
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class SettingsForm(_Styled, forms.ModelForm):
    """Company name, home currency, first month of the fiscal year, time zone."""

    home_currency = forms.ChoiceField(label=_("Home currency"), choices=currency_choices)
    fiscal_year_start_month = forms.TypedChoiceField(
        label=_("Fiscal year starts in"), coerce=int, choices=sorted(MONTHS.items())
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=_time_zones)

    class Meta:
        model = CompanySettings
        fields = ["name", "home_currency", "fiscal_year_start_month", "time_zone"]
        labels = {"name": _("Company name")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()


class RateForm(_Styled, forms.Form):
    """One exchange rate: currency, first day it applies, units of home currency per unit."""

    currency = forms.CharField(label=_("Currency"), max_length=3, validators=[CURRENCY_CODE])
    valid_from = forms.DateField(
        label=pgettext_lazy("valid from", "From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    rate = forms.DecimalField(
        label=_("Rate to home currency"),
        max_digits=18,
        decimal_places=8,
        min_value=Decimal("0.00000001"),
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["currency"].widget.attrs.update(
            {"list": "currency-codes", "autocapitalize": "characters", "style": "text-transform: uppercase"}
        )
        self.style()

    def clean_currency(self) -> str:
        """The code in capitals."""
        return str(self.cleaned_data["currency"]).strip().upper()


class RateFileForm(forms.Form):
    """A rates table as a file (CSV/XLSX) or pasted from a spreadsheet."""

    file = forms.FileField(label=_("CSV or Excel file"), required=False)
    text = forms.CharField(
        label=_("Or paste the table"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control font-monospace"}),
    )

    def clean(self) -> dict[str, Any]:
        """One of the two is needed."""
        data = super().clean() or {}
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Choose a file or paste a table."))
        return data


class CountryPolicyForm(_Styled, forms.ModelForm):
    """A country's policy risk, 1 low … 5 high."""

    country = forms.ChoiceField(label=_("Country"), choices=country_choices)
    risk = forms.TypedChoiceField(
        label=_("Policy risk"), coerce=int, choices=[(i, str(i)) for i in range(1, 6)]
    )

    class Meta:
        model = CountryPolicy
        fields = ["country", "risk", "note"]
        labels = {"note": _("Note")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()


class CurrencyPolicyForm(_Styled, forms.ModelForm):
    """A currency's exchange risk as yearly volatility in percent."""

    currency = forms.CharField(label=_("Currency"), max_length=3, validators=[CURRENCY_CODE])

    class Meta:
        model = CurrencyPolicy
        fields = ["currency", "volatility_pct", "note"]
        labels = {"volatility_pct": _("Yearly volatility %"), "note": _("Note")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["currency"].widget.attrs["list"] = "currency-codes"
        self.style()

    def clean_volatility_pct(self) -> Decimal:
        """Not below 0."""
        value: Decimal = self.cleaned_data["volatility_pct"]
        if value < 0:
            raise forms.ValidationError(_("Enter 0 or more."))
        return value

    def clean_currency(self) -> str:
        """The code in capitals."""
        return str(self.cleaned_data["currency"]).strip().upper()
