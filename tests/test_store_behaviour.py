"""What every store does, run against both: the TinyDB file and a real PostgreSQL.

Each test gets a new, empty archive (``archive``: a file path, then a database URL)
and opens it through :func:`store.open_store`, as the app and the commands do.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsdesk.store import (
    AmbiguousId,
    Store,
    UnknownId,
    load_facts,
    open_store,
    parse_file,
    search_store,
    stored_pairs,
)
from newsdesk.store.sidecars import reset_caches

QUERIES = [
    "digital transformation",
    "transfromation digitale",  # a typo
    "nguyen hoa binh",  # no accents
    "'gital",
    "'nam'",
    '"digital data"',
    "^prime",
    "taught$",
    "digital !economy",
    "economy | society lang:en",
    "rien n'est impossible kind:quote",
    "numérique lang:fr",
    "date:2024-11 digital",
    "doc:004 government",
    "kind:fact percent",
    "by:chinh",
]


def test_ingest_lists_every_seed_newest_first(store: Store) -> None:
    rows = store.summaries()
    assert len(rows) == len(store) == 5
    dates = [s.date or "" for s in rows]
    assert dates == sorted(dates, reverse=True)
    assert dates[-2:] == ["2023-10-10", ""]
    assert store.ids() == sorted(r.id for r in rows)


def test_show_round_trips_every_field(store: Store, seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        parsed = parse_file(path)
        stored = store.get(parsed.id)
        blank = {"file": "", "pair": None}
        assert stored.to_dict() | blank == parsed.to_dict() | blank
        assert stored.sha256 == parsed.sha256 == store.known_sha(parsed.id)


def test_ids_resolve_by_unique_prefix(store: Store) -> None:
    assert store.resolve("003") == "003_9094b1ad625a1bb7"
    assert store.get("004_7").id == "004_724a446758bcd638"
    with pytest.raises(AmbiguousId, match="ambiguous"):
        store.resolve("00")
    with pytest.raises(UnknownId, match="no article"):
        store.get("999")
    with pytest.raises(UnknownId, match="no article"):
        store.resolve("")


def test_reopened_archive_holds_the_same(store: Store, archive: Path | str) -> None:
    before = [a.to_dict() for a in store.articles()]
    generation = store.generation()
    store.close()
    reset_caches()
    with open_store(archive) as again:
        assert [a.to_dict() for a in again.articles()] == before
        assert again.generation() == generation > 0
        assert again.schema_version() is not None


def test_reingest_unchanged_changes_nothing(store: Store, seeds_dir: Path) -> None:
    generation = store.generation()
    before = [a.to_dict() for a in store.articles()]
    report = store.ingest([seeds_dir])
    assert (report.added, report.updated, len(report.unchanged)) == ([], [], 5)
    assert store.generation() == generation
    assert [a.to_dict() for a in store.articles()] == before


def test_changed_file_replaces_its_record(
    archive: Path | str, tmp_path: Path, seeds_dir: Path
) -> None:
    folder = tmp_path / "news"
    shutil.copytree(seeds_dir, folder)
    with open_store(archive) as store:
        assert len(store.ingest([folder]).added) == 5
        target = next(folder.glob("002_*.txt"))
        target.write_text(target.read_text().replace("number 71", "number 70"), encoding="utf-8")
        report = store.ingest([folder])
        assert report.updated == [target.stem]
        assert len(store) == 5
        assert "number 70 out of 193" in store.get("002").paragraph(3).text
        assert any("number 70" in h.text for h in search_store(store, "'number 70").hits)


def test_a_changed_article_that_stays_paired_keeps_its_partner_named(
    archive: Path | str, tmp_path: Path, seeds_dir: Path
) -> None:
    """Its record is written again; the pair it keeps is named on it and on its partner."""
    folder = tmp_path / "news"
    shutil.copytree(seeds_dir, folder)
    with open_store(archive) as store:
        store.ingest([folder])
        french = next(folder.glob("001_*.txt"))
        assert store.get("001").pair == store.resolve("000")
        french.write_text(french.read_text(encoding="utf-8") + "\nFin.\n", encoding="utf-8")
        assert store.ingest([folder]).updated == [french.stem]
        assert store.get("001").pair == store.resolve("000")
        assert store.get("000").pair == french.stem
        partner = {s.id: s.pair for s in store.summaries()}
        assert partner[french.stem] == store.resolve("000")


def test_same_name_in_two_folders_gets_two_ids(archive: Path | str, tmp_path: Path) -> None:
    for sub, word in (("a", "first"), ("b", "second")):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "story.txt").write_text(f"The {word} story is here.", encoding="utf-8")
    with open_store(archive) as store:
        assert len(store.ingest([tmp_path / "a", tmp_path / "b"]).added) == 2
        assert store.get("story").paragraphs[0].text == "The first story is here."
        other = next(i for i in store.ids() if i != "story")
        assert store.get(other).paragraphs[0].text == "The second story is here."


def test_one_file_beside_an_archive_is_known_by_its_path_its_name_and_its_text(
    archive: Path | str, tmp_path: Path, seeds_dir: Path
) -> None:
    """A file or two ingested into a larger archive is looked up by its path and by the
    id its name would take, not against every article: all four outcomes hold."""
    folder = tmp_path / "news"
    shutil.copytree(seeds_dir, folder)
    with open_store(archive) as store:
        assert len(store.ingest([folder]).added) == 5
        first = next(folder.glob("002_*.txt"))
        assert store.ingest([first]).unchanged == [first.stem]  # known by its path
        moved = tmp_path / "moved"
        moved.mkdir()
        shutil.copy(first, moved / first.name)  # the same text under another path
        assert store.ingest([moved / first.name]).unchanged == [first.stem]
        (moved / first.name).write_text("Another story under the same name.", encoding="utf-8")
        report = store.ingest([moved / first.name])  # the name's id is taken
        assert len(report.added) == 1 and report.added[0].startswith(f"{first.stem}~")
        first.write_text(first.read_text().replace("number 71", "number 70"), encoding="utf-8")
        assert store.ingest([first]).updated == [first.stem]  # its path keeps its id
        assert len(store) == 6
        assert "number 70 out of 193" in store.get(first.stem).paragraph(3).text


def test_a_translation_added_alone_is_paired(
    archive: Path | str, tmp_path: Path, seeds_dir: Path
) -> None:
    folder = tmp_path / "news"
    shutil.copytree(seeds_dir, folder)
    french = next(folder.glob("001_*.txt"))
    held = tmp_path / french.name
    french.rename(held)
    with open_store(archive) as store:
        store.ingest([folder])
        assert store.get("000").pair is None
        assert store.ingest([held]).added == [held.stem]
        assert store.get("000").pair == held.stem
        assert store.get(held.stem).pair == store.resolve("000")
        assert {(p.left, p.right) for p in stored_pairs(store)} >= {
            (store.resolve("000"), held.stem)
        }


def test_pairs_are_found_and_named_both_ways(store: Store) -> None:
    pairs = stored_pairs(store)
    assert ("000_c83c607eafd10b0c", "001_90cf4035eb27f56b") in {(p.left, p.right) for p in pairs}
    partner = {s.id: s.pair for s in store.summaries()}
    for pair in pairs:
        assert partner[pair.left] == pair.right and partner[pair.right] == pair.left
        assert store.get(pair.left).pair == pair.right


def test_facts_are_extracted_for_every_article(store: Store) -> None:
    facts = load_facts(store)
    assert {f.doc for f in facts} == set(store.ids())
    assert {"person", "quote", "date"} <= {f.kind for f in facts}
    one = load_facts(store, doc="002_956a9e9d0dc31da8")
    assert one and all(f.doc == "002_956a9e9d0dc31da8" for f in one)


def test_remove_drops_the_article_its_hits_and_its_pair(store: Store) -> None:
    assert any(h.doc == "001_90cf4035eb27f56b" for h in search_store(store, "numérique").hits)
    generation = store.generation()
    store.remove(["001_90cf4035eb27f56b"])
    assert len(store) == 4 and store.generation() > generation
    with pytest.raises(UnknownId):
        store.get("001")
    assert all(h.doc != "001_90cf4035eb27f56b" for h in search_store(store, "numérique").hits)
    assert store.get("000").pair is None
    assert all("001_90cf4035eb27f56b" not in (p.left, p.right) for p in stored_pairs(store))


def test_an_empty_archive_is_seeded_once(archive: Path | str) -> None:
    with open_store(archive) as store:
        assert store.is_empty()
        report = store.ensure_seeded()
        assert report is not None and len(report.added) == 5
        assert store.ensure_seeded() is None


def _answers(store: Store) -> list[list[tuple[str, int, float, str, tuple[tuple[int, int], ...]]]]:
    return [
        [(h.doc, h.para, round(h.score, 6), h.text, h.spans) for h in search_store(store, q).hits]
        for q in QUERIES
    ]


def test_both_stores_answer_every_query_alike(db_path: Path, pg_url: str, seeds_dir: Path) -> None:
    answers = []
    for target in (db_path, pg_url):
        reset_caches()
        with open_store(target) as store:
            store.ingest([seeds_dir])
            answers.append(_answers(store))
    assert answers[0] == answers[1]
    assert sum(1 for hits in answers[0] if hits) >= len(QUERIES) - 2  # the queries find things


def test_the_list_is_read_a_page_at_a_time_in_its_order(store: Store, tmp_path: Path) -> None:
    """Pages and positions follow :meth:`summaries`: newest first, ties and the undated by id."""
    stories = {
        "b-same.txt": "PARIS — Dated like another: the port opened on March 3, 2025.",
        "a-same.txt": "PARIS — The same day: the bridge opened on March 3, 2025.",
        "zz-undated.txt": "A story without a date, about the port.",
        "Aa-undated.txt": "Another story without a date, about the bridge.",
    }
    for name, text in stories.items():
        (tmp_path / name).write_text(text, "utf-8")
    store.ingest([tmp_path])
    rows = store.summaries()
    assert len(rows) == len(store) == 9
    for limit in (1, 2, 4, 9, 20):
        for offset in range(0, 11):
            assert store.summary_page(offset, limit) == rows[offset : offset + limit]
    assert [store.summary_position(r.id) for r in rows] == list(range(9))
    assert store.summary_position("no-such-id") is None
    assert store.summary_position(rows[0].id[:3]) is None  # exact ids only
    same_day = [r.id for r in rows if r.date == "2025-03-03"]
    assert same_day == sorted(same_day) and len(same_day) == 2
    undated = [r.id for r in rows if r.date is None]
    assert undated == sorted(undated) and len(undated) == 3


def test_changes_are_heard_on_a_server_and_polled_in_a_file(
    store: Store, archive: Path | str, tmp_path: Path
) -> None:
    """A server archive's listener hears another client's committed write; a file has none."""
    listener = store.changes()
    if isinstance(archive, Path):
        assert listener is None
        return
    assert listener is not None
    story = tmp_path / "late.txt"
    story.write_text("HÀ NỘI — A late story: the port opened on March 3, 2025.", "utf-8")
    try:
        assert not listener.wait(0.05)  # nothing written since it began to listen
        with open_store(archive) as other, pytest.raises(RuntimeError), other.batch():
            other.put([parse_file(story)])
            raise RuntimeError("rolled back")
        assert not listener.wait(0.2)  # a write rolled back says nothing
        with open_store(archive) as other:
            other.ingest([story])
        assert listener.wait(30)
    finally:
        listener.close()


def test_rows_of_some_articles_are_those_of_the_list(store: Store) -> None:
    rows = {row.id: row for row in store.summaries()}
    wanted = sorted(rows)[1:3]
    assert store.summaries_of([*wanted, "no-such-article"]) == [rows[i] for i in wanted]
