"""Row errors of a file as terminal lines, shared by ``laoke import``, ``analyze`` and ``backtest``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from laoke.fileio.common import RowErrorsMixin

#: Row errors printed on the terminal before the count of the rest.
SHOWN_ERRORS = 20


def row_error_lines(result: RowErrorsMixin, lang: str, limit: int = SHOWN_ERRORS) -> list[str]:
    """The first ``limit`` row errors as "row R, column C: reason", then how many more there are."""
    lines = [
        _("row %(row)d, column %(column)s: %(reason)s")
        % {"row": error.row, "column": error.column, "reason": error.message(lang)}
        for error in result.errors[:limit]
    ]
    if result.error_count > limit:
        lines.append(_("… and %(count)d more errors.") % {"count": result.error_count - limit})
    return lines
