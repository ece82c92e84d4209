"""The pure analytics core of Laoke.

Polars frames in, frames out; dates are passed in explicitly (``as_of``), never read from the
clock; no Django, no database, no file I/O. An import-linter contract enforces this.
"""
