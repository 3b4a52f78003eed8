"""The bundled corpus, found wherever newsdesk is installed."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["seed_paths"]


def _seed_folder() -> Path:
    try:
        return Path(str(resources.files("newsdesk_seeds")))
    except ModuleNotFoundError:  # running from a source checkout
        return Path(__file__).resolve().parent.parent / "seeds"


def seed_paths() -> list[Path]:
    """The bundled seed articles, sorted by name."""
    return sorted(p for p in _seed_folder().glob("*.txt") if p.is_file())
