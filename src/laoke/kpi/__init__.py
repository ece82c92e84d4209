"""Laoke KPIs app."""
