"""The catalog beside the database: the article list, and the key of a current search index."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from newsdesk.store import Store
from newsdesk.store.catalog import catalog_path, catalog_search_key, read_catalog, read_listing
from newsdesk.store.derived import reset_caches
from newsdesk.store.search import index_from_catalog, load_index, search, search_index


def test_the_catalog_lists_the_articles_while_it_matches_the_database(
    seeded_store: Store,
) -> None:
    assert read_catalog(seeded_store.path) == seeded_store.summaries()
    # Any other change to the database file makes the catalog stale.
    with open(seeded_store.path, "ab") as f:
        f.write(b" ")
    assert read_catalog(seeded_store.path) is None
    assert catalog_search_key(seeded_store.path) is None


def test_search_answers_from_the_catalog_before_the_database_is_read(
    seeded_store: Store,
) -> None:
    path = seeded_store.path
    expected = search(seeded_store, "digital transformation", limit=10).hits
    reset_caches()
    index = index_from_catalog(path)
    assert index is not None
    early = search_index(index, "digital transformation", limit=10).hits
    assert [(h.doc, h.para, h.spans) for h in early] == [(h.doc, h.para, h.spans) for h in expected]
    # The store, once open, takes that index over instead of reading the file again.
    reopened = Store.open(path, read_only=True)
    try:
        assert load_index(reopened) is index
    finally:
        reopened.close()


def test_an_index_the_catalog_cannot_vouch_for_is_not_used(seeded_store: Store) -> None:
    reset_caches()
    # The articles change behind the index's back: the index on disk is out of date.
    seeded_store.set_meta("generation", seeded_store.generation() + 1)
    seeded_store.write_catalog()
    assert read_catalog(seeded_store.path) == seeded_store.summaries()
    assert catalog_search_key(seeded_store.path) is None
    assert index_from_catalog(seeded_store.path) is None


def test_an_index_replaced_after_the_catalog_was_written_is_not_used(
    seeded_store: Store,
) -> None:
    reset_caches()
    seeded_store.sidecar_path("search").write_bytes(b"not an index")
    assert catalog_search_key(seeded_store.path) is not None
    assert index_from_catalog(seeded_store.path) is None


def test_an_older_catalog_without_the_key_is_completed_by_the_next_ingest(
    seeded_store: Store, seeds_dir: Path
) -> None:
    path = catalog_path(seeded_store.path)
    data = orjson.loads(path.read_bytes())
    del data["search"]
    path.write_bytes(orjson.dumps(data))
    assert catalog_search_key(seeded_store.path) is None
    report = seeded_store.ingest([seeds_dir])
    assert not report.changed
    assert catalog_search_key(seeded_store.path) is not None


def test_a_catalog_of_rows_as_objects_is_still_read(seeded_store: Store) -> None:
    path = catalog_path(seeded_store.path)
    data = orjson.loads(path.read_bytes())
    assert data["fields"][0] == "id" and all(isinstance(r, list) for r in data["rows"])
    # As newsdesk wrote it before rows became lists.
    names = data.pop("fields")
    data["rows"] = [dict(zip(names, row, strict=True)) for row in data["rows"]]
    path.write_bytes(orjson.dumps(data))
    assert read_catalog(seeded_store.path) == seeded_store.summaries()


def test_a_catalog_with_rows_of_another_shape_is_not_used(seeded_store: Store) -> None:
    path = catalog_path(seeded_store.path)
    data = orjson.loads(path.read_bytes())
    good = data["rows"]
    data["rows"] = [row[:-1] for row in good]  # a field short
    path.write_bytes(orjson.dumps(data))
    assert read_catalog(seeded_store.path) is None
    data["rows"] = [[*row[:3], 12345, *row[4:]] for row in good]  # a title that is no text
    path.write_bytes(orjson.dumps(data))
    assert read_catalog(seeded_store.path) is None
    data["rows"] = [[*row[:5], [2024], *row[6:]] for row in good]  # nor a date
    path.write_bytes(orjson.dumps(data))
    assert read_catalog(seeded_store.path) is None


def test_the_store_lists_the_catalogs_rows_when_they_describe_the_file_it_read(
    seeded_db: Path, tmp_path: Path
) -> None:
    listing = read_listing(seeded_db)
    assert listing is not None
    with Store.open(seeded_db) as store:
        rows = store.summaries(listing)
        assert rows is listing.rows  # not built again
        assert rows == store.summaries()
    # Another process changes the database after the catalog was read.
    article = tmp_path / "late.txt"
    article.write_text(" date 2024-11-21 A late article.\n", encoding="utf-8")
    with Store.open(seeded_db) as other:
        other.ingest([article])
    with Store.open(seeded_db) as store:
        rows = store.summaries(listing)
        assert rows is not listing.rows and "late" in {r.id for r in rows}


def test_removing_an_article_brings_every_derived_file_up_to_date(seeded_store: Store) -> None:
    from newsdesk.store.facts.storage import read_facts_file, stale_facts
    from newsdesk.store.search.index import index_key, saved_index_key

    gone = seeded_store.ids()[0]
    seeded_store.remove([gone])
    assert gone not in seeded_store.ids()
    assert read_catalog(seeded_store.path) == seeded_store.summaries()
    assert saved_index_key(seeded_store) == (
        seeded_store.generation(),
        index_key(seeded_store).fingerprint,
    )
    assert catalog_search_key(seeded_store.path) == saved_index_key(seeded_store)
    assert stale_facts(seeded_store) == []
    facts, _lines = read_facts_file(seeded_store.sidecar_path("facts"))
    assert gone not in facts and len(facts) == len(seeded_store)
    assert all(s.pair != gone for s in seeded_store.summaries())


def test_a_small_change_updates_the_catalogs_rows_as_a_whole_rebuild_would(
    seeded_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsdesk.store.derived as derived
    from newsdesk.store.catalog import write_catalog

    data = Path(__file__).parent / "data" / "align" / "rice"
    english, french = tmp_path / "rice-en.txt", tmp_path / "rice-fr.txt"
    english.write_bytes((data / "en.txt").read_bytes())
    french.write_bytes((data / "fr.txt").read_bytes())
    path = catalog_path(seeded_store.path)

    def rebuilt() -> object:
        saved = path.read_bytes()
        write_catalog(
            seeded_store.path,
            seeded_store.summaries(),
            search_key=catalog_search_key(seeded_store.path),
        )
        whole = path.read_bytes()
        path.write_bytes(saved)
        return orjson.loads(whole)

    def no_rebuild(*args: object, **kwargs: object) -> None:
        raise AssertionError("the catalog was rebuilt whole")

    monkeypatch.setattr(derived, "write_catalog", no_rebuild)
    seeded_store.ingest([english])  # a new article, first in the list (the newest)
    assert orjson.loads(path.read_bytes()) == rebuilt()
    seeded_store.ingest([french])  # its translation: the English row's pair changes too
    assert seeded_store.get("rice-en").pair == "rice-fr"
    assert orjson.loads(path.read_bytes()) == rebuilt()
    english.write_text(english.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    seeded_store.ingest([english])  # changed
    assert orjson.loads(path.read_bytes()) == rebuilt()
    seeded_store.remove(["rice-fr"])
    assert read_catalog(seeded_store.path) == seeded_store.summaries()
    assert orjson.loads(path.read_bytes()) == rebuilt()
    # A catalog that no longer matches the file before the write is rebuilt whole.
    path.write_bytes(b"{}")
    monkeypatch.undo()
    seeded_store.ingest([french])
    assert read_catalog(seeded_store.path) == seeded_store.summaries()
