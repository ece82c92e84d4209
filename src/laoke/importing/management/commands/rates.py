"""``laoke rates import FILE``: store the exchange rates of a CSV/XLSX (币种/currency, 日期/date,
汇率/rate), all or nothing, with the same reader, limits and row errors as the import page;
``laoke rates`` lists the newest rate of each currency.

Exit status: 0 stored, 1 rows with errors (nothing stored, each row and column listed), 2 the file
cannot be read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Max
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from laoke.company.models import CompanySettings, ExchangeRate
from laoke.company.services import save_rates
from laoke.fileio.errors import FileReadError
from laoke.fileio.rates import read_rate_file
from laoke.importing.management.reporting import row_error_lines


class Command(BaseCommand):
    help = _("Store exchange rates from a CSV or Excel file (rates import FILE), or list the newest ones.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action", nargs="?", choices=["import"], help=_("import: read FILE and store its rates")
        )
        parser.add_argument("file", nargs="?", help=_("CSV or Excel file: currency, date, rate"))
        parser.add_argument("--sheet", help=_("Excel worksheet (default: the first)"))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "import":
            self._list()
            return
        lang = get_language() or "en"
        if not options["file"]:
            raise CommandError(_("Name the rates file: laoke rates import FILE"), returncode=2)
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path}, returncode=2)
        try:
            result = read_rate_file(path, sheet=options["sheet"], require_date=True)
        except FileReadError as exc:
            raise CommandError(exc.message(lang), returncode=2) from exc
        if result.error_count:
            for line in row_error_lines(result, lang):
                self.stdout.write(line)
            raise CommandError(
                _("Nothing was stored: %(count)d rows have errors.") % {"count": len(result.rejected_rows)},
                returncode=1,
            )
        with transaction.atomic():
            saved = save_rates(frame=result.frame, user=None, source=path.name, username="laoke rates")
        self.stdout.write(
            _("%(count)d rates stored (%(new)d new, %(changed)d changed), in %(home)s.")
            % {
                "count": saved.total,
                "new": saved.created,
                "changed": saved.updated,
                "home": CompanySettings.load().home_currency,
            }
        )

    def _list(self) -> None:
        home = CompanySettings.load().home_currency
        newest = ExchangeRate.objects.values("currency").annotate(last=Max("valid_from")).order_by("currency")
        if not newest:
            self.stdout.write(_("No exchange rates yet: laoke rates import FILE"))
            return
        for row in newest:
            rate = ExchangeRate.objects.get(currency=row["currency"], valid_from=row["last"])
            self.stdout.write(
                f"{rate.currency} {rate.valid_from.isoformat()} {rate.rate_to_home.normalize()} {home}"
            )
