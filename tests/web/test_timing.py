"""The Server-Timing header the load benchmark reads."""

from __future__ import annotations

import re

from django.test import Client


def test_every_response_says_how_long_the_app_took(client: Client, db: None) -> None:
    """It adds ``Server-Timing: app;dur=<ms>`` to pages, redirects included."""
    for path in ("/login/", "/customers/"):
        header = client.get(path)["Server-Timing"]
        assert re.fullmatch(r"app;dur=\d+\.\d", header), header
