"""Facts in the store: extracted at ingest into the facts sidecar, kept current."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from newsdesk.store import Store
from newsdesk.store.derived import reset_caches
from newsdesk.store.facts import (
    FACTS_TABLE,
    corpus_ledger,
    ensure_facts,
    load_facts,
    people,
    quotes_by,
)
from newsdesk.store.facts import storage as facts_storage

EN, FR = "000_c83c607eafd10b0c", "001_90cf4035eb27f56b"


def _sidecar_rows(store: Store) -> list[dict[str, Any]]:
    rows, _lines = facts_storage.read_facts_file(store.sidecar_path(FACTS_TABLE))
    return list(rows.values())


def test_ingest_stores_one_row_per_article_beside_the_database(seeded_store: Store) -> None:
    rows = _sidecar_rows(seeded_store)
    assert sorted(r["doc"] for r in rows) == seeded_store.ids()
    assert all(r["error"] is None and r["facts"] for r in rows)
    # The database file itself does not carry them: opening it skips the facts.
    assert FACTS_TABLE not in orjson.loads(seeded_store.path.read_bytes())


def test_load_facts_filters_by_doc_and_kind(seeded_store: Store) -> None:
    everything = load_facts(seeded_store)
    rankings = load_facts(seeded_store, kinds=["ranking"])
    assert len(rankings) == 7 and all(f.kind == "ranking" for f in rankings)
    one = load_facts(seeded_store, doc="002_956a9e9d0dc31da8")
    assert {f.doc for f in one} == {"002_956a9e9d0dc31da8"}
    assert len(everything) == len({f.id for f in everything})


def test_names_are_canonical_across_the_corpus(seeded_store: Store) -> None:
    facts = load_facts(seeded_store, doc="003_9094b1ad625a1bb7", kinds=["person"])
    assert "Phạm Minh Chính" in {f.get("name") for f in facts}  # spelled "Pham Minh Chinh" there
    chinh = next(p for p in people(load_facts(seeded_store)) if p.name == "Phạm Minh Chính")
    assert chinh.docs == ["003_9094b1ad625a1bb7", "004_724a446758bcd638"]
    assert chinh.quotes == 7


def test_quotes_by_a_speaker_ignore_accents(seeded_store: Store) -> None:
    facts = load_facts(seeded_store)
    assert len(quotes_by(facts, "pham minh chinh")) == 7
    assert len(quotes_by(facts, "Bình")) == 1
    assert quotes_by(facts, "Nobody") == []


def test_the_corpus_ledger_uses_the_stored_pairs(seeded_store: Store) -> None:
    pair = {s.id: s.pair for s in seeded_store.summaries()}
    ledger = corpus_ledger(seeded_store)
    assert [g.label for g in ledger.conflicts] == [
        "E-Government Development Index · Việt Nam · 2024"
    ]
    if pair.get(EN) == FR:
        assert {d.right for d in ledger.discrepancies} == {FR}
    else:
        assert ledger.discrepancies == []


def test_a_changed_article_gets_new_facts(seeded_store: Store, tmp_path: Path) -> None:
    article = tmp_path / "new.txt"
    article.write_text(
        " date 2024-11-20 Việt Nam ranked 70th out of 193 in the e-Government Development Index.\n",
        encoding="utf-8",
    )
    seeded_store.ingest([article])
    assert [f.get("rank") for f in load_facts(seeded_store, doc="new")] == [70]
    article.write_text(
        " date 2024-11-20 Việt Nam ranked 72nd out of 193 in the e-Government Development Index.\n",
        encoding="utf-8",
    )
    seeded_store.ingest([article])
    assert [f.get("rank") for f in load_facts(seeded_store, doc="new")] == [72]
    seeded_store.remove(["new"])
    assert load_facts(seeded_store, doc="new") == []


def test_reading_the_facts_leaves_the_stored_rows_packed(
    seeded_store: Store, tmp_path: Path
) -> None:
    before = {r["doc"]: r["facts"] for r in _sidecar_rows(seeded_store)}
    facts = load_facts(seeded_store)
    quotes = [f for f in facts if f.kind == "quote"]
    assert quotes and all(f.get("quote") == f.text for f in quotes)  # unpacked in full
    persons = [f for f in facts if f.kind == "person" and f.get("name_span")]
    assert persons and all(f.get("surface") for f in persons)
    # The next save writes every other article's row as it was read: still packed.
    article = tmp_path / "new.txt"
    article.write_text(" date 2024-11-20 Hà Nội hosted 24 forums.\n", encoding="utf-8")
    seeded_store.ingest([article])
    after = {r["doc"]: r["facts"] for r in _sidecar_rows(seeded_store)}
    assert {doc: after[doc] for doc in before} == before


def test_a_database_without_facts_gets_them_on_first_use(seeded_store: Store) -> None:
    seeded_store.sidecar_path(FACTS_TABLE).unlink()
    assert ensure_facts(seeded_store) == 5
    assert ensure_facts(seeded_store) == 0
    assert len(load_facts(seeded_store, kinds=["ranking"])) == 7


def test_a_damaged_facts_file_is_extracted_again(seeded_store: Store) -> None:
    seeded_store.sidecar_path(FACTS_TABLE).write_bytes(b'{"000_c83c607eafd10b0c": [trunc')
    assert ensure_facts(seeded_store) == 5
    assert len(load_facts(seeded_store, kinds=["ranking"])) == 7


def test_facts_of_the_old_table_are_used_and_moved_out(seeded_store: Store, tmp_path: Path) -> None:
    path = seeded_store.sidecar_path(FACTS_TABLE)
    rows = _sidecar_rows(seeded_store)
    path.unlink()
    seeded_store.table(FACTS_TABLE).insert_multiple(rows)  # a database from before the sidecar
    assert ensure_facts(seeded_store) == 0
    assert len(load_facts(seeded_store, kinds=["ranking"])) == 7
    article = tmp_path / "new.txt"
    article.write_text("Việt Nam ranked 70th out of 193 in the index.\n", encoding="utf-8")
    seeded_store.ingest([article])
    assert FACTS_TABLE not in orjson.loads(seeded_store.path.read_bytes())
    assert sorted(r["doc"] for r in _sidecar_rows(seeded_store)) == seeded_store.ids()


def test_a_rule_error_does_not_stop_an_ingest(
    seeded_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(article: object) -> list[object]:
        raise RuntimeError("rule bug")

    monkeypatch.setattr(facts_storage, "extract_article", broken)
    article = tmp_path / "odd.txt"
    article.write_text("Nothing to see.\n", encoding="utf-8")
    report = seeded_store.ingest([article])
    assert report.added == ["odd"]
    row = next(r for r in _sidecar_rows(seeded_store) if r["doc"] == "odd")
    assert row["facts"] == [] and "rule bug" in row["error"]


def test_read_only_store_extracts_without_saving(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.ensure_seeded()
        store.sidecar_path(FACTS_TABLE).unlink()
    with Store.open(db_path, read_only=True) as store:
        assert len(load_facts(store, kinds=["ranking"])) == 7
        assert not store.sidecar_path(FACTS_TABLE).exists()


def _spans(facts: list[Any]) -> list[tuple[str, int, int, int]]:
    return sorted((f.kind, f.para, f.start, f.end) for f in facts)


def test_one_articles_facts_come_without_reading_the_corpus(seeded_store: Store) -> None:
    from newsdesk.store.facts import article_facts

    reset_caches()
    quick = article_facts(seeded_store, "003_9094b1ad625a1bb7")
    assert facts_storage._cache == {}  # the corpus's facts were not gathered for it
    full = load_facts(seeded_store, doc="003_9094b1ad625a1bb7")
    assert quick and _spans(quick) == _spans(full)
    # Once the corpus is read, the quick answer is the canonical one.
    again = article_facts(seeded_store, "003_9094b1ad625a1bb7")
    assert [f.get("name") for f in again] == [f.get("name") for f in full]
    assert "Phạm Minh Chính" in {f.get("name") for f in again}


def test_one_articles_facts_do_not_read_the_facts_file(seeded_store: Store) -> None:
    from newsdesk.store.errors import UnknownId
    from newsdesk.store.facts import article_facts

    expected = _spans(load_facts(seeded_store, doc=FR))
    seeded_store.sidecar_path(FACTS_TABLE).write_bytes(b"damaged")
    reset_caches()
    assert _spans(article_facts(seeded_store, FR[:6])) == expected  # by a unique prefix too
    with pytest.raises(UnknownId):
        article_facts(seeded_store, "no-such-article")


def _write_article(tmp_path: Path, name: str, text: str) -> Path:
    article = tmp_path / f"{name}.txt"
    article.write_text(f" date 2024-11-20 {text}\n", encoding="utf-8")
    return article


def test_a_small_ingest_appends_its_rows_to_the_facts_file(
    seeded_store: Store, tmp_path: Path
) -> None:
    path = seeded_store.sidecar_path(FACTS_TABLE)
    before = path.read_bytes()
    seeded_store.ingest(
        [
            _write_article(
                tmp_path,
                "new",
                "Việt Nam ranked 70th out of 193 in the e-Government Development Index.",
            )
        ]
    )
    after = path.read_bytes()
    assert after.startswith(before) and after.count(b"\n") == before.count(b"\n") + 1
    seeded_store.remove(["new"])
    assert path.read_bytes().endswith(b'{"doc":"new","gone":true}\n')
    reset_caches()
    assert sorted(r["doc"] for r in _sidecar_rows(seeded_store)) == seeded_store.ids()
    assert ensure_facts(seeded_store) == 0


def test_a_torn_last_line_costs_only_its_article(seeded_store: Store, tmp_path: Path) -> None:
    path = seeded_store.sidecar_path(FACTS_TABLE)
    seeded_store.ingest(
        [
            _write_article(
                tmp_path,
                "one",
                "Việt Nam ranked 70th out of 193 in the e-Government Development Index.",
            )
        ]
    )
    with path.open("ab") as f:  # an append cut short by a crash
        f.write(b'{"doc":"one","sha256":"')
    reset_caches()
    seeded_store.ingest([_write_article(tmp_path, "two", "Hà Nội hosted 24 forums.")])
    reset_caches()
    assert {r["doc"] for r in _sidecar_rows(seeded_store)} == set(seeded_store.ids())
    assert ensure_facts(seeded_store) == 0
    assert [f.get("rank") for f in load_facts(seeded_store, doc="one")] == [70]


def test_a_facts_file_of_the_earlier_layout_is_read(seeded_store: Store) -> None:
    path = seeded_store.sidecar_path(FACTS_TABLE)
    rows = {r["doc"]: r for r in _sidecar_rows(seeded_store)}
    path.write_bytes(orjson.dumps(rows))  # one object {doc: row}, as before
    reset_caches()
    assert ensure_facts(seeded_store) == 0
    assert len(load_facts(seeded_store, kinds=["ranking"])) == 7


def test_a_facts_file_of_mostly_replaced_lines_is_written_whole(
    seeded_store: Store, tmp_path: Path
) -> None:
    path = seeded_store.sidecar_path(FACTS_TABLE)
    article = tmp_path / "new.txt"
    for rank in range(70, 100):
        article.write_text(
            f" date 2024-11-20 Việt Nam ranked {rank}th of 193 in the Development Index.\n",
            encoding="utf-8",
        )
        seeded_store.ingest([article])
    assert path.read_bytes().count(b"\n") == 6 + 29
    assert [f.get("rank") for f in load_facts(seeded_store, doc="new")] == [99]
    assert path.read_bytes().count(b"\n") == 6  # written whole when read
    assert [r["doc"] for r in _sidecar_rows(seeded_store)] == seeded_store.ids()


def test_an_ingest_stores_facts_in_chunks_as_they_are_prepared(
    db_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsdesk.store.derived as store_derived

    chunks: list[list[str]] = []
    append = facts_storage._append

    def spy(store: Store, rows: list[dict[str, Any]], drop: Any = ()) -> None:
        chunks.append([r["doc"] for r in rows])
        append(store, rows, drop)

    monkeypatch.setattr(store_derived, "EARLY_CHUNK", 2)
    monkeypatch.setattr(facts_storage, "_append", spy)
    with Store.open(db_path) as s:
        s.ingest([seeds_dir])
        assert [len(c) for c in chunks if c] == [2, 2, 1]
        assert sorted(d for c in chunks for d in c) == s.ids()
        assert [r["doc"] for r in _sidecar_rows(s)] == s.ids()  # one line each
        assert s.sidecar_path(FACTS_TABLE).read_bytes().count(b"\n") == 5
        assert ensure_facts(s) == 0
