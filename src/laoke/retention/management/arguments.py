"""Command-line arguments shared by the retention commands, with errors in the reader's language."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from laoke.core.scorecard.policy import Policy, PolicyError
from laoke.core.scorecard.policy_toml import policy_from_toml


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
        raise CommandError(_("The policy file is not valid: %(error)s") % {"error": error}) from error
