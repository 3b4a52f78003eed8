"""The bundled corpus, found wherever newsdesk is installed."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["seed_paths"]


def seed_paths() -> list[Path]:
    """The bundled seed articles, sorted by name."""
    # ``newsdesk/seeds``: the installed copy, or in a checkout the link to ``seeds/``.
    entries = [Path(str(e)) for e in resources.files("newsdesk").joinpath("seeds").iterdir()]
    return sorted(p for p in entries if p.suffix == ".txt" and p.is_file())
