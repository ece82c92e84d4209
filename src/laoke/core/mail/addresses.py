"""Matching e-mail addresses to customers: by a contact's address, else by the customer's domain.

A customer's domains are the domains of its contacts' addresses, except free-mail domains
(gmail.com, qq.com, 163.com, …): thousands of unrelated people write from those, so an address
there only matches a contact with exactly that address. A domain that belongs to more than one
customer is ambiguous and matches nobody by domain.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

#: Caller's identifier of a customer, contact or mail (database ids in Laoke).
Key = int | str

#: Public mailbox providers: addresses there match by the full address only.
FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.co.uk",
        "hotmail.fr",
        "live.com",
        "msn.com",
        "yahoo.com",
        "yahoo.co.uk",
        "yahoo.fr",
        "yahoo.de",
        "yahoo.co.jp",
        "ymail.com",
        "aol.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "gmx.de",
        "gmx.net",
        "gmx.com",
        "web.de",
        "t-online.de",
        "mail.ru",
        "yandex.ru",
        "yandex.com",
        "protonmail.com",
        "proton.me",
        "zoho.com",
        "qq.com",
        "foxmail.com",
        "vip.qq.com",
        "163.com",
        "126.com",
        "yeah.net",
        "vip.163.com",
        "vip.126.com",
        "188.com",
        "sina.com",
        "sina.cn",
        "vip.sina.com",
        "sohu.com",
        "aliyun.com",
        "139.com",
        "189.cn",
        "wo.cn",
        "tom.com",
        "21cn.com",
        "naver.com",
        "daum.net",
        "hanmail.net",
        "rediffmail.com",
        "libero.it",
        "orange.fr",
        "free.fr",
        "laposte.net",
        "wanadoo.fr",
        "bol.com.br",
        "uol.com.br",
    }
)


def normalize_address(address: str) -> str:
    """The address in lower case without surrounding spaces or angle brackets."""
    return address.strip().strip("<>").strip().lower()


def domain_of(address: str) -> str:
    """The part after the last ``@`` (lower case), or '' when there is none."""
    norm = normalize_address(address)
    _, at, domain = norm.rpartition("@")
    return domain.rstrip(".") if at else ""


def is_free_mail(domain: str) -> bool:
    """True for a public mailbox provider (or one of its subdomains)."""
    labels = domain.lower().split(".")
    return any(".".join(labels[i:]) in FREE_MAIL_DOMAINS for i in range(len(labels) - 1))


@dataclass(frozen=True)
class AddressMatch:
    """The customer an address belongs to; ``contact_id`` when it is a known contact."""

    customer_id: Key
    contact_id: Key | None
    by: Literal["address", "domain"]


class AddressBook:
    """Looks addresses up among contacts and customer domains.

    Parameters
    ----------
    contacts
        ``(customer_id, contact_id, address)`` for every contact with an address.
    customer_domains
        Extra ``(customer_id, domain)`` pairs the company keeps (e.g. the customer's website).
    own_domains
        Our own company's domains: never matched to a customer by domain.
    """

    def __init__(
        self,
        contacts: Iterable[tuple[Key, Key, str]],
        customer_domains: Iterable[tuple[Key, str]] = (),
        own_domains: Iterable[str] = (),
    ) -> None:
        self._by_address: dict[str, AddressMatch] = {}
        owners: dict[str, set[Key]] = defaultdict(set)
        own = {d.lower() for d in own_domains if d}
        for customer_id, contact_id, address in contacts:
            norm = normalize_address(address)
            if "@" not in norm:
                continue
            self._by_address.setdefault(norm, AddressMatch(customer_id, contact_id, "address"))
            owners[domain_of(norm)].add(customer_id)
        for customer_id, domain in customer_domains:
            owners[domain.strip().lower().lstrip("@")].add(customer_id)
        self._by_domain: dict[str, Key] = {
            domain: next(iter(ids))
            for domain, ids in owners.items()
            if domain and len(ids) == 1 and domain not in own and not is_free_mail(domain)
        }

    def match(self, address: str) -> AddressMatch | None:
        """The customer the address belongs to, or None (free-mail addresses: known contacts only)."""
        norm = normalize_address(address)
        found = self._by_address.get(norm)
        if found is not None:
            return found
        domain = domain_of(norm)
        if not domain or is_free_mail(domain):
            return None
        labels = domain.split(".")
        # sales.acme.de belongs to the customer of acme.de
        for i in range(len(labels) - 1):
            customer_id = self._by_domain.get(".".join(labels[i:]))
            if customer_id is not None:
                return AddressMatch(customer_id, None, "domain")
        return None

    def is_known_contact(self, address: str) -> bool:
        """True when the address is exactly a contact's address."""
        return normalize_address(address) in self._by_address
