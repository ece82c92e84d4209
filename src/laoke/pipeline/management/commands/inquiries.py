"""``laoke inquiries score FILE``: score a file of inquiries against the best customers; ``rescore``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from laoke.accounts.models import User
from laoke.fileio.errors import FileReadError
from laoke.pipeline import messages as words
from laoke.pipeline.models import Prospect, ProspectStatusChoices
from laoke.pipeline.services.clashes import describe_clashes
from laoke.pipeline.services.inquiries import create_inquiries, score_prospects, score_rows
from laoke.pipeline.services.inquiry_file import read_inquiry_file
from laoke.retention.management.arguments import parse_date


class Command(BaseCommand):
    help = "Score inquiries by how closely they resemble the best customers (look-alike score)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        score = sub.add_parser("score", help="Score every inquiry of a CSV or Excel file.")
        score.add_argument(
            "file", help="CSV or Excel file with a “name” column (English or Chinese headers)."
        )
        score.add_argument(
            "--as-of", help="Score against the book as of this date (YYYY-MM-DD); default today."
        )
        score.add_argument("--save", action="store_true", help="Also record the inquiries (all or none).")
        score.add_argument("--owner", help="Username owning the recorded inquiries (with --save).")
        rescore = sub.add_parser("rescore", help="Score the stored open inquiries and targets again.")
        rescore.add_argument("--as-of", help="Score against the book as of this date (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = (
            parse_date(options["as_of"], option="--as-of") if options.get("as_of") else timezone.localdate()
        )
        if options["action"] == "rescore":
            with transaction.atomic():
                open_ones = Prospect.objects.filter(
                    status__in=[ProspectStatusChoices.INQUIRY, ProspectStatusChoices.TARGET]
                )
                scored = score_prospects(prospects=open_ones, as_of=as_of)
            self.stdout.write(_("%(count)d inquiries and targets scored.") % {"count": len(scored)})
            return
        chinese = (get_language() or "").lower().startswith("zh")
        try:
            parsed = read_inquiry_file(options["file"])
        except FileNotFoundError as exc:
            raise CommandError(_("Cannot read %(file)s.") % {"file": options["file"]}) from exc
        except FileReadError as exc:
            raise CommandError(exc.message("zh-hans" if chinese else "en")) from exc
        if parsed.errors:
            lines = [e.message(chinese) for e in parsed.errors]
            raise CommandError("\n".join([_("Nothing was scored: the file has errors."), *lines]))
        rows = [{**{k: v for k, v in r.items() if k != "row"}, "id": r["row"]} for r in parsed.rows]
        results = score_rows(rows, as_of=as_of)
        order = sorted(zip(parsed.rows, results, strict=True), key=lambda pair: -pair[1].score)
        self.stdout.write(
            "\t".join(
                [
                    _("File row"),
                    _("Name"),
                    _("Similarity"),
                    _("Confidence"),
                    _("Fit"),
                    _("Nearest"),
                    _("Warning"),
                ]
            )
        )
        for row, result in order:
            nearest = ", ".join(
                f"{n.customer_id}:{n.grade or '-'}:{n.similarity:.2f}" for n in result.nearest[:3]
            )
            fit = "" if result.target_fit is None else f"{result.target_fit:.2f}"
            warning = words.text(result.warning) if result.warning is not None else ""
            self.stdout.write(
                f"{row['row']}\t{row['name']}\t{result.score:.2f}\t{result.confidence:.2f}\t{fit}\t{nearest}\t{warning}"
            )
        if options["save"]:
            owner = None
            if options.get("owner"):
                owner = User.objects.filter(username=options["owner"]).first()
                if owner is None:
                    raise CommandError(_("No user “%(name)s”.") % {"name": options["owner"]})
            with transaction.atomic():
                saved = create_inquiries(
                    owner=owner,
                    rows=[{k: v for k, v in r.items() if k != "row"} for r in parsed.rows],
                    as_of=as_of,
                )
            self.stdout.write(_("%(count)d inquiries recorded.") % {"count": len(saved)})
            for prospect in saved:
                for clash in describe_clashes(user=None, prospects=[prospect]).get(prospect.pk, []):
                    self.stdout.write(
                        _("Possible clash: %(name)s looks like %(other)s (%(owner)s; %(how)s).")
                        % {
                            "name": prospect.name,
                            "other": clash.name,
                            "owner": clash.owner or "—",
                            "how": ", ".join(clash.how),
                        }
                    )
