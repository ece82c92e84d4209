"""``laoke mail sync [--user U]``: fetch new mail of the connected mailboxes into interactions.

``laoke mail check [--user U]`` only logs in and out, to test the settings.
Exit status 1 when a mailbox failed (the others are still synced); the reason is printed in the
reader's language.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from laoke.mailbox.errors import MailServerError
from laoke.mailbox.models import MailAccount
from laoke.mailbox.services.accounts import check_connection
from laoke.mailbox.services.sync import BATCH_SIZE, sync_account


class Command(BaseCommand):
    help = "Sync connected mailboxes into interactions (mail sync), or test their settings (mail check)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["sync", "check"])
        parser.add_argument("--user", help="only this user's mailbox (login name)")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="messages per transaction")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(settings.LANGUAGE_CODE)
        accounts = MailAccount.objects.select_related("user").order_by("user__username")
        if options["user"]:
            accounts = accounts.filter(user__username=options["user"])
            if not accounts.exists():
                raise CommandError(
                    _("No mailbox is connected for user “%(user)s”.") % {"user": options["user"]}
                )
        if not accounts.exists():
            self.stdout.write(_("No mailbox is connected yet: connect one on the Mailbox page."))
            return
        failed = 0
        for account in accounts:
            who = f"{account.user.username} <{account.email}>"
            try:
                if options["action"] == "check":
                    check_connection(account=account)
                    self.stdout.write(_("%(who)s: login works.") % {"who": who})
                else:
                    self._sync(account, who, options["batch_size"], options["verbosity"])
            except MailServerError as exc:
                failed += 1
                self.stderr.write(f"{who}: {exc.user_message()}")
        if failed:
            raise CommandError(_("%(count)d mailbox(es) failed.") % {"count": failed})

    def _sync(self, account: MailAccount, who: str, batch_size: int, verbosity: int) -> None:
        def progress(folder: str, done: int, total: int) -> None:
            if verbosity >= 1:
                self.stdout.write(
                    _("%(who)s · %(folder)s: %(done)d / %(total)d new messages")
                    % {"who": who, "folder": folder, "done": done, "total": total}
                )

        report = sync_account(account=account, batch_size=batch_size, progress=progress)
        self.stdout.write(
            _(
                "%(who)s: %(fetched)d messages read, %(stored)d stored, %(known)d already stored, "
                "%(other)d not about a customer, %(skipped)d skipped, %(proposals)d new contacts proposed."
            )
            % {
                "who": who,
                "fetched": report.fetched,
                "stored": report.stored,
                "known": report.already_stored,
                "other": report.not_customer,
                "skipped": len(report.skipped),
                "proposals": report.proposals,
            }
        )
        for skipped in report.skipped:
            self.stderr.write(
                _("  skipped %(folder)s UID %(uid)d: %(reason)s")
                % {"folder": skipped.folder, "uid": skipped.uid, "reason": skipped.reason}
            )
