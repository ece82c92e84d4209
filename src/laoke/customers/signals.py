"""What the customers app announces to the apps above it, so it never imports them.

Apps that keep rows per customer owner (retention's tasks) listen; the sender owns the transaction,
and a receiver's error rolls the change back with it.
"""

from __future__ import annotations

from django.dispatch import Signal

#: Sent after the owner of ``customer_ids`` became ``owner`` (``None``: the shared pool).
#: ``unassigned_only``: only work nobody holds follows the new owner (a customer taken from the pool).
owners_changed = Signal()

#: Sent (``kind=``: ``"score"``, ``"import"``) by a command that changed the book outside the job
#: queue (``laoke score``, ``laoke import``), once its writes are committed: the apps that keep
#: figures of the book build them ahead for the book it left, as after a job of that kind
#: (:data:`laoke.jobs.runner.job_done`; the web app's receiver serves both). Sent through
#: :func:`announce_book_changed`: a receiver's failure is logged, the command's work stands.
book_changed = Signal()


def announce_book_changed(kind: str) -> None:
    """Send :data:`book_changed`; log (not raise) a receiver's error: the book changed all the same."""
    import logging

    for receiver, result in book_changed.send_robust(sender=None, kind=kind):
        if isinstance(result, Exception):
            logging.getLogger(__name__).error(
                "after the book changed (%s): %r", kind, receiver, exc_info=result
            )
