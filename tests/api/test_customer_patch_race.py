"""PATCH /api/customers/{id} writes only the fields sent, never a stale copy of the others."""

from __future__ import annotations

from typing import Any

import pytest

from laoke.api.routers import customers as router
from laoke.customers.models import Customer
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_patch_keeps_the_owner_and_notes_changed_while_it_ran(
    people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A handover and a note stored after the PATCH read the customer are kept; the sent name is saved."""
    alpha = people["alpha"]
    real = router.customer_or_404

    def read_then_handed_over(user: Any, customer_id: int) -> Customer:
        customer = real(user, customer_id)
        Customer.objects.filter(pk=customer_id).update(owner=people["sales2"], notes="Handed over in May")
        return customer

    monkeypatch.setattr(router, "customer_or_404", read_then_handed_over)
    response = client_for(people["boss"]).patch(f"/customers/{alpha.pk}", {"name": "Alpha AG"})
    assert response.status_code == 200
    alpha.refresh_from_db()
    assert (alpha.name, alpha.owner, alpha.notes) == ("Alpha AG", people["sales2"], "Handed over in May")


def test_a_patch_of_the_owner_and_notes_saves_them(people: dict[str, Any]) -> None:
    """The fields sent, the owner included, are stored and the update time moves."""
    alpha = people["alpha"]
    before = Customer.objects.get(pk=alpha.pk).updated_at
    response = client_for(people["boss"]).patch(
        f"/customers/{alpha.pk}", {"owner": "sales2", "notes": "Key account"}
    )
    assert response.status_code == 200
    alpha.refresh_from_db()
    assert (alpha.owner, alpha.notes) == (people["sales2"], "Key account")
    assert alpha.updated_at > before
