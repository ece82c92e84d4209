"""Laoke Cadence app."""
