"""Shared fixtures: the seed folder, a fresh database, a seeded store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from store import Store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database path in a fresh folder, also set as $NEWSDESK_DB."""
    path = tmp_path / "db" / "newsdesk.json"
    path.parent.mkdir()
    monkeypatch.setenv("NEWSDESK_DB", str(path))
    return path


@pytest.fixture
def seeded_store(db_path: Path) -> Iterator[Store]:
    """A store holding the five seed articles."""
    store = Store.open(db_path)
    store.ingest([SEEDS])
    yield store
    store.close()
