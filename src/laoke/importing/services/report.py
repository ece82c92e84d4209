"""The outcome of an import run, for the CLI, the web page and the ImportBatch record."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any, Protocol

import polars as pl

from laoke.fileio.common import ERROR_SCHEMA, concat_errors, error_list
from laoke.fileio.customers import CustomerFileResult
from laoke.fileio.errors import localised
from laoke.fileio.orders import OrderFileResult

FileResult = OrderFileResult | CustomerFileResult

#: Errors kept in the ImportBatch report (the rejects file has all of them).
REPORT_ERROR_LIMIT = 1000
#: Groups of identical errors kept in the report, and the rows named in each.
REPORT_GROUP_LIMIT = 100
GROUP_ROWS_SHOWN = 5
_GROUP_KEYS = ("field", "code", "value", "order", "other", "line", "choices", "low", "high", "first")


class Progress(Protocol):
    """Called while writing: ``stage`` ("lines", "customers"…), ``done`` of ``total`` rows."""

    def __call__(self, stage: str, done: int, total: int) -> None: ...


@dataclass
class ImportReport:
    """What an import did. ``ok`` is False when rows were rejected (nothing written unless partial)."""

    kind: str
    ok: bool
    written: bool
    dry_run: bool
    partial: bool
    rows_total: int
    rows_imported: int
    rows_skipped: int
    rows_rejected: int
    skipped: dict[str, int] = field(default_factory=dict)
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_groups: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0
    warnings: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    batch_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict (what ImportBatch.report stores)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        for key in ("created", "updated", "unchanged", "skipped", "mapping"):
            data[key] = dict(data[key])
        return data


def add_errors(result: FileResult, errors: pl.DataFrame) -> None:
    """Add errors found against the database to ``result``, so reports and rejects show them."""
    if errors.height:
        result.error_frame = concat_errors([result.error_frame, errors.cast(ERROR_SCHEMA)])  # type: ignore[arg-type]


def error_dicts(result: FileResult, lang: str) -> list[dict[str, Any]]:
    """The first errors of ``result`` as JSON-ready dicts."""
    return [e.as_dict(lang) for e in error_list(result.error_frame, result.mapping, REPORT_ERROR_LIMIT)]


def error_groups(result: FileResult, lang: str, limit: int = REPORT_GROUP_LIMIT) -> list[dict[str, Any]]:
    """Every error of ``result`` in groups of identical ones, biggest first, as JSON-ready dicts.

    A missing exchange rate is one group per currency (whatever the date), with the first and last
    month it is missing for; other errors group when field, reason and value are the same. Each
    group has ``count``, the first rows, the column and the message of its first error.
    """
    frame = result.error_frame
    if not frame.height:
        return []
    key = (
        pl.when(pl.col("code") == "missing_rate")
        .then(pl.col("currency"))
        .otherwise(pl.concat_str([pl.col(c).fill_null("\x00") for c in _GROUP_KEYS], separator="\x01"))
    )
    grouped = (
        frame.with_columns(key.alias("__key"))
        .sort("row")
        .group_by("__key", maintain_order=True)
        .agg(
            pl.len().cast(pl.Int64).alias("count"),
            pl.col("row").head(GROUP_ROWS_SHOWN).alias("rows"),
            pl.col("date").min().alias("first_date"),
            pl.col("date").max().alias("last_date"),
            pl.all().exclude("row", "date").first(),
            pl.col("row").first().alias("row"),
            pl.col("date").first().alias("date"),
        )
        .sort(pl.col("code") != "missing_rate", -pl.col("count"), "row")
        .head(limit)
    )
    first_errors = error_list(grouped.select(list(ERROR_SCHEMA)), result.mapping)
    groups = []
    for record, error in zip(grouped.iter_rows(named=True), first_errors, strict=True):
        group: dict[str, Any] = {
            "code": record["code"],
            "field": record["field"],
            "column": error.column,
            "count": record["count"],
            "rows": record["rows"],
            "message": error.message(lang),
        }
        if record["code"] == "missing_rate":
            group.update(
                currency=record["currency"],
                first_month=(record["first_date"] or "")[:7],
                last_month=(record["last_date"] or "")[:7],
            )
        groups.append(group)
    return groups


def new_report(result: FileResult, *, kind: str, partial: bool, dry_run: bool, lang: str) -> ImportReport:
    """A report with the file's counts filled in; the writer adds what it created."""
    rejected = len(result.rejected_rows)
    good = result.rows_total - result.rows_skipped - rejected
    return ImportReport(
        kind=kind,
        ok=rejected == 0,
        written=False,
        dry_run=dry_run,
        partial=partial,
        rows_total=result.rows_total,
        rows_imported=good,
        rows_skipped=result.rows_skipped,
        rows_rejected=rejected,
        skipped=dict(result.skipped),
        errors=error_dicts(result, lang),
        error_groups=error_groups(result, lang),
        error_count=result.error_count,
        warnings=[localised(w, lang) for w in result.warnings],
        mapping=dict(result.mapping),
    )
