"""The fast widget renderer writes the HTML Django's templates write, character for character."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils import translation
from django.utils.safestring import mark_safe

from laoke.platform.form_renderer import EXPECTED, FastWidgetRenderer

CHOICES = [
    ("", "—"),
    ("a", "Alpha & <b>"),
    (3, 4),
    ("Group", [("g1", "One"), (Decimal("2.5"), dt.date(2024, 5, 1))]),
    ("q", mark_safe("<i>safe</i>")),
]


class Everything(forms.Form):
    text = forms.CharField(max_length=20, initial='He said "hi" & <left>', help_text="x")
    blank = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"placeholder": "Type…", "autofocus": True})
    )
    number = forms.DecimalField(initial=Decimal("1234.50"), min_value=0)
    amount = forms.FloatField(initial=1234567.25)
    count = forms.IntegerField(initial=12345)
    day = forms.DateField(initial=dt.date(2025, 6, 30), widget=forms.DateInput(attrs={"type": "date"}))
    when = forms.DateTimeField(initial=dt.datetime(2025, 6, 30, 14, 5))
    mail = forms.EmailField(initial="a@b.example")
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="pw")
    hidden = forms.CharField(widget=forms.HiddenInput, initial=7)
    flag = forms.BooleanField(initial=True, required=False)
    off = forms.BooleanField(
        initial=False, required=False, widget=forms.CheckboxInput(attrs={"disabled": False})
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), initial='line 1\nline <2> & "3"')
    empty_notes = forms.CharField(widget=forms.Textarea, required=False)
    pick = forms.ChoiceField(choices=CHOICES, initial="a")
    picks = forms.MultipleChoiceField(choices=CHOICES, initial=["a", 3], required=False)
    typed = forms.TypedChoiceField(choices=[(1, "One"), (2, "Two")], coerce=int, initial=2)
    null = forms.NullBooleanField(initial=None)
    radio = forms.ChoiceField(choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect, initial="y")
    boxes = forms.MultipleChoiceField(
        choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple, initial=["x"]
    )
    upload = forms.FileField(required=False)
    split = forms.SplitDateTimeField(initial=dt.datetime(2025, 1, 2, 3, 4))
    url = forms.URLField(initial="https://example.com/?a=1&b=2", assume_scheme="https")


def _fields(form: forms.Form) -> list[str]:
    return [str(form[name]) for name in form.fields]


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("bound", [False, True])
def test_every_stock_widget_reads_the_same_as_with_the_templates(lang: str, bound: bool) -> None:
    """Inputs, selects (groups, safe and unsafe labels, numbers and dates as labels), textareas,
    and the widgets left to the templates (radio, checkboxes, split date-time) are identical."""
    data = {"text": "<x>", "number": "abc", "pick": "q", "picks": ["g1", "2.5"], "notes": "", "flag": "on"}
    with translation.override(lang):
        stock = Everything(data if bound else None, renderer=DjangoTemplates())
        fast = Everything(data if bound else None, renderer=FastWidgetRenderer())
        assert _fields(fast) == _fields(stock)
        assert str(fast) == str(stock)


def test_the_templates_drawn_in_python_are_djangos_own() -> None:
    """Each stock template drawn here is found and matches its source (else the renderer would
    fall back to the templates, correct but slow): a Django upgrade that changes one shows here."""
    renderer = FastWidgetRenderer()
    assert all(renderer.is_stock(name) for name in EXPECTED)


def test_the_project_uses_the_fast_renderer() -> None:
    assert isinstance(get_default_renderer(), FastWidgetRenderer)
