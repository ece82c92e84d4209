"""Audit services: :func:`record` is what every other app calls."""

from laoke.audit.services.record import current_ip, record

__all__ = ["current_ip", "record"]
