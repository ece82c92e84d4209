"""Laoke REST API app."""
