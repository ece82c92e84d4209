"""The pure core says things as message codes, never as sentences (issue 16, messages as codes).

A sentence is a string literal (docstrings aside) holding a Chinese character, or an English
phrase of three words or more that ends like a sentence (``.``, ``!``, ``?``, ``:``) or carries
a placeholder (``{n}``, ``%(n)s``). The core returns :class:`laoke.core.messages.Message` codes
with figures instead; the adapters word them (``laoke.retention.messages``).

:data:`NOT_CONVERTED_YET` lists the modules that still write sentences. It may only shrink: a
module converted must leave it (the test says so), and any other module — every new one
included — fails on its first sentence.
"""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

import laoke.core

CORE = Path(laoke.core.__file__).parent

#: Modules of laoke.core that still produce display sentences, relative to src/laoke/core: none
#: since every module was converted (codes + params in core, gettext wordings in its app's
#: messages module). It stays, empty, so that the rule reads the same for any future exception.
NOT_CONVERTED_YET: frozenset[str] = frozenset()

#: Modules whose Chinese literals are not messages (and never will be): patterns that read mail.
NOT_MESSAGES = {
    "mail/parse.py": "reply and quote markers of Chinese mail clients, matched, never shown",
    "cadence/mail_words.py": "order-news words matched in mail subjects, never shown",
}

CJK = re.compile(r"[\u4e00-\u9fff]")
WORD = re.compile(r"[A-Za-z]{2,}")
PLACEHOLDER = re.compile(r"\{[^}]*\}|%\(\w+\)")


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring nodes (module, class and function first statements)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    # An attribute docstring (a string right after an assignment) documents, it does not say.
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for before, stmt in itertools.pairwise(body):
            assigned = isinstance(before, ast.Assign | ast.AnnAssign)
            if assigned and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                found.add(id(stmt.value))
    return found


def _raised(tree: ast.AST) -> set[int]:
    """The ids of every node inside a ``raise``: a programmer's error, not a reader's message."""
    return {id(inner) for node in ast.walk(tree) if isinstance(node, ast.Raise) for inner in ast.walk(node)}


def _texts(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string literal outside docstrings; an f-string reads with ``{}`` for its fields.

    English inside a ``raise`` is a message to a programmer and is left out (Chinese is not).
    """
    skip = _docstrings(tree)
    raised = _raised(tree)
    inside_fstring = {
        id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values
    }
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(str(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in skip or id(node) in inside_fstring:
                continue
            text = node.value
        else:
            continue
        if id(node) in raised and not CJK.search(text):
            continue
        out.append((node.lineno, text))
    return out


def is_sentence(text: str) -> bool:
    """Whether a literal reads as something said to a person (Chinese, or an English phrase)."""
    if CJK.search(text):
        return True
    stripped = text.strip()
    if len(WORD.findall(stripped)) < 3:
        return False
    return stripped.endswith((".", "!", "?", ":")) or bool(PLACEHOLDER.search(stripped))


def sentences(path: Path) -> list[str]:
    """``line: text`` of each sentence in a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{line}: {text!r}" for line, text in _texts(tree) if is_sentence(text)]


def _modules() -> dict[str, Path]:
    return {p.relative_to(CORE).as_posix(): p for p in sorted(CORE.rglob("*.py"))}


def test_the_detector_sees_sentences_and_ignores_codes() -> None:
    """Chinese text and English phrases count; codes, column names and short labels do not."""
    assert is_sentence("尚无订单")
    assert is_sentence("No orders yet, so loyalty is unknown.")
    assert is_sentence("sales restarted after a quiet {n} months")
    assert not is_sentence("scorecard.volume.no_sales")
    assert not is_sentence("revenue_window")
    assert not is_sentence("T/T in advance")
    source = (
        '"""A docstring says what this does."""\n'
        'X = f"Sales of {1} in the last months."\n'
        'raise ValueError(f"order frame lacks columns {X}")\n'
    )
    assert [t for _, t in _texts(ast.parse(source)) if is_sentence(t)] == ["Sales of {} in the last months."]


def test_converted_core_modules_write_no_sentences() -> None:
    """Every core module outside the allow-list returns codes, not words."""
    found = {
        name: said
        for name, path in _modules().items()
        if name not in NOT_CONVERTED_YET and name not in NOT_MESSAGES and (said := sentences(path))
    }
    assert not found, (
        "The core returns message codes with figures (laoke.core.messages), the adapters word them; "
        f"these modules write sentences: {found}"
    )


def test_the_allow_list_only_shrinks() -> None:
    """A module on the allow-list that no longer writes sentences must leave it."""
    modules = _modules()
    converted = sorted(name for name in NOT_CONVERTED_YET if name in modules and not sentences(modules[name]))
    assert not converted, f"converted: remove from NOT_CONVERTED_YET: {converted}"
