"""Shared fixtures: the seed folder, a fresh database, a seeded store or database file."""

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


@pytest.fixture
def seeded_db(db_path: Path) -> Path:
    """``db_path`` holding the five seeds, closed: the database, its catalog and its
    search index are on disk, as an app launched on them finds them."""
    with Store.open(db_path) as store:
        store.ensure_seeded()
    return db_path
