"""The import result page's help for a failed import: errors in groups, missing exchange rates per
currency with a way to enter them, and the retry of the same file with the same mapping."""

from __future__ import annotations

import hashlib
from typing import Any

from django.urls import reverse

from laoke.company.models import CompanySettings
from laoke.fileio.errors import FileReadError
from laoke.fileio.preview import preview_file
from laoke.importing.models import ImportBatch
from laoke.importing.services.flow import Upload, field_choices

IGNORE = "-"


def _same_file(upload: Upload, batch: ImportBatch) -> bool:
    digest = hashlib.sha256()
    with upload.path.open("rb") as data:
        for chunk in iter(lambda: data.read(1 << 20), b""):
            digest.update(chunk)
    return upload.kind == batch.kind and digest.hexdigest() == batch.file_sha256


def retry_fields(upload: Upload | None, batch: ImportBatch) -> list[tuple[str, str]]:
    """The hidden fields that import the kept file again with the batch's mapping ([] when the
    file kept in the session is not the batch's)."""
    if upload is None or not _same_file(upload, batch):
        return []
    try:
        columns = preview_file(upload.path, kind=upload.kind, name=upload.name, sample_rows=0).columns
    except FileReadError:
        return []
    allowed = set(field_choices(upload.kind))
    by_column = {column: field for field, column in (batch.report or {}).get("mapping", {}).items()}
    return [
        (f"map{i}", by_column[c] if by_column.get(c) in allowed else IGNORE) for i, c in enumerate(columns)
    ]


def failed_import_context(batch: ImportBatch, upload: Upload | None) -> dict[str, Any]:
    """Error groups, missing rates (one entry per currency) and the retry form of a failed batch."""
    groups = (batch.report or {}).get("error_groups", [])
    missing = [g for g in groups if g.get("code") == "missing_rate"]
    failed = batch.status == ImportBatch.Status.FAILED
    return {
        "error_groups": groups,
        "missing_rates": missing,
        "home_currency": CompanySettings.load().home_currency,
        "batch_url": reverse("import_batch", args=[batch.pk]),
        "retry_fields": retry_fields(upload, batch) if failed and missing else [],
    }
