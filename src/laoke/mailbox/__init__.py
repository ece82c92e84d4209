"""Laoke Mailbox app."""
