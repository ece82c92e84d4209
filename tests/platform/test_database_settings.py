"""The database settings read from LAOKE_DATABASE_URL: what the URL names is kept, PostgreSQL's
kept plans are added to it (``LAOKE_DATABASE_PREPARE``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

_PRINT = (
    "import json; from django.conf import settings; "
    "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {}), sort_keys=True))"
)


def _options(url: str, **env: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {_PRINT}"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "laoke.project.settings",
            "LAOKE_DATABASE_URL": url,
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


URL = "postgres://laoke@db.example:5432/laoke?sslmode=verify-full&sslrootcert=/etc/ca.pem&connect_timeout=5"


def test_the_urls_options_are_kept_beside_the_kept_plans() -> None:
    """TLS checks and time-outs given in the URL still reach the driver (they were replaced)."""
    options = _options(URL)
    assert options["sslmode"] == "verify-full"
    assert options["sslrootcert"] == "/etc/ca.pem"
    assert options["connect_timeout"] == 5
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 2


@pytest.mark.parametrize("off", ["false", "0", "no"])
def test_kept_plans_can_be_turned_off_for_a_pooler(off: str) -> None:
    options = _options(URL, LAOKE_DATABASE_PREPARE=off)
    assert "server_side_binding" not in options and "prepare_threshold" not in options
    assert options["sslmode"] == "verify-full"
