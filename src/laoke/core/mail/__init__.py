"""Pure e-mail facts: parse RFC 5322 messages, match addresses to customers, derive reply times.

No Django, no sockets, no clock: the mailbox app fetches bytes over IMAP and stores the facts;
this package only turns bytes into facts and facts into derived facts.
"""

from laoke.core.mail.addresses import (
    FREE_MAIL_DOMAINS,
    AddressBook,
    AddressMatch,
    domain_of,
    normalize_address,
)
from laoke.core.mail.parse import MailFacts, MalformedMessage, parse_message
from laoke.core.mail.threads import ThreadMail, reply_hours

__all__ = [
    "FREE_MAIL_DOMAINS",
    "AddressBook",
    "AddressMatch",
    "MailFacts",
    "MalformedMessage",
    "ThreadMail",
    "domain_of",
    "normalize_address",
    "parse_message",
    "reply_hours",
]
