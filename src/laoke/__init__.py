"""Laoke (老客): keep and grow the existing customers of a B2B exporter."""

__version__ = "0.1.0"
