"""The list's drop-downs drawn by ``select_options`` and ``sort_options`` are the HTML of the loops
they replace in ``web/customer_list.html``."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.utils import translation

from laoke.customers.models import CustomerKindChoices
from laoke.retention.models import LifecycleStateChoices
from laoke.web.customer_query import SORT_LABELS

_LOAD = "{% load laoke_web %}"
#: The loops as the template wrote them before (``flt.x`` as ``selected``).
_OPTION_LOOP = (
    '{% for v, label in pairs %}<option value="{{ v }}"{% if selected == v %} selected{% endif %}>'
    "{{ label }}</option>{% endfor %}"
)
_TRUNCATED_LOOP = (
    '{% for v, label in pairs %}<option value="{{ v }}"{% if selected == v %} selected{% endif %}>'
    "{{ label|truncatechars:60 }}</option>{% endfor %}"
)
_SORT_LOOP = (
    "{% for key, label in sort_labels.items %}\n"
    '          <option value="{{ key }}"{% if selected == key %} selected{% endif %}>{{ label }} ↑</option>\n'
    '          <option value="-{{ key }}"{% if selected == "-"|add:key %} selected{% endif %}>'
    "{{ label }} ↓</option>\n"
    "        {% endfor %}"
)

_PAIRS = [
    ("A", "A"),
    ("FR", "France"),
    ("x<y", 'Tom & "Jerry" <b>'),
    ("long", "Visit twice a year, call monthly, and send the new catalogue before the season starts"),
]


def _render(source: str, **values: object) -> str:
    return Template(_LOAD + source).render(Context(values))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(
    "pairs",
    [_PAIRS, LifecycleStateChoices.choices, CustomerKindChoices.choices, []],
    ids=["text", "states", "kinds", "none"],
)
def test_select_options_are_the_loop_html(language: str, pairs: list[tuple[str, object]]) -> None:
    with translation.override(language):
        for selected in ["", "A", "x<y", "long", "at_risk", *(v for v, _label in pairs)]:
            expected = _render(_OPTION_LOOP, pairs=pairs, selected=selected)
            assert _render("{% select_options pairs selected %}", pairs=pairs, selected=selected) == expected
            expected = _render(_TRUNCATED_LOOP, pairs=pairs, selected=selected)
            assert (
                _render("{% select_options pairs selected 60 %}", pairs=pairs, selected=selected) == expected
            )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_sort_options_are_the_loop_html(language: str) -> None:
    with translation.override(language):
        for selected in ["name", "-name", "-revenue", "alerts", "bogus"]:
            expected = _render(_SORT_LOOP, sort_labels=SORT_LABELS, selected=selected)
            got = _render(
                "{% sort_options sort_labels selected %}", sort_labels=SORT_LABELS, selected=selected
            )
            assert got == expected
            assert ("selected" in got) == (selected != "bogus")


#: The header's loop as ``web/customer_list.html`` wrote it before (``flt.sort`` as ``selected``).
_HEADER_LOOP = (
    '{% for key, label in sort_labels.items %}{% if key != "code" %}\n'
    "          <th scope=\"col\"{% if key == 'revenue' or key == 'score' or key == 'alerts' %}"
    ' class="text-end"{% endif %}{% if selected == key %} aria-sort="ascending"'
    '{% elif selected == "-"|add:key %} aria-sort="descending"{% endif %}>\n'
    '            <a class="link-body-emphasis text-decoration-none" href="?{% if selected == key %}'
    '{% query_with query sort="-"|add:key %}{% else %}{% query_with query sort=key %}{% endif %}">'
    '{{ label }}{% if selected == key %} ▲{% elif selected == "-"|add:key %} ▼{% endif %}</a>\n'
    "          </th>\n"
    "          {% endif %}{% endfor %}"
)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(
    "querystring",
    ["", "sort=-revenue", "grade=A&sort=score&q=Tom+%26+%22J%22+<b>", "alerts=open&country=DE", "sort=code"],
)
def test_sort_headers_are_the_loop_html(language: str, querystring: str) -> None:
    query = QueryDict(querystring)
    with translation.override(language):
        for selected in ["name", "-name", "-revenue", "alerts", "-alerts", "code", "-code", "bogus"]:
            values = {"sort_labels": SORT_LABELS, "selected": selected, "query": query}
            expected = _render(_HEADER_LOOP, **values)
            got = _render("{% sort_headers sort_labels selected query %}", **values)
            assert got == expected
            assert ("aria-sort" in got) == (selected.lstrip("-") in SORT_LABELS and "code" not in selected)
