"""The zh-Hans catalogues are complete: every message has a translation, none is fuzzy."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src" / "laoke"
CATALOGUES = sorted(SOURCE.rglob("locale/zh_Hans/LC_MESSAGES/django.po"))


def _entries(po: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) of each entry, joining continued lines."""
    entries: list[tuple[str, str, bool]] = []
    msgid = msgstr = None
    field = None
    fuzzy = False
    for line in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#") and msgstr is not None:
            # A comment opens the next entry: close the one before it.
            if msgid:
                entries.append((msgid, msgstr, fuzzy))
            msgid = msgstr = field = None
            fuzzy = False
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            msgid, field = json.loads(line[6:]), "id"
        elif line.startswith("msgstr "):
            msgstr, field = json.loads(line[7:]), "str"
        elif line.startswith('"') and field == "id" and msgid is not None:
            msgid += json.loads(line)
        elif line.startswith('"') and field == "str" and msgstr is not None:
            msgstr += json.loads(line)
        elif not line.strip():
            if msgid is not None and msgstr is not None and msgid:
                entries.append((msgid, msgstr, fuzzy))
            msgid = msgstr = field = None
            fuzzy = False
    return entries


def test_there_are_catalogues() -> None:
    """It finds the zh-Hans catalogues of the apps."""
    assert len(CATALOGUES) >= 5


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(SOURCE)))
def test_every_message_is_translated(po: Path) -> None:
    """It has a non-empty, non-fuzzy Chinese translation for every English message."""
    entries = _entries(po)
    untranslated = [msgid for msgid, msgstr, _fuzzy in entries if not msgstr]
    fuzzy = [msgid for msgid, _msgstr, is_fuzzy in entries if is_fuzzy]
    assert not untranslated, f"untranslated in {po}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {po}: {fuzzy[:10]}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(SOURCE)))
def test_every_message_in_the_code_is_in_the_catalogue(
    po: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It finds no translatable string in the code that the catalogue lacks (makemessages is up to date)."""
    from django.core.management import call_command

    app = po.parents[3]
    copy = tmp_path / app.name
    shutil.copytree(app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["zh_Hans"], no_wrap=True, verbosity=0)
    fresh = {msgid for msgid, _msgstr, _fuzzy in _entries(copy / po.relative_to(app))}
    known = {msgid for msgid, _msgstr, _fuzzy in _entries(po)}
    assert not fresh - known, f"run makemessages in {app}: missing {sorted(fresh - known)[:10]}"


def _meanings() -> dict[tuple[str | None, str], dict[str, str]]:
    """Per (context, msgid), its translation in each app's catalogue."""
    from babel.messages.pofile import read_po

    seen: dict[tuple[str | None, str], dict[str, str]] = {}
    for po in CATALOGUES:
        with po.open("rb") as handle:
            catalogue = read_po(handle)
        for message in catalogue:
            if not message.id:
                continue
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            msgstr = message.string if isinstance(message.string, str) else (message.string or ("",))[0]
            seen.setdefault((message.context, msgid), {})[po.parents[3].name] = msgstr
    return seen


def test_one_message_has_one_meaning() -> None:
    """A message translated differently in two apps is two meanings under one id: Django shows one of
    them everywhere (the first app's), so "To" on a date range read 收件人. Such a word needs a
    context (``pgettext`` / ``{% translate "To" context "date range" %}``)."""
    clashes = {
        f"{context + ': ' if context else ''}{msgid}": translations
        for (context, msgid), translations in _meanings().items()
        if len(set(translations.values())) > 1
    }
    assert not clashes, f"{len(clashes)} messages mean different things in different apps: {clashes}"


def test_django_catalogues_do_not_override_ours() -> None:
    """An app listed before ours in INSTALLED_APPS wins for a message both translate: Django admin's
    catalogue made the menu's "Log out" 注销, the policy history 历史 and the audit log's "Filter"
    过滤器. A message Django's apps translate otherwise needs a context in ours."""
    import gettext

    from django.apps import apps

    before: dict[str, tuple[str, str]] = {}
    for app in apps.get_app_configs():
        if app.name.startswith("laoke."):
            break
        mo = Path(app.path) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
        if mo.exists():
            with mo.open("rb") as handle:
                for msgid, msgstr in gettext.GNUTranslations(handle)._catalog.items():  # type: ignore[attr-defined]
                    if isinstance(msgid, str) and msgid:
                        before.setdefault(msgid, (app.label, msgstr))
    assert before, "no catalogue of Django's own apps found"
    overridden = {}
    for (context, msgid), translations in _meanings().items():
        key = f"{context}\x04{msgid}" if context else msgid
        if key in before and before[key][1] not in translations.values():
            overridden[key] = (sorted(translations), before[key])
    assert not overridden, f"Django's catalogues override ours (ours, theirs): {overridden}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(SOURCE)))
def test_every_catalogue_compiles_with_its_formats_checked(po: Path) -> None:
    """msgfmt accepts the catalogue with format checks on: a translation whose placeholders differ
    from its English (or a '%' that gettext reads as one) is refused, and Django's compilemessages
    then leaves the old .mo in place without failing the build."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt (GNU gettext) is needed; `make system-deps` installs it"
    result = subprocess.run(
        [msgfmt, "--check-format", "-o", "/dev/null", str(po)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
