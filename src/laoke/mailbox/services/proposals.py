"""Proposed contacts: take one up as a contact of its customer, or dismiss it for good."""

from __future__ import annotations

from laoke.customers.models import Contact
from laoke.mailbox.models import ProposalStatusChoices, ProposedContact


def add_proposed_contact(*, proposal: ProposedContact) -> Contact:
    """Create the contact at the proposal's customer and close the proposal; later mail matches it."""
    contact = Contact.objects.create(
        customer=proposal.customer,
        name=proposal.name or proposal.email.split("@")[0],
        email=proposal.email,
    )
    proposal.status = ProposalStatusChoices.ADDED
    proposal.save(update_fields=["status"])
    return contact


def dismiss_proposal(*, proposal: ProposedContact) -> None:
    """Never propose this address for this customer again."""
    proposal.status = ProposalStatusChoices.DISMISSED
    proposal.save(update_fields=["status"])
