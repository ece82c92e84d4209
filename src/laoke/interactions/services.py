"""Recording touches with customers.

Plain functions with keyword-only arguments; the caller owns the transaction.
"""

from __future__ import annotations

from laoke.accounts.models import User
from laoke.customers.models import Customer
from laoke.interactions.models import Interaction

#: Kinds that come from the customer when the user does not say which way they went.
INBOUND_KINDS = frozenset({"email_in", "complaint"})


def log_interaction(*, interaction: Interaction, customer: Customer, user: User) -> Interaction:
    """Save a new interaction for the customer, recorded as made by the user."""
    interaction.customer = customer
    interaction.user = user
    if not interaction.direction:
        interaction.direction = "in" if interaction.kind in INBOUND_KINDS else "out"
    interaction.save()
    return interaction
