"""Command-line arguments shared by the retention commands, with errors in the reader's language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, OutputWrapper
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from laoke.core.scorecard.policy import Policy, PolicyError
from laoke.core.scorecard.policy_toml import policy_from_toml
from laoke.fileio import FileReadError, OrderFileResult, read_order_file
from laoke.importing.management.reporting import row_error_lines
from laoke.retention.scorecard_messages import policy_error_text

#: Help of the ``--skip-bad-rows`` option (argparse help is not translated in these commands).
SKIP_BAD_ROWS_HELP = "Leave out rows with errors (listed on stderr) instead of stopping."


def parse_date(text: str, *, option: str) -> dt.date:
    """``text`` as a date (YYYY-MM-DD), or a CommandError naming the option and the value."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(
            _("%(option)s must be a date like 2026-01-31, not %(value)r") % {"option": option, "value": text}
        ) from error


def read_policy_file(path: str) -> Policy:
    """The policy in a TOML file, or a CommandError saying why it cannot be used."""
    try:
        with open(path, encoding="utf-8") as handle:
            return policy_from_toml(handle.read())
    except OSError as error:
        raise CommandError(_("Cannot read the policy file: %(error)s") % {"error": error}) from error
    except PolicyError as error:
        said = policy_error_text(error.code, error.params)
        where = f"{error.field}: {said}" if error.field else said
        raise CommandError(_("The policy file is not valid: %(error)s") % {"error": where}) from error


def read_orders_for_analysis(
    path: str, *, skip_bad_rows: bool, err: OutputWrapper, **read: Any
) -> OrderFileResult:
    """The order file for ``laoke analyze`` / ``laoke backtest``, all-or-nothing like an import.

    A missing or unreadable file is a CommandError (exit 2) in the reader's language. Rows with
    errors are listed on ``err`` (row, column, reason); unless ``skip_bad_rows``, they stop the
    command (exit 1) so no figure is computed on a silently shortened book. ``read`` goes to
    :func:`laoke.fileio.read_order_file`.
    """
    lang = get_language() or "en"
    if not Path(path).is_file():
        raise CommandError(_("File not found: %(path)s") % {"path": path}, returncode=2)
    try:
        result = read_order_file(path, **read)
    except FileReadError as unreadable:
        raise CommandError(unreadable.message(lang), returncode=2) from unreadable
    if not result.error_count:
        return result
    for line in row_error_lines(result, lang):
        err.write(line)
    rows = len(result.rejected_rows)
    if not skip_bad_rows:
        raise CommandError(
            ngettext(
                "%(count)d row has errors, so nothing was computed. Correct it, or add "
                "--skip-bad-rows to leave it out.",
                "%(count)d rows have errors, so nothing was computed. Correct them, or add "
                "--skip-bad-rows to leave them out.",
                rows,
            )
            % {"count": rows},
            returncode=1,
        )
    err.write(
        ngettext(
            "%(count)d row with errors was left out (--skip-bad-rows).",
            "%(count)d rows with errors were left out (--skip-bad-rows).",
            rows,
        )
        % {"count": rows}
    )
    return result
