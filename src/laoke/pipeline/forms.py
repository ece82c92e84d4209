"""Forms of the pipeline app: inquiry, portrait edit, board move, inquiry file upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from laoke.core.portrait.pipeline import STAGES
from laoke.pipeline.models import CustomerPortrait, Prospect
from laoke.pipeline.services.inquiries import INQUIRY_FIELDS
from laoke.pipeline.services.inquiry_file import read_country
from laoke.pipeline.services.portraits import parse_attributes

STAGE_LABELS = {
    "inquiry": _("Inquiry"),
    "A": _("A — win within 3 months"),
    "B": _("B — win within 6 months"),
    "C": _("C — win within a year"),
    "won": _("Won (becomes a customer)"),
    "removed": _("Dropped"),
}


class AttributesField(forms.CharField):
    """A comma-separated list of product attributes (purity, particle size, voltage…)."""

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        return parse_attributes(str(value or ""))


class InquiryForm(forms.ModelForm):
    """Record an inquiry: who asks, how big they are, what they want and care about."""

    attributes = AttributesField(
        label=_("product attributes they care about"),
        required=False,
        help_text=_("Comma separated, e.g. purity, particle size, REACH."),
    )

    country = forms.CharField(
        label=_("country"),
        max_length=100,
        required=False,
        help_text=_("Its name or two-letter code, as in the customer imports: Germany, 德国, DE."),
    )

    class Meta:
        model = Prospect
        fields = list(INQUIRY_FIELDS)
        # The model's "kind" reads 类型 like every other kind; on this form it is the customer kind.
        labels = {"kind": _("Kind")}
        widgets = {
            "created_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "inquiry_text": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_country(self) -> str:
        """The ISO code of the country written, read like the imports; an unknown name is an error."""
        code, problem = read_country(str(self.cleaned_data.get("country") or ""))
        if problem is not None:
            chinese = (get_language() or "").lower().startswith("zh")
            label = gettext("Country")
            raise forms.ValidationError(f"{label}: {problem[1] if chinese else problem[0]}", code="country")
        return code


class PortraitForm(forms.ModelForm):
    """The edited part of a customer's portrait."""

    attributes = AttributesField(
        label=_("product attributes they care about"),
        required=False,
        help_text=_("Comma separated, e.g. purity, particle size, voltage, certificates."),
    )

    class Meta:
        model = CustomerPortrait
        fields = ["channel_role", "brand_role", "product_line", "attributes", "new_products_rating", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class MoveForm(forms.Form):
    """Move a prospect on the board."""

    to = forms.ChoiceField(label=_("Move to"), choices=[(s, STAGE_LABELS[s]) for s in STAGES])
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
    customer_code = forms.CharField(
        label=_("Existing customer code"),
        max_length=100,
        required=False,
        help_text=_("When won: link this customer instead of creating one."),
    )


class InquiryFileForm(forms.Form):
    """A CSV or Excel file of inquiries."""

    file = forms.FileField(label=_("Inquiry file (CSV or Excel)"))
