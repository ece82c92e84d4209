"""Customers an import brought in that may be one already known under another code.

Two customers look like the same company when their names agree once normalised (case, spaces,
punctuation and legal forms such as "Co., Ltd", GmbH, 有限公司 dropped), when a contact of each has
the same e-mail address, or when their contacts write from the same company e-mail domain (public
mail services such as gmail.com or qq.com do not count). The import result lists the pairs; the
manager decides, nothing is merged.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from laoke.customers.models import Contact, Customer
from laoke.orders.models import Order

#: Legal forms dropped from the end of a name before comparing.
_LEGAL_FORM = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|公司|集团|"
    r"\b(?:co\s*ltd|company\s*limited|limited|ltd|llc|inc|incorporated|corp|corporation|gmbh|ag|"
    r"sa|sas|sarl|srl|spa|bv|nv|plc|pty|oy|ab|as|kg|co|company|group)\b)\s*$"
)
#: Public mail services: two customers writing from them are not the same company.
PUBLIC_MAIL = frozenset(
    {
        "126.com", "139.com", "163.com", "aliyun.com", "foxmail.com", "gmail.com", "gmx.de",
        "hotmail.com", "icloud.com", "live.com", "mail.ru", "outlook.com", "qq.com", "sina.com",
        "sohu.com", "web.de", "yahoo.com", "yandex.ru", "yeah.net",
    }
)  # fmt: skip
#: Pairs listed at most.
PAIRS_SHOWN = 50


@dataclass(frozen=True)
class DuplicatePair:
    """A customer of the import and a known customer that may be the same company, and why."""

    customer: Customer
    other: Customer
    reason: str  # "name", "email" or "domain"
    value: str


def normalised_name(name: str) -> str:
    """``'ACME Co., Ltd.'`` → ``'acme'``; ``'宁波华强贸易有限公司'`` → ``'宁波华强贸易'``."""
    text = unicodedata.normalize("NFKC", name).lower()
    text = re.sub(r"[^\w\s]+", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    previous = None
    while previous != text:
        previous = text
        text = _LEGAL_FORM.sub("", text).strip()
    return text.replace(" ", "") or re.sub(r"\s+", "", name.lower())


def _emails(customer_ids: set[int]) -> dict[int, set[str]]:
    emails: dict[int, set[str]] = defaultdict(set)
    for customer_id, email in (
        Contact.objects.filter(customer_id__in=customer_ids)
        .exclude(email="")
        .values_list("customer_id", "email")
    ):
        emails[customer_id].add(email.strip().lower())
    return emails


def possible_duplicates(new: QuerySet[Customer], known: QuerySet[Customer]) -> list[DuplicatePair]:
    """Pairs (customer of ``new``, another customer of ``known``) that may be one company."""
    fresh = list(new.only("pk", "code", "name"))
    if not fresh:
        return []
    everyone = {c.pk: c for c in known.only("pk", "code", "name")}
    by_name: dict[str, list[Customer]] = defaultdict(list)
    for customer in everyone.values():
        by_name[normalised_name(customer.name)].append(customer)
    emails = _emails(set(everyone))
    by_email: dict[str, set[int]] = defaultdict(set)
    by_domain: dict[str, set[int]] = defaultdict(set)
    for customer_id, addresses in emails.items():
        for address in addresses:
            by_email[address].add(customer_id)
            domain = address.rpartition("@")[2]
            if domain and domain not in PUBLIC_MAIL:
                by_domain[domain].add(customer_id)
    pairs: list[DuplicatePair] = []
    seen: set[tuple[int, int]] = set()

    def add(customer: Customer, other_id: int, reason: str, value: str) -> None:
        key = (min(customer.pk, other_id), max(customer.pk, other_id))
        if other_id != customer.pk and key not in seen and other_id in everyone:
            seen.add(key)
            pairs.append(DuplicatePair(customer, everyone[other_id], reason, value))

    for customer in fresh:
        key = normalised_name(customer.name)
        for other in by_name.get(key, []):
            add(customer, other.pk, "name", key)
        for address in sorted(emails.get(customer.pk, ())):
            for other_id in sorted(by_email[address]):
                add(customer, other_id, "email", address)
            domain = address.rpartition("@")[2]
            for other_id in sorted(by_domain.get(domain, ())):
                add(customer, other_id, "domain", domain)
    return pairs[:PAIRS_SHOWN]


def batch_customers(batch_id: int) -> QuerySet[Customer]:
    """The customers of the orders an import batch wrote."""
    return Customer.objects.filter(
        pk__in=Order.objects.filter(import_batch_id=batch_id).values("customer_id")
    )
