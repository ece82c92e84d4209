"""What the import page shows before importing, and the company's home currency."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Literal

from laoke.company.models import CompanySettings
from laoke.fileio.preview import FilePreview, preview_file
from laoke.platform.prepared import PreparedRows

#: The settings row's home currency: a query every page asks, compiled once (``PreparedRows``).
_HOME_CURRENCY = PreparedRows(
    lambda: CompanySettings.objects.filter(pk=1).order_by("pk").values_list("home_currency")[:1]
)


def home_currency() -> str:
    """The company's home currency (ISO 4217), which imports convert amounts to."""
    rows = _HOME_CURRENCY.rows()
    return (rows[0][0] if rows else None) or "USD"


def preview_import(
    source: str | Path | IO[bytes],
    *,
    kind: Literal["orders", "customers"] = "orders",
    mapping: dict[str, str] | None = None,
    name: str | None = None,
    sample_rows: int = 10,
) -> FilePreview:
    """The file's columns, the detected mapping (field → column), missing required fields, a sample.

    Raises ``laoke.fileio.FileReadError`` when the file cannot be read.
    """
    return preview_file(source, kind=kind, mapping=mapping, name=name, sample_rows=sample_rows)
