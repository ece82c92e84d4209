"""What the customers app announces to the apps above it, so it never imports them.

Apps that keep rows per customer owner (retention's tasks) listen; the sender owns the transaction,
and a receiver's error rolls the change back with it.
"""

from __future__ import annotations

from django.dispatch import Signal

#: Sent after the owner of ``customer_ids`` became ``owner`` (``None``: the shared pool).
#: ``unassigned_only``: only work nobody holds follows the new owner (a customer taken from the pool).
owners_changed = Signal()
