"""Django's form renderer, with the stock input, select and textarea widgets drawn in Python.

Django draws every form field through its template engine: an ``<input>`` is two templates (the
widget and its attributes), a ``<select>`` one more per option. The customer 360° page holds a
dozen forms (contacts, facts, loss, tasks, complaints): a third of the page's time went into
drawing their 70-odd fields. :class:`FastWidgetRenderer` writes the same HTML, character for
character, for the stock templates it knows (their source is checked against Django's files when
first used; a project or app that overrides one, or a newer Django that changes one, gets the
template engine as before), and leaves every other template to Django.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from django import forms as django_forms
from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

_INPUT = (
    '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %} '
    "value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}"
    '{% include "django/forms/widgets/attrs.html" %}>\n'
)
_INCLUDE_INPUT = '{% include "django/forms/widgets/input.html" %}\n'
_ATTRS = (
    "{% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}"
    "{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}{% endfor %}"
)
_SELECT = (
    '<select name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>'
    "{% for group_name, group_choices, group_index in widget.optgroups %}{% if group_name %}\n"
    '  <optgroup label="{{ group_name }}">{% endif %}{% for option in group_choices %}\n'
    "  {% include option.template_name with widget=option %}{% endfor %}{% if group_name %}\n"
    "  </optgroup>{% endif %}{% endfor %}\n"
    "</select>\n"
)
_OPTION = (
    "<option value=\"{{ widget.value|stringformat:'s' }}\""
    '{% include "django/forms/widgets/attrs.html" %}>{{ widget.label }}</option>\n'
)
_TEXTAREA = (
    '<textarea name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>\n'
    "{% if widget.value %}{{ widget.value }}{% endif %}</textarea>\n"
)
_INPUT_KINDS = [
    "checkbox",
    "color",
    "date",
    "datetime",
    "email",
    "file",
    "hidden",
    "number",
    "password",
    "search",
    "tel",
    "text",
    "time",
    "url",
]
_WIDGETS = "django/forms/widgets/"

#: The stock templates drawn here and the source each must have (trailing newline aside).
EXPECTED: dict[str, str] = {
    f"{_WIDGETS}input.html": _INPUT,
    f"{_WIDGETS}attrs.html": _ATTRS,
    f"{_WIDGETS}select.html": _SELECT,
    f"{_WIDGETS}select_option.html": _OPTION,
    f"{_WIDGETS}textarea.html": _TEXTAREA,
    **{f"{_WIDGETS}{kind}.html": _INCLUDE_INPUT for kind in _INPUT_KINDS},
}

_CONTEXT = Context(autoescape=True)


def _shown(value: Any) -> str:
    """``{{ value }}``: localised and escaped as the template engine does."""
    return str(render_value_in_context(value, _CONTEXT))


def _as_text(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: the text of the value, escaped unless it was safe."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)  # the filter's own
    return str(conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text))


def _attrs(attrs: Mapping[str, Any]) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_shown(name)}")
        if value is not True:
            parts.append(f'="{_as_text(value)}"')
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    shown = f' value="{_as_text(value)}"' if value != None else ""  # noqa: E711 - the template's test
    kind, name = _shown(widget["type"]), _shown(widget["name"])
    return f'<input type="{kind}" name="{name}"{shown}{_attrs(widget["attrs"])}>'


def _option(option: Mapping[str, Any]) -> str:
    attrs = _attrs(option["attrs"])
    return f'<option value="{_as_text(option["value"])}"{attrs}>{_shown(option["label"])}</option>'


class FastWidgetRenderer(DjangoTemplates):
    """:class:`~django.forms.renderers.DjangoTemplates` drawing the stock widgets in Python."""

    def __init__(self) -> None:
        super().__init__()
        self._stock: dict[str, bool] = {}
        self._drawers: dict[str, Callable[[Mapping[str, Any]], str | None]] = {
            f"{_WIDGETS}select.html": self._select,
            f"{_WIDGETS}textarea.html": self._textarea,
            **{f"{_WIDGETS}{kind}.html": self._input for kind in ["input", *_INPUT_KINDS]},
        }

    def is_stock(self, template_name: str) -> bool:
        """Whether ``template_name`` is Django's own file with the source drawn here."""
        known = self._stock.get(template_name)
        if known is None:
            expected = EXPECTED.get(template_name)
            known = False
            if expected is not None:
                template = self.get_template(template_name).template
                origin = Path(str(template.origin.name))
                own = Path(django_forms.__file__).parent / "templates"
                known = origin.is_relative_to(own) and template.source.rstrip("\n") == expected.rstrip("\n")
            self._stock[template_name] = known
        return known

    def _input(self, widget: Mapping[str, Any]) -> str | None:
        if not self.is_stock(f"{_WIDGETS}attrs.html") or not self.is_stock(f"{_WIDGETS}input.html"):
            return None
        return _input(widget)

    def _textarea(self, widget: Mapping[str, Any]) -> str | None:
        if not self.is_stock(f"{_WIDGETS}attrs.html"):
            return None
        value = widget["value"]
        text = _shown(value) if value else ""
        return f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>'

    def _select(self, widget: Mapping[str, Any]) -> str | None:
        option_name = f"{_WIDGETS}select_option.html"
        if not self.is_stock(f"{_WIDGETS}attrs.html") or not self.is_stock(option_name):
            return None
        parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
            for option in group_choices:
                if option.get("template_name") != option_name:
                    return None
                parts.append(f"\n  {_option(option)}\n")  # the option's file ends with a newline
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        drawer = self._drawers.get(template_name)
        widget = context.get("widget") if drawer is not None else None
        if drawer is not None and isinstance(widget, Mapping) and self.is_stock(template_name):
            html = drawer(widget)
            if html is not None:
                return html
        return super().render(template_name, context, request=request)
