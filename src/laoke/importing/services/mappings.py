"""Saved column mappings: a mapping the manager named once is applied to next month's file.

A file "is the same" as a saved mapping when it has the same headers (case, spaces and order
ignored, see :func:`laoke.fileio.headers.normalise_header`). One set for the whole company;
every save is written to the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from laoke.audit.models import AuditAction
from laoke.audit.services import record
from laoke.fileio.headers import normalise_header
from laoke.importing.models import SavedMapping


def header_key(columns: Iterable[str]) -> list[str]:
    """The headers as compared: normalised and sorted."""
    return sorted(normalise_header(c) for c in columns)


def saved_mappings(kind: str) -> list[SavedMapping]:
    """The company's saved mappings for a kind of file, by name."""
    return list(SavedMapping.objects.filter(kind=kind).order_by("name"))


def find_saved_mapping(*, kind: str, columns: Iterable[str]) -> SavedMapping | None:
    """The most recently saved mapping made for a file with exactly these headers, if any."""
    wanted = header_key(columns)
    for saved in SavedMapping.objects.filter(kind=kind).order_by("-updated_at", "-pk"):
        if header_key(saved.columns) == wanted:
            return saved
    return None


def mapping_for_columns(saved: SavedMapping, columns: Iterable[str]) -> dict[str, str]:
    """``saved`` as column → field for this file's columns (headers matched once normalised).

    Columns the saved mapping does not know are left out, so header detection fills them.
    """
    by_key = {normalise_header(column): field for column, field in saved.mapping.items()}
    result: dict[str, str] = {}
    for column in columns:
        field = by_key.get(normalise_header(column))
        if field is not None:
            result[column] = field
    return result


def save_mapping(
    *, name: str, kind: str, columns: list[str], mapping: Mapping[str, str], user: Any
) -> SavedMapping:
    """Save (or replace) the mapping called ``name`` for this kind of file; audited."""
    saved, created = SavedMapping.objects.update_or_create(
        kind=kind,
        name=name.strip()[:100],
        defaults={"columns": list(columns), "mapping": dict(mapping), "created_by": user},
    )
    record(
        user,
        AuditAction.COMPANY_SETUP,
        target=f"import mapping {saved.name}"[:300],
        detail={"kind": kind, "mapping": dict(mapping), "created": created},
    )
    return saved
