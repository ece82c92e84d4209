"""Sharing a customer with a colleague (they see and work it beside the owner); audited."""

from __future__ import annotations

from laoke.accounts.models import User
from laoke.audit.models import AuditAction
from laoke.audit.services import record
from laoke.customers.models import Customer, CustomerShare


class SharingError(ValueError):
    """The share cannot be made (the message says why)."""


def may_share(user: User, customer: Customer) -> bool:
    """The owner, or a manager (who sees the customer), may share it."""
    return customer.owner_id == user.pk or user.is_manager


def share(*, customer: Customer, with_user: User, by: User) -> CustomerShare:
    """Share ``customer`` with ``with_user`` (idempotent)."""
    if not may_share(by, customer):
        raise SharingError("only the owner or a manager shares a customer")
    if with_user.pk == customer.owner_id:
        raise SharingError("the owner sees the customer already")
    if not (with_user.is_active and with_user.left_on is None):
        raise SharingError(f"{with_user.username} cannot log in")
    row, created = CustomerShare.objects.get_or_create(
        customer=customer, user=with_user, defaults={"shared_by": by}
    )
    if created:
        record(by, AuditAction.SHARE, target=f"customer {customer.code}", detail={"with": with_user.username})
    return row


def unshare(*, customer: Customer, with_user: User, by: User) -> int:
    """Stop sharing ``customer`` with ``with_user``; returns 1 when a share was removed."""
    if not may_share(by, customer):
        raise SharingError("only the owner or a manager shares a customer")
    deleted, _ = CustomerShare.objects.filter(customer=customer, user=with_user).delete()
    if deleted:
        record(
            by, AuditAction.SHARE, target=f"customer {customer.code}", detail={"removed": with_user.username}
        )
    return int(deleted)
