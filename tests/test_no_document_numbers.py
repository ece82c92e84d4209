"""No user-facing text cites the source articles' document numbers ("(004)", "（001 第14条）").

The numbers help engineers find a rule's source in code comments; readers of the pages, the
drafts and the reasons have never seen those documents. Scanned: every translatable message and
its Chinese translation, every template's text, and the string literals of the core's reason
and warning sentences (comments and docstrings are left alone).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "laoke"
#: "(004)", "（004）", "(001 第14条)", "(003, reason 2)": a three-digit document number in brackets.
CITATION = re.compile(
    r"[（(]\s*0\d\d(?:\s*[,，、第\s][^)）]*)?\s*[)）]"
    # "004: of 100 tracked targets …", "Seed 001 asks …": a number opening a sentence or named.
    r"|(?:^|[\s\"“])0\d\d\s*[:：]|\b[Ss]eed 0\d\d\b"
)


def _catalogue_entries() -> list[tuple[str, str]]:
    found = []
    for po in sorted(SRC.glob("*/locale/*/LC_MESSAGES/django.po")):
        for line in po.read_text(encoding="utf-8").splitlines():
            if line.startswith(("msgid ", "msgstr", '"')) and CITATION.search(line):
                found.append((str(po.relative_to(SRC)), line))
    return found


def _template_lines() -> list[tuple[str, str]]:
    found = []
    for html in sorted(SRC.glob("*/templates/**/*.html")):
        for number, line in enumerate(html.read_text(encoding="utf-8").splitlines(), 1):
            text = re.sub(r"\{#.*?#\}", "", line)  # template comments are for engineers
            if CITATION.search(text):
                found.append((f"{html.relative_to(SRC)}:{number}", line.strip()))
    return found


def _string_literals() -> list[tuple[str, str]]:
    """String constants in the Python code that are not docstrings."""
    found = []
    for py in sorted(SRC.rglob("*.py")):
        if "migrations" in py.parts:
            continue
        tree = ast.parse(py.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and CITATION.search(node.value)
            ):
                found.append((f"{py.relative_to(SRC)}:{node.lineno}", node.value[:120]))
    return found


@pytest.mark.parametrize("scan", [_catalogue_entries, _template_lines, _string_literals])
def test_no_user_facing_text_cites_a_document_number(scan: object) -> None:
    """Messages, templates and string literals carry no "(00x)" citation."""
    assert callable(scan)
    assert scan() == []


def test_the_pattern_finds_the_citations_it_is_meant_to_find() -> None:
    """The check itself: the forms seen on the pages are caught, ordinary brackets are not."""
    for cited in [
        "（004）",
        "(001)",
        "（001 第14条）",
        "(003, reason 2)",
        "value (002).",
        "Profile (002 dimensions)",
        "客户画像（002 维度）",
        "004: of 100 tracked targets",
        "004：每跟踪 100 个目标客户",
        "Seed 001 asks for a reply",
    ]:
        assert CITATION.search(cited), cited
    for plain in [
        "(2026)",
        "(80 %)",
        "(fit 35 %)",
        "（吻合度 35%）",
        "(A)",
        "(0.05)",
        "at 09:30",
        "2026-03-05",
    ]:
        assert not CITATION.search(plain), plain
