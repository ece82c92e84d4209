"""The ``laoke`` console script: Django management commands behind friendly names.

``laoke import orders FILE`` → ``import_data orders FILE``; ``laoke serve`` → ``runserver``
on ``LAOKE_PORT`` (default 8000); everything else passes straight through.
"""

from __future__ import annotations

import os
import sys

ALIASES = {"import": "import_data"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    if args and args[0] == "serve":
        host = os.environ.get("LAOKE_HOST", "127.0.0.1")
        port = os.environ.get("LAOKE_PORT", "8000")
        args = ["runserver", f"{host}:{port}", *args[1:]]
    from django.core.management import execute_from_command_line

    execute_from_command_line(["laoke", *args])


if __name__ == "__main__":
    main()
