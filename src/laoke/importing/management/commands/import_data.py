"""``laoke import orders|customers FILE``: import a CSV/XLSX file into the database.

Exit codes: 0 imported, 1 rows were rejected (nothing written unless ``--partial``),
2 usage error (unreadable file, bad mapping, missing required column, bad rates file).
"""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from laoke.company.repositories import exchange_rates
from laoke.fileio import (
    FileReadError,
    field_label,
    parse_mapping_args,
    read_customer_file,
    read_order_file,
    read_rates,
    skip_reason_label,
    write_rejects,
)
from laoke.fileio.customers import CustomerFileResult
from laoke.fileio.orders import OrderFileResult
from laoke.importing.management.reporting import SHOWN_ERRORS, row_error_lines
from laoke.importing.services import ImportReport, home_currency, import_customers, import_orders
from laoke.importing.services.salespeople import (
    names_with_rows,
    salesperson_counts,
    settle_salespeople,
    unmatched_salespeople,
)
from laoke.platform.dbstats import refresh_planner_statistics


class ProgressLine:
    """A progress line on stderr, redrawn in place on a terminal, every 10 % otherwise."""

    def __init__(self, stream: Any, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.last_shown = -1.0
        self.last_step = -1

    def message(self, text: str) -> None:
        if self.enabled:
            self.stream.write(text + "\n")
            self.stream.flush()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total == 0:
            return
        percent = 100.0 * done / total
        if self.tty:
            now = time.monotonic()
            if done < total and now - self.last_shown < 0.5:
                return
            self.last_shown = now
            end = "\n" if done >= total else ""
            self.stream.write(
                "\r"
                + _("%(stage)s written: %(done)d / %(total)d (%(percent).0f%%)")
                % {"stage": _stage_label(stage), "done": done, "total": total, "percent": percent}
                + end
            )
        else:
            step = int(percent // 10)
            if step == self.last_step:
                return
            self.last_step = step
            self.stream.write(
                _("%(stage)s written: %(done)d / %(total)d (%(percent).0f%%)")
                % {"stage": _stage_label(stage), "done": done, "total": total, "percent": percent}
                + "\n"
            )
        self.stream.flush()


def _stage_label(stage: str) -> str:
    """The user-facing name of a table an import writes."""
    labels = {
        "lines": _("order lines"),
        "customers": _("customers"),
        "orders": _("orders"),
        "products": _("products"),
        "categories": _("product categories"),
        "payments": _("payments"),
    }
    return labels.get(stage, stage)


class Command(BaseCommand):
    help = "Import orders or customers from a CSV or Excel file (laoke import orders FILE)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["orders", "customers"], help=("what the file holds"))
        parser.add_argument("file", help=("CSV, CSV.GZ, XLSX or XLS file"))
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=FIELD",
            help=("map a column to a field, e.g. --map 金额=amount (repeatable)"),
        )
        parser.add_argument(
            "--rates",
            metavar="FILE",
            help=("exchange rates: currency, rate_to_home[, valid_from] (default: the stored rates)"),
        )
        parser.add_argument(
            "--currency", metavar="CODE", help=("currency of rows without one (default: home currency)")
        )
        parser.add_argument(
            "--partial", action="store_true", help=("import the good rows, reject the bad ones")
        )
        parser.add_argument("--rejects", metavar="FILE", help=("where to write the rejected rows (CSV)"))
        parser.add_argument("--dry-run", action="store_true", help=("check the file, write nothing"))
        parser.add_argument(
            "--retail",
            action="store_true",
            help=("skip cancellations, rows without customer, quantity or price ≤ 0 (online retail files)"),
        )
        order = parser.add_mutually_exclusive_group()
        order.add_argument("--day-first", action="store_true", help=("read 05/01/2024 as 5 January"))
        order.add_argument("--month-first", action="store_true", help=("read 05/01/2024 as 1 May"))
        parser.add_argument("--sheet", help=("Excel worksheet (default: the first)"))
        parser.add_argument("--quiet", action="store_true", help=("no progress line"))
        parser.add_argument(
            "--create-salespeople",
            action="store_true",
            help=(
                "create a salesperson account (no password until a manager sets one) for each "
                "salesperson name that matches no user; without it their customers get no owner"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        lang = get_language() or "en"
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path}, returncode=2)
        progress = ProgressLine(self.stderr._out, enabled=not options["quiet"])
        started = time.monotonic()
        try:
            mapping = parse_mapping_args(options["map"])
            result = self._read(path, options, mapping)
        except FileReadError as exc:
            raise CommandError(exc.message(lang), returncode=2) from exc
        progress.message(
            _("%(rows)d rows read in %(seconds).1f s")
            % {"rows": result.rows_total, "seconds": time.monotonic() - started}
        )
        service = import_orders if options["kind"] == "orders" else import_customers
        created: list[tuple[str, int]] = []
        try:
            with transaction.atomic():
                if options["create_salespeople"] and options["kind"] == "orders" and not options["dry_run"]:
                    created = _create_salespeople(result)  # type: ignore[arg-type]
                report = service(
                    result=result,  # type: ignore[arg-type]
                    partial=options["partial"],
                    dry_run=options["dry_run"],
                    file_name=str(path),
                    file_sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                    progress=progress,
                    lang=lang,
                )
        except DatabaseError as exc:
            raise CommandError(
                _("The database refused the import; nothing was written: %(error)s") % {"error": exc},
                returncode=1,
            ) from exc
        if report.written:
            refresh_planner_statistics(report.rows_imported)
        if created and report.written:
            self.stdout.write(
                _("Salesperson accounts created (no password yet): %(names)s")
                % {"names": names_with_rows(created, lang=lang)}
            )
        self._print_report(report, result, lang)
        if report.rows_rejected and (options["partial"] or options["rejects"]):
            target = Path(options["rejects"]) if options["rejects"] else _default_rejects_path(path)
            count = write_rejects(result, target, lang=lang)
            self.stdout.write(
                _("%(count)d rejected rows written to %(path)s") % {"count": count, "path": target}
            )
        self.stdout.write(_("Done in %(seconds).1f s.") % {"seconds": time.monotonic() - started})
        if not report.ok:
            if report.written:
                message = _("%(count)d rows were rejected; the other rows were imported.")
            elif report.dry_run:
                message = _("%(count)d rows have errors (dry run, nothing written).")
            else:
                message = _(
                    "Nothing was imported: %(count)d rows have errors. "
                    "Fix them, or use --partial to import the good rows."
                )
            raise CommandError(message % {"count": report.rows_rejected}, returncode=1)

    def _read(
        self, path: Path, options: dict[str, Any], mapping: dict[str, str]
    ) -> OrderFileResult | CustomerFileResult:
        if options["kind"] == "customers":
            return read_customer_file(path, mapping=mapping, sheet=options["sheet"])
        rates = read_rates(options["rates"]) if options["rates"] else exchange_rates()
        day_first = True if options["day_first"] else False if options["month_first"] else None
        return read_order_file(
            path,
            mapping=mapping,
            rates=rates,
            home_currency=home_currency(),
            default_currency=options["currency"],
            retail_conventions=options["retail"],
            day_first=day_first,
            sheet=options["sheet"],
        )

    def _print_report(
        self, report: ImportReport, result: OrderFileResult | CustomerFileResult, lang: str
    ) -> None:
        out = self.stdout
        columns = ", ".join(f"{field_label(f, lang)} ← {c}" for f, c in report.mapping.items())
        out.write(_("Columns: %(columns)s") % {"columns": columns})
        out.write(
            _("Rows: %(total)d read, %(good)d good, %(skipped)d skipped, %(rejected)d rejected")
            % {
                "total": report.rows_total,
                "good": report.rows_imported,
                "skipped": report.rows_skipped,
                "rejected": report.rows_rejected,
            }
        )
        for reason, count in report.skipped.items():
            out.write(
                "  "
                + _("skipped, %(reason)s: %(count)d")
                % {"reason": skip_reason_label(reason, lang), "count": count}
            )
        for warning in report.warnings:
            out.write(self.style.WARNING(warning))
        lines = row_error_lines(result, lang)
        for line in lines[:SHOWN_ERRORS]:
            out.write(self.style.ERROR(line))
        for line in lines[SHOWN_ERRORS:]:
            out.write(line)
        for title, counts in (
            (_("created"), report.created),
            (_("updated"), report.updated),
            (_("unchanged"), report.unchanged),
        ):
            shown = {k: v for k, v in sorted(counts.items()) if v}
            if shown:
                out.write(f"{title}: " + ", ".join(f"{_stage_label(k)} {v}" for k, v in shown.items()))
        if report.batch_id:
            out.write(_("Recorded as import #%(id)d.") % {"id": report.batch_id})


def _create_salespeople(result: OrderFileResult) -> list[tuple[str, int]]:
    """Salesperson accounts for the file's names that match no user; (name, rows) of each."""
    unknown = unmatched_salespeople(salesperson_counts(result.frame["salesperson"].to_list()))
    settle_salespeople(create=[name for name, _count in unknown], by=None)
    return unknown


def _default_rejects_path(path: Path) -> Path:
    """``orders.csv`` → ``orders.rejects.csv`` next to it (``.gz`` dropped)."""
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    stem = name.rsplit(".", 1)[0]
    return path.with_name(f"{stem}.rejects.csv")


if __name__ == "__main__":  # pragma: no cover
    sys.exit("run through `laoke import`")
