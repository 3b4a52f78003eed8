"""``newsdesk copy``: an archive moves between the TinyDB file and PostgreSQL, either way,
and every export reads the same after the trip."""

from __future__ import annotations

import sys
from pathlib import Path

import psycopg
import pytest

import newsdesk.store.facts.storage as facts_storage
import newsdesk.store.search.index as search_index
from newsdesk.store import open_store, stored_pairs
from newsdesk.store.sidecars import reset_caches
from newsdesk.tui.cli import main

# bench/ is part of the checkout, not of the installed package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.corpus import generate_corpus

EXPORTS = [
    ["export"],
    ["export", "--kind", "paragraphs", "--format", "csv"],
    ["export", "--kind", "pairs"],
    ["export", "--kind", "facts"],
    ["list", "--json"],
    ["compare", "000", "001"],
    ["search", "--json", "digital transformation"],
]


def _exports(target: Path | str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    reset_caches()  # as a new process would
    outputs = []
    for command in EXPORTS:
        assert main(["--db", str(target), *command]) == 0
        outputs.append(capsys.readouterr().out)
    return outputs


def _refuse(*args: object, **kwargs: object) -> None:
    raise AssertionError("derived again instead of fetched from the server")


def test_copy_there_and_back_loses_nothing(
    db_path: Path,
    pg_url: str,
    tmp_path: Path,
    seeds_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert main(["--db", str(db_path), "ingest", str(seeds_dir)]) == 0
    with open_store(db_path) as store:
        pairs = stored_pairs(store)
        assert pairs
    capsys.readouterr()
    before = _exports(db_path, capsys)

    assert main(["copy", str(db_path), pg_url]) == 0
    assert capsys.readouterr().out.startswith("5 articles copied")
    with open_store(pg_url) as store:
        assert stored_pairs(store) == pairs
    with psycopg.connect(pg_url) as conn:  # a bulk write: vacuumed, its statistics gathered
        tidied = conn.execute(
            "SELECT last_vacuum IS NOT NULL AND last_analyze IS NOT NULL FROM pg_stat_user_tables "
            "WHERE schemaname = 'newsdesk' AND relname = 'paragraphs'"
        ).fetchone()
    assert tidied == (True,)
    # The copy built the facts and the search index: another client fetches them.
    with monkeypatch.context() as patch:
        patch.setenv("NEWSDESK_PG_CACHE", str(tmp_path / "another-desk"))
        patch.setattr(facts_storage, "facts_row", _refuse)
        patch.setattr(search_index, "cut_article", _refuse)
        assert _exports(pg_url, capsys) == before

    back = tmp_path / "back" / "news.json"
    back.parent.mkdir()
    assert main(["copy", pg_url, str(back)]) == 0
    capsys.readouterr()
    assert _exports(back, capsys) == before
    assert all(out.strip() for out in before)


def test_copy_refuses_a_destination_that_holds_articles(
    db_path: Path, pg_url: str, seeds_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_store(db_path) as store:
        store.ingest([seeds_dir])
    with open_store(pg_url) as store:
        store.ingest([next(seeds_dir.glob("003_*.txt"))])
    assert main(["copy", str(db_path), pg_url]) == 2
    err = capsys.readouterr().err
    assert "already holds 1 articles" in err and err.count("\n") == 1
    with open_store(pg_url) as store:
        assert store.ids() == ["003_9094b1ad625a1bb7"]


def test_copy_refuses_the_same_archive_and_an_empty_source(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["copy", str(db_path), str(db_path)]) == 2
    assert "same archive" in capsys.readouterr().err
    assert main(["copy", str(db_path), str(tmp_path / "other.json")]) == 2
    assert "holds no articles" in capsys.readouterr().err


def test_a_copy_keeps_the_pairing_features_so_the_next_add_repairs_the_pairs(
    db_path: Path, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pairs are copied as they were, and every article's pairing features with them
    (on the server with the saturated pairs' bounds): the next small ingest, either way,
    repairs the pairs instead of extracting every article's features again, and pairs
    as the source does."""
    import newsdesk.store.align.storage as pairing_storage

    files = generate_corpus(41, tmp_path / "corpus", seed=4)
    first = tmp_path / "first"
    first.mkdir()
    for path in files[:-1]:
        (first / path.name).write_bytes(path.read_bytes())
    with open_store(db_path) as store:
        store.ingest([first])
    assert main(["copy", str(db_path), pg_url]) == 0
    back = tmp_path / "back" / "news.json"
    back.parent.mkdir()
    assert main(["copy", pg_url, str(back)]) == 0
    with open_store(pg_url) as server:
        rows = server.pairing_rows()
        assert rows.count() == len(files) - 1
        bounds = set(rows.bounds())
        assert bounds and bounds <= {(p.left, p.right) for p in stored_pairs(server)}
    extracted: list[str] = []
    real = pairing_storage.pair_features

    def counting(article: object) -> object:
        extracted.append(article.id)  # type: ignore[attr-defined]
        return real(article)  # type: ignore[arg-type]

    monkeypatch.setattr(pairing_storage, "pair_features", counting)
    last = tmp_path / "last"
    last.mkdir()
    (last / files[-1].name).write_bytes(files[-1].read_bytes())
    answers = []
    for target in (db_path, pg_url, back):
        extracted.clear()
        with open_store(target) as store:
            store.ingest([last])
            answers.append(stored_pairs(store))
        assert len(extracted) <= 1, target
    assert answers[0] == answers[1] == answers[2]
