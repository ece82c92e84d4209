"""A value a caller did not give, where ``None`` already means "there is none"."""

from __future__ import annotations

import enum


class Unset(enum.Enum):
    """Not given by the caller (None means "there is none"): the callee reads it itself."""

    UNSET = enum.auto()


UNSET = Unset.UNSET
