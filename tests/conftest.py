"""Shared fixtures: the seed folder, a fresh database, a seeded store or database file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.store import Store, open_store

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


# -- PostgreSQL -------------------------------------------------------------------
@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of a PostgreSQL server for the tests.

    ``$NEWSDESK_TEST_PG`` (``.ci/run`` starts one), else a throwaway server started
    here when ``initdb`` is found (in a folder of its own: pytest takes the other
    users' access to its temporary folders back at each session, which would cut a
    server running as ``postgres`` off its data). Under CI (``$CI`` set) a server that does not
    answer fails the tests; elsewhere, with no PostgreSQL installed, they are skipped.
    """
    import os
    import shutil
    import tempfile

    import pg_server as server
    import psycopg

    url = os.environ.get("NEWSDESK_TEST_PG")
    folder = None
    if not url:
        if server.find_bin("initdb") is None:
            if os.environ.get("CI"):
                pytest.fail("CI: no PostgreSQL server ($NEWSDESK_TEST_PG unset, no initdb)")
            pytest.skip("no PostgreSQL here (set $NEWSDESK_TEST_PG or install postgresql)")
        folder = Path(tempfile.mkdtemp(prefix="newsdesk-test-pg-"))
        url = server.start(folder / "server")
    try:
        psycopg.connect(url, connect_timeout=10).close()
    except psycopg.Error as exc:
        message = f"PostgreSQL at $NEWSDESK_TEST_PG does not answer: {type(exc).__name__}"
        if os.environ.get("CI") or folder is not None:
            pytest.fail(message)
        pytest.skip(message)
    yield url
    if folder is not None:
        server.stop(folder / "server")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A URL to a new, empty database on the test server (dropped after the test); the
    archive's local cache of derived files goes in the test's folder."""
    import uuid

    import psycopg
    from psycopg import sql

    monkeypatch.setenv("NEWSDESK_PG_CACHE", str(tmp_path / "pg-cache"))
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    base, _, _ = pg_server.rpartition("/")
    yield f"{base}/{name}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture(params=["tinydb", "postgresql"])
def archive(request: pytest.FixtureRequest) -> Path | str:
    """Where a new, empty archive is: a TinyDB file, then a PostgreSQL database."""
    if request.param == "tinydb":
        path: Path = request.getfixturevalue("db_path")
        return path
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def store(archive: Path | str, seeds_dir: Path) -> Iterator[Store]:
    """An archive of each kind (``archive``) holding the five seeds, open."""
    opened = open_store(archive)
    opened.ingest([seeds_dir])
    yield opened
    opened.close()
