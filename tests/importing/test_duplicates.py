"""Possible duplicate customers: same normalised name, same contact e-mail, same company mail domain."""

from __future__ import annotations

import pytest

from laoke.customers.models import Contact, Customer
from laoke.importing.services.duplicates import normalised_name, possible_duplicates

pytestmark = pytest.mark.django_db


def test_legal_forms_case_and_punctuation_do_not_count() -> None:
    """Names that differ only by legal form, case, spaces or width are the same name."""
    assert normalised_name("ACME Co., Ltd.") == normalised_name("Acme GmbH") == "acme"
    assert normalised_name("宁波华强贸易有限公司") == normalised_name("宁波 华强贸易") == "宁波华强贸易"


def test_pairs_by_name_email_and_company_domain_but_not_public_mail() -> None:
    """A new customer pairs with a known one by name, shared address or company domain; gmail pairs nobody."""
    Customer.objects.create(code="K1", name="Acme GmbH")
    mail = Customer.objects.create(code="K2", name="Nordlicht AG")
    domain = Customer.objects.create(code="K3", name="Sol Trading")
    public = Customer.objects.create(code="K4", name="Someone")
    Contact.objects.create(customer=mail, name="Eva", email="eva@nordlicht.de")
    Contact.objects.create(customer=domain, name="Ana", email="ana@sol.es")
    Contact.objects.create(customer=public, name="Bob", email="bob@gmail.com")
    new = [
        Customer.objects.create(code="N1", name="ACME Ltd"),
        Customer.objects.create(code="N2", name="NL Import"),
        Customer.objects.create(code="N3", name="Sol Iberia"),
        Customer.objects.create(code="N4", name="Other"),
    ]
    Contact.objects.create(customer=new[1], name="Eva", email="Eva@Nordlicht.de")
    Contact.objects.create(customer=new[2], name="Luis", email="luis@sol.es")
    Contact.objects.create(customer=new[3], name="Tim", email="tim@gmail.com")
    fresh = Customer.objects.filter(code__startswith="N")
    pairs = {
        (p.customer.code, p.other.code, p.reason) for p in possible_duplicates(fresh, Customer.objects.all())
    }
    assert pairs == {("N1", "K1", "name"), ("N2", "K2", "email"), ("N3", "K3", "domain")}
