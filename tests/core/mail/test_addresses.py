"""Matching addresses to customers."""

from __future__ import annotations

from laoke.core.mail import AddressBook, domain_of, normalize_address
from laoke.core.mail.addresses import is_free_mail

CONTACTS = [
    (1, 10, "Anna@Hamburg-Tools.de"),
    (2, 20, "li.wei@qq.com"),
    (3, 30, "bob@acme.com"),
    (4, 40, "carol@acme.com"),  # acme.com belongs to two customers: ambiguous
    (5, 50, "buyer@globex.co.uk"),
]


def test_by_contact_address_case_insensitive() -> None:
    """A contact's address matches its customer and contact, whatever the case."""
    match = AddressBook(CONTACTS).match("<ANNA@hamburg-tools.de>")
    assert match is not None
    assert (match.customer_id, match.contact_id, match.by) == (1, 10, "address")


def test_by_domain() -> None:
    """An unknown person at a customer's own domain (or its subdomain) matches by domain."""
    book = AddressBook(CONTACTS)
    match = book.match("jens@hamburg-tools.de")
    assert match is not None
    assert (match.customer_id, match.contact_id, match.by) == (1, None, "domain")
    sub = book.match("x@sales.globex.co.uk")
    assert sub is not None and sub.customer_id == 5


def test_free_mail_matches_full_address_only() -> None:
    """At qq.com only the known contact matches; a stranger at qq.com matches nobody."""
    book = AddressBook(CONTACTS)
    known = book.match("li.wei@qq.com")
    assert known is not None and known.customer_id == 2
    assert book.match("stranger@qq.com") is None
    assert book.match("someone@vip.163.com") is None


def test_ambiguous_and_own_domains() -> None:
    """A domain shared by two customers, or our own domain, never matches by domain."""
    book = AddressBook([*CONTACTS, (6, 60, "ceo@laoke-export.cn")], own_domains=["laoke-export.cn"])
    assert book.match("new@acme.com") is None
    bob = book.match("bob@acme.com")
    assert bob is not None and bob.customer_id == 3
    assert book.match("colleague@laoke-export.cn") is None


def test_extra_customer_domains_and_helpers() -> None:
    """Domains the company records match too; helpers normalise addresses."""
    book = AddressBook([], customer_domains=[(7, "@Initech.com")])
    match = book.match("x@initech.com")
    assert match is not None and match.customer_id == 7
    assert book.match("no-at-sign") is None
    assert normalize_address(" <A@B.C> ") == "a@b.c"
    assert domain_of("a@B.C.") == "b.c"
    assert is_free_mail("gmail.com") and is_free_mail("vip.qq.com") and not is_free_mail("acme.com")
