"""The policy page's form, generated from the :class:`~laoke.core.scorecard.policy.Policy` dataclass.

Field names follow the policy's paths with ``__`` for the dots (``thresholds__high``), so an
error the core raises for ``thresholds.high`` lands next to that field.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from laoke.core.scorecard.policy import (
    DIMENSIONS,
    Policy,
    PolicyError,
    Text,
    TreatmentRule,
    grade_treatment_code,
)
from laoke.core.scorecard.policy_toml import policy_from_toml
from laoke.retention.scorecard_messages import policy_error_text, treatment_text
from laoke.web.customer_360 import DIMENSION_LABELS

#: The sections of the policy the form edits field by field (the rest is kept as it is and can
#: be edited in the TOML text).
SECTIONS = ("thresholds", "lifecycle", "pareto")
#: Empty treatment rows offered for new rules.
NEW_RULES = 1

#: Each edited number's label and help text: what it does, in the manager's words (the field's
#: code name, e.g. ``at_risk_gaps``, is never shown).
FIELD_TEXTS: dict[str, tuple[Any, Any]] = {
    "thresholds__window_months": (
        gettext_lazy("Sales window (months)"),
        gettext_lazy("Sales, profit and growth are measured over this many months."),
    ),
    "thresholds__high": (
        gettext_lazy("High score from"),
        gettext_lazy("A dimension scoring at least this counts as high in the treatment rules."),
    ),
    "thresholds__low": (
        gettext_lazy("Low score below"),
        gettext_lazy("A dimension scoring below this counts as low in the treatment rules."),
    ),
    "thresholds__margin_low": (
        gettext_lazy("Margin scoring 0"),
        gettext_lazy("As a fraction: 0.35 is 35 %."),
    ),
    "thresholds__margin_high": (
        gettext_lazy("Margin scoring 100"),
        gettext_lazy("As a fraction: 0.35 is 35 %."),
    ),
    "thresholds__profit_margin_share": (
        gettext_lazy("Weight of the margin in the profit score"),
        gettext_lazy("The rest is the profit amount; 0.5 counts both alike."),
    ),
    "thresholds__tenure_full_years": (gettext_lazy("Years of business for a full tenure score"), ""),
    "thresholds__regularity_cv_bad": (
        gettext_lazy("Irregular ordering scoring 0"),
        gettext_lazy("Spread of the gaps between orders (standard deviation / mean)."),
    ),
    "thresholds__dispute_penalty": (gettext_lazy("Loyalty points off per price dispute"), ""),
    "thresholds__terms_test_kept_bonus": (
        gettext_lazy("Loyalty bonus: harsh terms refused, the customer stayed"),
        "",
    ),
    "thresholds__terms_test_lost_penalty": (
        gettext_lazy("Loyalty points off: harsh terms refused, the customer left"),
        "",
    ),
    "thresholds__loyalty_lookback_months": (
        gettext_lazy("Disputes and term tests counted over (months)"),
        "",
    ),
    "thresholds__growth_ratio_bad": (
        gettext_lazy("Growth scoring 0"),
        gettext_lazy("(this year − last year) ÷ (this year + last year), from −1 to 1."),
    ),
    "thresholds__growth_ratio_good": (
        gettext_lazy("Growth scoring 100"),
        gettext_lazy("(this year − last year) ÷ (this year + last year), from −1 to 1."),
    ),
    "thresholds__trial_growth_good": (
        gettext_lazy("New customer: last order ÷ first order scoring 100"),
        "",
    ),
    "thresholds__new_product_months": (gettext_lazy("A product counts as new for (months)"), ""),
    "thresholds__new_product_share_good": (
        gettext_lazy("Share of sales from new products scoring 100"),
        gettext_lazy("As a fraction: 0.2 is 20 %."),
    ),
    "thresholds__contact_lookback_days": (gettext_lazy("Contacts counted over (days)"), ""),
    "thresholds__contacts_expected": (
        gettext_lazy("Contacts in that time for a full relationship score"),
        "",
    ),
    "thresholds__days_late_bad": (gettext_lazy("Average days late scoring 0"), ""),
    "thresholds__overdue_ratio_bad": (
        gettext_lazy("Overdue amount ÷ sales scoring 0"),
        gettext_lazy("As a fraction: 0.5 is half of the sales."),
    ),
    "thresholds__payment_lookback_months": (gettext_lazy("Payments counted over (months)"), ""),
    "thresholds__top_reasons": (gettext_lazy("Reasons shown per customer"), ""),
    "lifecycle__at_risk_gaps": (
        gettext_lazy("At risk after (buying rhythms without an order)"),
        gettext_lazy("1.5: no order for one and a half times the customer's usual gap between orders."),
    ),
    "lifecycle__dormant_gaps": (
        gettext_lazy("Dormant after (buying rhythms without an order)"),
        gettext_lazy("3: no order for three times the customer's usual gap between orders."),
    ),
    "lifecycle__min_gap_days": (
        gettext_lazy("Shortest buying rhythm (days)"),
        gettext_lazy("So a customer who orders every week is not dormant after a holiday."),
    ),
    "lifecycle__max_dormant_days": (
        gettext_lazy("Dormant after at most (days without an order)"),
        gettext_lazy("Whatever the buying rhythm."),
    ),
    "lifecycle__default_gap_days": (
        gettext_lazy("Buying rhythm when none can be measured (days)"),
        gettext_lazy("Used while no customer has ordered twice."),
    ),
    "lifecycle__volume_drop": (
        gettext_lazy("Sales drop that puts a customer at risk"),
        gettext_lazy("0.5: the last 12 months' sales are below half of the 12 months before."),
    ),
    "lifecycle__complaint_open_days": (
        gettext_lazy("Unresolved complaint puts a customer at risk after (days)"),
        "",
    ),
    "pareto__cut": (
        gettext_lazy("Share of sales made by the top customers"),
        gettext_lazy("0.8: the customers who together make 80 per cent of sales."),
    ),
    "pareto__top_share": (
        gettext_lazy("Share of customers counted as the top"),
        gettext_lazy("0.2: the best 20 per cent of customers by sales."),
    ),
    "pareto__neglect_days": (
        gettext_lazy("Small customer neglected after (days without contact)"),
        "",
    ),
    "pareto__neglect_min_margin": (
        gettext_lazy("Good margin of a small customer"),
        gettext_lazy("Small customers above this margin are warned about when neglected. 0.25 is 25 %."),
    ),
}


def translate_policy_error(exc: PolicyError) -> tuple[str, str]:
    """A core policy error as (field path, message in the active language)."""
    return exc.field, policy_error_text(exc.code, exc.params) or _("Invalid value.")


def _shipped(code: str) -> dict[str, str]:
    """The shipped wording of a treatment code in English and in Chinese (empty when none)."""
    out = {}
    for suffix, language in (("en", "en"), ("zh", "zh-hans")):
        with translation.override(language):
            out[suffix] = treatment_text(code)
    return out


def _treatment_field(label: str, typed: str, shipped: str) -> forms.CharField:
    """A treatment text: what the company typed, the shipped wording shown in grey when empty."""
    field = forms.CharField(label=label, initial=typed, required=False)
    if shipped:
        field.widget.attrs["placeholder"] = shipped
    return field


def _typed(en: str | None, zh: str | None) -> Text:
    """A treatment as typed: one language stands for both; nothing typed is the shipped wording."""
    en, zh = (en or "").strip(), (zh or "").strip()
    return Text(en or zh, zh or en)


def _numbers(text: str) -> tuple[float, ...]:
    return tuple(float(part) for part in text.replace("，", ",").split(",") if part.strip())


def _names(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.replace("，", ",").split(",") if part.strip())


def _mark_invalid(form: forms.Form) -> None:
    for name in form.errors:
        if name in form.fields:
            widget = form.fields[name].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
            widget.attrs["aria-invalid"] = "true"


def _number_field(value: Any, name: str) -> forms.Field:
    label, help_text = FIELD_TEXTS.get(name, (name.split("__")[-1].replace("_", " "), ""))
    if isinstance(value, int) and not isinstance(value, bool):
        return forms.IntegerField(label=label, help_text=help_text, initial=value)
    return forms.FloatField(label=label, help_text=help_text, initial=value)


class PolicyForm(forms.Form):
    """Weights, thresholds, grade boundaries and the treatment matrix of one policy."""

    note = forms.CharField(
        label=gettext_lazy("Change note"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Why the policy changes; kept in the history."),
    )

    def __init__(self, *args: Any, policy: Policy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.base = policy
        self.result: Policy | None = None
        total = sum(max(policy.weights.get(d, 0.0), 0.0) for d in DIMENSIONS) or 1.0
        for dim in DIMENSIONS:
            weight = policy.weights.get(dim, 0.0)
            self.fields[f"weights__{dim}"] = forms.FloatField(
                label=str(DIMENSION_LABELS.get(dim, dim)),
                min_value=0.0,
                initial=weight,
                # The share of 100 % a weight stands for is what a manager reasons about.
                help_text=_("%(share)s of the total score") % {"share": f"{weight / total:.0%}"},
            )
        self.fields["grades__names"] = forms.CharField(
            label=gettext_lazy("Grade names"),
            initial=", ".join(policy.grades.names),
            help_text=gettext_lazy("Best first, separated by commas."),
        )
        self.fields["grades__boundaries"] = forms.CharField(
            label=gettext_lazy("Grade boundaries"),
            initial=", ".join(f"{b:g}" for b in policy.grades.boundaries),
            help_text=gettext_lazy("Lowest total score of each grade but the last, descending."),
        )
        for section in SECTIONS:
            obj = getattr(policy, section)
            for f in dataclasses.fields(obj):
                self.fields[f"{section}__{f.name}"] = _number_field(
                    getattr(obj, f.name), f"{section}__{f.name}"
                )
        for grade in policy.grades.names:
            text = policy.grade_treatments.get(grade, Text())
            shipped = _shipped(grade_treatment_code(grade))
            self.fields[f"grade_treatment__{grade}__en"] = _treatment_field(
                _("Grade %(grade)s, English") % {"grade": grade}, text.en, shipped["en"]
            )
            self.fields[f"grade_treatment__{grade}__zh"] = _treatment_field(
                _("Grade %(grade)s, Chinese") % {"grade": grade}, text.zh, shipped["zh"]
            )
        t = policy.thresholds
        # A condition says what it tests: a score at or above the high mark, or below the low mark
        # (a risk dimension scores high when the risk is low).
        side_choices = [
            ("", "—"),
            ("high", _("score ≥ %(n)s") % {"n": f"{t.high:g}"}),
            ("low", _("score < %(n)s") % {"n": f"{t.low:g}"}),
        ]
        rules = list(policy.treatments) + [TreatmentRule("", {}, Text())] * NEW_RULES
        self.rule_count = len(rules)
        for i, rule in enumerate(rules):
            self.fields[f"rule{i}__key"] = forms.CharField(label=_("Key"), initial=rule.key, required=False)
            for dim in DIMENSIONS:
                self.fields[f"rule{i}__{dim}"] = forms.ChoiceField(
                    label=str(DIMENSION_LABELS.get(dim, dim)),
                    choices=side_choices,
                    initial=rule.when.get(dim, ""),
                    required=False,
                )
            shipped = _shipped(rule.key) if rule.key else {"en": "", "zh": ""}
            self.fields[f"rule{i}__en"] = _treatment_field("English", rule.text.en, shipped["en"])
            self.fields[f"rule{i}__zh"] = _treatment_field("中文", rule.text.zh, shipped["zh"])
        for bound_name, bound_field in self.fields.items():
            css = (
                "form-select form-select-sm"
                if isinstance(bound_field, forms.ChoiceField)
                else "form-control form-control-sm"
            )
            bound_field.widget.attrs.setdefault("class", css)
            if bound_name.startswith("rule"):
                bound_field.widget.attrs.setdefault("aria-label", f"{bound_field.label}")

    def full_clean(self) -> None:
        """Validate, then mark the widgets of invalid fields for Bootstrap and screen readers."""
        super().full_clean()
        _mark_invalid(self)

    def weight_fields(self) -> list[forms.BoundField]:
        """The weight of each dimension."""
        return [self[f"weights__{d}"] for d in DIMENSIONS]

    def section_fields(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The numeric fields of each edited section."""
        return [(s, [self[n] for n in self.fields if n.startswith(f"{s}__")]) for s in SECTIONS]

    def grade_treatment_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """Each grade's own treatment, in English and Chinese."""
        return [
            (g, self[f"grade_treatment__{g}__en"], self[f"grade_treatment__{g}__zh"])
            for g in self.base.grades.names
        ]

    def rule_rows(self) -> list[dict[str, Any]]:
        """One row per treatment rule: key, condition per dimension, texts."""
        return [
            {
                "key": self[f"rule{i}__key"],
                "when": [self[f"rule{i}__{d}"] for d in DIMENSIONS],
                "en": self[f"rule{i}__en"],
                "zh": self[f"rule{i}__zh"],
            }
            for i in range(self.rule_count)
        ]

    def _rules(self, data: dict[str, Any]) -> tuple[TreatmentRule, ...]:
        rules = []
        for i in range(self.rule_count):
            key = (data.get(f"rule{i}__key") or "").strip()
            if not key:
                continue
            when = {d: data[f"rule{i}__{d}"] for d in DIMENSIONS if data.get(f"rule{i}__{d}")}
            if not when:
                self.add_error(f"rule{i}__key", _("Choose at least one condition for this rule."))
            rules.append(TreatmentRule(key, when, _typed(data.get(f"rule{i}__en"), data.get(f"rule{i}__zh"))))
        return tuple(rules)

    def clean(self) -> dict[str, Any]:
        """Build the edited policy; a core validation error is attached to its field."""
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            boundaries = _numbers(data["grades__boundaries"])
        except ValueError:
            self.add_error("grades__boundaries", _("Enter numbers separated by commas."))
            return data
        rules = self._rules(data)
        if self.errors:
            return data
        changes: dict[str, Any] = {
            "weights": {d: data[f"weights__{d}"] for d in DIMENSIONS},
            "grades": dataclasses.replace(
                self.base.grades, names=_names(data["grades__names"]), boundaries=boundaries
            ),
            "treatments": rules,
        }
        names = set(changes["grades"].names)
        changes["grade_treatments"] = {g: t for g, t in self.base.grade_treatments.items() if g in names}
        for grade in self.base.grades.names:
            if grade in names:
                # Left empty, the grade keeps the shipped wording of its treatment code.
                changes["grade_treatments"][grade] = _typed(
                    data.get(f"grade_treatment__{grade}__en"), data.get(f"grade_treatment__{grade}__zh")
                )
        for section in SECTIONS:
            obj = getattr(self.base, section)
            values = {f.name: data[f"{section}__{f.name}"] for f in dataclasses.fields(obj)}
            changes[section] = dataclasses.replace(obj, **values)
        review = self.base.review
        changes["review"] = dataclasses.replace(
            review,
            promote_grades=tuple(g for g in review.promote_grades if g in names),
            drop_grades=tuple(g for g in review.drop_grades if g in names),
        )
        try:
            self.result = dataclasses.replace(self.base, **changes)
        except PolicyError as exc:
            self.attach(exc)
        return data

    def attach(self, exc: PolicyError) -> None:
        """Show a core policy error next to the field it names (or above the form)."""
        path, message = translate_policy_error(exc)
        name = re.sub(r"\[\d+\]", "", path).replace(".", "__")
        if path.startswith("treatments."):
            key = path.split(".")[1]
            name = next(
                (f"rule{i}__key" for i in range(self.rule_count) if self.data.get(f"rule{i}__key") == key), ""
            )
        self.add_error(name if name in self.fields else None, message)


class PolicyTextForm(forms.Form):
    """The whole policy as TOML text, for what the field form does not cover."""

    note = forms.CharField(label=gettext_lazy("Change note"), max_length=300, required=False)
    toml = forms.CharField(
        label=gettext_lazy("Policy as TOML"),
        widget=forms.Textarea(
            attrs={"rows": 24, "class": "form-control font-monospace", "spellcheck": "false"}
        ),
    )

    def full_clean(self) -> None:
        """Validate, then mark the textarea when the text is invalid."""
        self.result: Policy | None = None
        super().full_clean()
        _mark_invalid(self)

    def clean_toml(self) -> str:
        """Parse the text; a policy error is shown under the textarea with the field it names."""
        text: str = self.cleaned_data["toml"]
        try:
            self.result = policy_from_toml(text)
        except PolicyError as exc:
            path, message = translate_policy_error(exc)
            raise forms.ValidationError(f"{path}: {message}" if path else message) from exc
        return text
