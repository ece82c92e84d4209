"""Laoke Audit log app."""
