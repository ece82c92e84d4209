"""The password hasher of the test run: Django's default algorithm with fewer rounds."""

from __future__ import annotations

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class FewRoundsPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2-SHA256 as in production (same ``pbkdf2_sha256$`` format, same checks), with 1,000 rounds
    instead of Django's 1,000,000: a third of a second of CPU per password made or checked was
    spent hundreds of times per test run. It verifies hashes of any round count (the count is
    stored in the hash). The production setting is checked by a test that restores it
    (``production_password_hashers``)."""

    iterations = 1_000
