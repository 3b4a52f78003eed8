"""Facts and pairing features as rows on the server (store.pg.rows): a small ingest
writes the rows of its articles only, each client's facts file follows them by
appending, and an archive of schema 4 (whole shared files) becomes rows."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson
import psycopg
import pytest

from newsdesk.store import load_facts, open_store, stored_pairs
from newsdesk.store.pg.schema import SCHEMA, SCHEMA_VERSION
from newsdesk.store.sidecars import FACTS, reset_caches

# bench/ is part of the checkout, not of the installed package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.corpus import generate_corpus


def _facts(store: object) -> list[tuple[str, str, int, int, str]]:
    return sorted((f.doc, f.kind, f.para, f.start, f.text) for f in load_facts(store))  # type: ignore[arg-type]


def _split_seeds(seeds_dir: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The articles of a folder (the seeds, a generated corpus) as two folders: all but
    the last, and the last."""
    first, last = tmp_path / "first", tmp_path / "last"
    first.mkdir()
    last.mkdir()
    files = sorted(seeds_dir.glob("*.txt"))
    for f in files[:-1]:
        shutil.copy(f, first / f.name)
    shutil.copy(files[-1], last / files[-1].name)
    return first, last


def test_adding_an_article_writes_its_rows_and_a_client_appends_them(
    pg_url: str, tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, last = _split_seeds(seeds_dir, tmp_path)
    with open_store(tmp_path / "file.json") as local:  # the same articles in a file store
        local.ingest([seeds_dir])
        expected = _facts(local)
        expected_pairs = stored_pairs(local)
    reset_caches()
    monkeypatch.setenv("NEWSDESK_PG_CACHE", str(tmp_path / "writer"))
    with open_store(pg_url) as writer:
        writer.ingest([first])
    monkeypatch.setenv("NEWSDESK_PG_CACHE", str(tmp_path / "reader"))
    reset_caches()
    with open_store(pg_url, read_only=True) as reader:
        before = _facts(reader)
        copy = reader.sidecar_path(FACTS)
        held = copy.read_bytes()
    assert before and {f[0] for f in before} == {p.stem for p in first.glob("*.txt")}
    with psycopg.connect(pg_url) as conn:
        serial = conn.execute(f"SELECT max(serial) FROM {SCHEMA}.facts").fetchone()

    import newsdesk.store.align.pairing as pairing

    extracted: list[str] = []
    features = pairing.pair_features

    def counted(article: object) -> object:
        extracted.append(getattr(article, "id", ""))
        return features(article)  # type: ignore[arg-type]

    monkeypatch.setattr(pairing, "pair_features", counted)
    monkeypatch.setenv("NEWSDESK_PG_CACHE", str(tmp_path / "writer"))
    reset_caches()
    with open_store(pg_url) as writer:
        writer.ingest([last])
        assert stored_pairs(writer) == expected_pairs
    assert extracted == [p.stem for p in last.glob("*.txt")]  # no other article's features
    with psycopg.connect(pg_url) as conn:
        written = conn.execute(
            f"SELECT doc FROM {SCHEMA}.facts WHERE serial > %s", (serial[0] if serial else 0,)
        ).fetchall()
        files = conn.execute(f"SELECT count(*) FROM {SCHEMA}.files").fetchone()
    assert [w[0] for w in written] == [p.stem for p in last.glob("*.txt")]
    assert files == (0,)  # nothing is uploaded whole

    monkeypatch.setenv("NEWSDESK_PG_CACHE", str(tmp_path / "reader"))
    reset_caches()
    with open_store(pg_url, read_only=True) as reader:
        assert _facts(reader) == expected
        grown = reader.sidecar_path(FACTS).read_bytes()
    assert grown.startswith(held) and len(grown) > len(held)  # appended, not written again

    gone = sorted(p.stem for p in first.glob("*.txt"))[0]
    monkeypatch.setenv("NEWSDESK_PG_CACHE", str(tmp_path / "writer"))
    reset_caches()
    with open_store(pg_url) as writer:
        writer.remove([gone])
    monkeypatch.setenv("NEWSDESK_PG_CACHE", str(tmp_path / "reader"))
    reset_caches()
    with open_store(pg_url, read_only=True) as reader:
        assert _facts(reader) == [f for f in expected if f[0] != gone]
        last_line = reader.sidecar_path(FACTS).read_bytes().splitlines()[-1]
    assert orjson.loads(last_line) == {"doc": gone, "gone": True}


def _as_schema_4(pg_url: str) -> None:
    """Turn a schema-5 archive back into what schema 4 kept: the facts and pairing
    features as whole files in ``files`` (their layouts then), no rows."""
    with psycopg.connect(pg_url, autocommit=True) as conn:
        lines = [r[0] for r in conn.execute(f"SELECT line FROM {SCHEMA}.facts ORDER BY doc")]
        rows = [
            orjson.loads(r[0]) for r in conn.execute(f"SELECT line FROM {SCHEMA}.pairing_features")
        ]
        vocab = sorted({a for r in rows for a in r["anchors"]})
        number = {a: k for k, a in enumerate(vocab)}
        features = {
            r["id"]: {
                **{k: v for k, v in r.items() if k != "doc"},
                "anchors": [number[a] for a in r["anchors"]],
            }
            for r in rows
        }
        files = {
            "facts": "".join(f"{line}\n" for line in lines).encode(),
            "pairing.json": orjson.dumps({"layout": 2, "anchors": vocab, "features": features}),
        }
        for name, data in files.items():
            conn.execute(
                f"INSERT INTO {SCHEMA}.files VALUES (%s, 7, 0, %s), (%s, 7, 1, %s)",
                (name, data[:100], name, data[100:]),
            )
            conn.execute(f"INSERT INTO {SCHEMA}.file_heads VALUES (%s, 7, 2)", (name,))
        for statement in (
            "DROP TABLE {s}.facts",
            "DROP TABLE {s}.pairing_features",
            "DROP TABLE {s}.pairing_anchors",
            "DROP SEQUENCE {s}.row_serial",
            "DROP TABLE {s}.search_postings, {s}.search_ranges",  # schema 6's
            "DROP SEQUENCE {s}.search_parts",
            # schema 7 dropped the words as an indexed array
            "ALTER TABLE {s}.search_passages ADD COLUMN terms text[]",
            "UPDATE {s}.search_passages SET terms = string_to_array(words, ' ')",
            "CREATE INDEX search_passages_terms ON {s}.search_passages USING gin (terms)",
            "UPDATE {s}.schema_version SET version = 4",
        ):
            conn.execute(statement.format(s=SCHEMA))  # type: ignore[arg-type]


def test_an_archive_of_schema_4_moves_its_shared_files_into_rows(
    pg_url: str, tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsdesk.store.align.pairing as pairing
    import newsdesk.store.facts.storage as facts_storage

    with open_store(pg_url) as store:
        store.ingest([seeds_dir])
        expected, pairs = _facts(store), stored_pairs(store)
    _as_schema_4(pg_url)
    monkeypatch.setenv("NEWSDESK_PG_CACHE", str(tmp_path / "other"))
    reset_caches()
    with pytest.raises(Exception, match="open it once for writing"):
        open_store(pg_url, read_only=True)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("extracted again instead of moved")

    monkeypatch.setattr(facts_storage, "facts_row", refuse)
    monkeypatch.setattr(pairing, "pair_features", refuse)
    with open_store(pg_url) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert _facts(store) == expected
        from newsdesk.store.align.storage import update_pairs

        found = update_pairs(store)  # found again from the moved features
        assert [(p.left, p.right, round(p.confidence, 3)) for p in found] == [
            (p.left, p.right, p.confidence) for p in pairs
        ]
    with psycopg.connect(pg_url) as conn:
        counts = conn.execute(
            f"SELECT (SELECT count(*) FROM {SCHEMA}.facts), "
            f"(SELECT count(*) FROM {SCHEMA}.pairing_features), "
            f"(SELECT count(*) FROM {SCHEMA}.files), "
            f"(SELECT count(*) FROM {SCHEMA}.meta WHERE key = 'rows_from_files')"
        ).fetchone()
    assert counts == (5, 5, 0, 0)


@pytest.mark.parametrize("rare", [None, 0])
def test_pairs_after_small_ingests_match_the_file_store_reading_only_what_they_need(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rare: int | None
) -> None:
    """Adding articles a few at a time (dated, undated, translations whose original is
    already in) pairs them as the file store does, which weighs anchors over every
    article's features; the server's archive reads the features it scores only. With
    no anchor rare, every count that moves goes through the pairs' bounds' drift."""
    from newsdesk.store.pg.rows import FeatureRows

    if rare is not None:
        monkeypatch.setattr("newsdesk.store.align.bounds.RARE_ANCHOR", rare)

    corpus = tmp_path / "corpus"
    files = generate_corpus(60, corpus, seed=3)  # file 10k + 9 translates file 10k + 8
    for path in (files[49], files[59]):  # without a date: candidates by rare anchors
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(text.splitlines()[0] + "\n", "", 1), encoding="utf-8")
    later = [[19], [29, 39], [49], [58, 59]]  # translations whose original is in already
    first = [f for n, f in enumerate(files) if all(n not in step for step in later)]
    steps = [first, *[[files[n] for n in step] for step in later]]
    folders = []
    for n, step in enumerate(steps):
        folder = tmp_path / f"step{n}"
        folder.mkdir()
        for path in step:
            shutil.copy(path, folder / path.name)
        folders.append(folder)
    with open_store(tmp_path / "file.json") as local, open_store(pg_url) as server:
        for n, folder in enumerate(folders):
            if n == 1:  # from now on, small ingests: the whole features are never read

                def refuse(self: FeatureRows) -> None:
                    raise AssertionError("every article's features were read")

                monkeypatch.setattr(FeatureRows, "all", refuse)
            local.ingest([folder])
            server.ingest([folder])
            assert stored_pairs(server) == stored_pairs(local), folder.name
        assert len(stored_pairs(server)) >= 5
        removed = [p.stem for p in files[50:52]]
        local.remove(removed)
        server.remove(removed)
        assert stored_pairs(server) == stored_pairs(local)


def test_adding_one_article_reads_the_features_of_the_pairs_it_can_move_only(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding an article scores again only the stored pairs whose bound no longer holds:
    most paired articles' features stay unread, and the pairs are still those the file
    store finds scoring every pair again. (In a few hundred articles most anchors are
    rarer than a large archive's rare ones: the limit is lowered to match.)"""
    from newsdesk.store.pg.rows import FeatureRows

    monkeypatch.setattr("newsdesk.store.align.bounds.RARE_ANCHOR", 8)

    generate_corpus(301, tmp_path / "corpus", seed=5)
    first, last = _split_seeds(tmp_path / "corpus", tmp_path)
    read: set[str] = set()
    of = FeatureRows.of

    def recording(self: FeatureRows, ids: Iterable[str]) -> list[dict[str, Any]]:
        ids = set(ids)
        read.update(ids)
        return of(self, ids)

    with open_store(tmp_path / "file.json") as local, open_store(pg_url) as server:
        for store in (local, server):
            store.ingest([first])
        paired = {d for p in stored_pairs(server) for d in (p.left, p.right)}
        assert len(paired) >= 40
        monkeypatch.setattr(FeatureRows, "of", recording)
        for store in (local, server):
            store.ingest([last])
        assert stored_pairs(server) == stored_pairs(local)
    assert len(read & paired) < len(paired) // 4


def test_a_clients_copy_mostly_replaced_is_written_whole_again(
    pg_url: str, tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = sorted(p.stem for p in seeds_dir.glob("*.txt"))
    with open_store(pg_url) as writer:
        writer.ingest([seeds_dir])
        expected = _facts(writer)
    monkeypatch.setenv("NEWSDESK_PG_CACHE", str(tmp_path / "reader"))
    sizes = []
    for _ in range(6):  # each round: a new line for every article (its latest row)
        reset_caches()
        with open_store(pg_url, read_only=True) as reader:
            assert _facts(reader) == expected
            sizes.append(len(reader.sidecar_path(FACTS).read_bytes().splitlines()))
        monkeypatch.setenv("NEWSDESK_PG_CACHE", str(tmp_path / "writer"))
        with open_store(pg_url) as writer:
            writer.remove(ids)
            writer.ingest([seeds_dir])
        monkeypatch.setenv("NEWSDESK_PG_CACHE", str(tmp_path / "reader"))
    assert sizes[:5] == [5, 10, 15, 20, 25]  # appended
    assert sizes[5] == 5  # 30 lines for 5 rows: built again from the rows


def test_an_archive_of_schema_7_keeps_its_pairs_bounds_from_its_next_write(
    pg_url: str, tmp_path: Path
) -> None:
    """Version 8 adds the pairs' bounds: an archive without them scores every pair at its
    next small write, as before, pairs as the file store does, and keeps their bounds."""
    generate_corpus(41, tmp_path / "corpus", seed=4)
    first, last = _split_seeds(tmp_path / "corpus", tmp_path)
    with open_store(pg_url) as server:
        server.ingest([first])
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"DROP TABLE {SCHEMA}.pair_bounds")
        conn.execute(f"UPDATE {SCHEMA}.schema_version SET version = 7")
    with open_store(tmp_path / "file.json") as local, open_store(pg_url) as server:
        assert server.schema_version() == SCHEMA_VERSION
        assert server.pairing_rows().bounds() == {}
        for store in (local, server):
            store.ingest([first])
            store.ingest([last])
        pairs = stored_pairs(server)
        assert pairs == stored_pairs(local)
        bounds = server.pairing_rows().bounds()
        assert bounds and set(bounds) <= {(p.left, p.right) for p in pairs}
        assert all(
            bounds[key].score == pytest.approx(p.confidence, abs=5e-4)
            for p in pairs
            if (key := (p.left, p.right)) in bounds
        )


def _indexes(url: str) -> dict[str, str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s", (SCHEMA,)
        ).fetchall()
    return {str(name): str(definition) for name, definition in rows}


def test_an_archive_of_schema_8_reads_its_files_and_features_shas_from_covering_indexes(
    pg_url: str, seeds_dir: Path, tmp_path: Path
) -> None:
    """Version 9 puts what every write reads whole (each article's file, id and sha256;
    each features row's sha256) in narrow indexes holding those columns, in place of
    the file's own; a new archive has the same; writes and reads go on as before."""
    with open_store(pg_url) as server:
        server.ingest([seeds_dir])
        files = server.known_files()
    made = _indexes(pg_url)
    assert "INCLUDE (id, sha256)" in made["articles_files"]
    assert "INCLUDE (sha)" in made["pairing_features_shas"]
    assert "articles_file" not in made
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"DROP INDEX {SCHEMA}.articles_files")
        conn.execute(f"DROP INDEX {SCHEMA}.pairing_features_shas")
        conn.execute(f"CREATE INDEX articles_file ON {SCHEMA}.articles (file)")
        conn.execute(f"UPDATE {SCHEMA}.schema_version SET version = 8")
    reset_caches()
    extra = tmp_path / "extra"
    extra.mkdir()
    shutil.copy(sorted(seeds_dir.glob("*.txt"))[0], extra / "again.txt")
    with open_store(pg_url) as server, open_store(tmp_path / "file.json") as local:
        assert server.schema_version() == SCHEMA_VERSION == 9
        assert _indexes(pg_url) == made
        assert server.known_files() == files
        for store in (local, server):
            store.ingest([seeds_dir])
            store.ingest([extra])
        assert stored_pairs(server) == stored_pairs(local)
        assert server.pairing_rows().shas() == {
            doc: sha for doc, sha in server.known_files().values()
        }


def test_a_pair_kept_by_its_bound_that_loses_an_article_frees_the_other(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new copy of a paired translation, its id first, takes the pair from the
    translation whose pair's score was taken from its bound; the pairs are the file
    store's."""
    monkeypatch.setattr("newsdesk.store.align.bounds.RARE_ANCHOR", 0)
    files = generate_corpus(40, tmp_path / "corpus", seed=3)
    first = tmp_path / "first"
    first.mkdir()
    for path in files:
        shutil.copy(path, first / path.name)
    with open_store(tmp_path / "file.json") as local, open_store(pg_url) as server:
        for store in (local, server):
            store.ingest([first])
        pair = stored_pairs(server)[0]
        copy = tmp_path / "copy"
        copy.mkdir()
        shutil.copy(next(p for p in files if p.stem == pair.right), copy / "0.txt")
        # The copy's anchors are the translation's: let the drift they add keep the bound.
        monkeypatch.setattr("newsdesk.store.pg.rows.anchor_drift", lambda before, after: 0.0)
        for store in (local, server):
            store.ingest([copy])
        assert (pair.left, "0") in {(p.left, p.right) for p in stored_pairs(server)}
        assert stored_pairs(server) == stored_pairs(local)
