"""Mailbox services: connect, sync, derive reply times, send."""
