"""The bundled corpus, found wherever newsdesk is installed."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["seed_paths"]


def seed_paths() -> list[Path]:
    """The bundled seed articles, sorted by name."""
    try:
        entries = [Path(str(e)) for e in resources.files("newsdesk_seeds").iterdir()]
    except (ModuleNotFoundError, NotADirectoryError):
        # A source checkout, or an editable install whose finder cannot list
        # a data-only package: the seeds sit beside ``store``.
        entries = list((Path(__file__).resolve().parent.parent / "seeds").iterdir())
    return sorted(p for p in entries if p.suffix == ".txt" and p.is_file())
