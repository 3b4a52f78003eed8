"""One line of a check's result, as ``newsdesk doctor`` prints it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Finding", "Level"]

Level = Literal["ok", "warn", "fail"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One result line: ``ok``, ``warn`` (works, worth knowing) or ``fail``."""

    level: Level
    message: str
