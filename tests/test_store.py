"""The TinyDB store: round trip, idempotent ingest, id prefixes, changed files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsdesk.store import AmbiguousId, Store, UnknownId, parse_file
from newsdesk.store.db import SCHEMA_VERSION


def test_round_trip_keeps_every_field(seeded_store: Store, seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        parsed = parse_file(path)
        stored = seeded_store.get(parsed.id)
        # The pair is found at ingest, after parsing; everything else is as parsed.
        blank = {"file": "", "pair": None}
        assert stored.to_dict() | blank == parsed.to_dict() | blank


def test_reopened_store_holds_the_same(seeded_store: Store, db_path: Path) -> None:
    before = [a.to_dict() for a in seeded_store.articles()]
    seeded_store.close()
    with Store.open(db_path) as again:
        assert [a.to_dict() for a in again.articles()] == before
        assert again.schema_version() == SCHEMA_VERSION


def test_ingest_twice_changes_nothing(seeded_store: Store, seeds_dir: Path, db_path: Path) -> None:
    content = db_path.read_bytes()
    report = seeded_store.ingest([seeds_dir])
    assert report.added == [] and report.updated == [] and len(report.unchanged) == 5
    assert db_path.read_bytes() == content


def test_changed_file_replaces_its_record(tmp_path: Path, db_path: Path, seeds_dir: Path) -> None:
    folder = tmp_path / "news"
    shutil.copytree(seeds_dir, folder)
    with Store.open(db_path) as store:
        assert len(store.ingest([folder]).added) == 5
        target = next(folder.glob("002_*.txt"))
        target.write_text(target.read_text().replace("number 71", "number 70"), encoding="utf-8")
        report = store.ingest([folder])
        assert report.updated == [target.stem]
        assert len(store) == 5
        assert "number 70 out of 193" in store.get("002").paragraph(3).text


def test_same_name_in_two_folders_gets_two_ids(tmp_path: Path, db_path: Path) -> None:
    for sub, word in (("a", "first"), ("b", "second")):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "story.txt").write_text(f"The {word} story is here.", encoding="utf-8")
    with Store.open(db_path) as store:
        report = store.ingest([tmp_path / "a", tmp_path / "b"])
        assert len(report.added) == 2
        assert store.get("story").paragraphs[0].text == "The first story is here."
        other = next(i for i in store.ids() if i != "story")
        assert store.get(other).paragraphs[0].text == "The second story is here."


def test_unique_prefix_resolves(seeded_store: Store) -> None:
    assert seeded_store.resolve("003") == "003_9094b1ad625a1bb7"
    assert seeded_store.get("004_7").id == "004_724a446758bcd638"


def test_ambiguous_and_unknown_prefixes(seeded_store: Store) -> None:
    with pytest.raises(AmbiguousId, match="ambiguous"):
        seeded_store.resolve("00")
    with pytest.raises(UnknownId, match="no article"):
        seeded_store.get("999")


def test_empty_store_is_seeded_once(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert store.is_empty()
        report = store.ensure_seeded()
        assert report is not None and len(report.added) == 5
        assert store.ensure_seeded() is None


def test_summaries_are_newest_first(seeded_store: Store) -> None:
    dates = [s.date or "" for s in seeded_store.summaries()]
    assert dates == sorted(dates, reverse=True)
    # The undated article (003) comes after every dated one.
    assert dates[-2:] == ["2023-10-10", ""]


def test_the_files_known_follow_each_change_as_a_fresh_read_finds_them(
    tmp_path: Path, db_path: Path, seeds_dir: Path
) -> None:
    from newsdesk.store.records import files_digest

    folder = tmp_path / "corpus"
    shutil.copytree(seeds_dir, folder)
    first = sorted(folder.glob("*.txt"))[0]

    def fresh() -> dict[str, tuple[str, str]]:
        with Store.open(db_path, read_only=True) as again:
            return again.known_files()

    with Store.open(db_path) as store:
        store.ingest([folder])
        assert store.known_files() == fresh()
        first.write_text(first.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
        before = store.files_fingerprint()
        store.ingest([first])  # its sha changes
        assert store.known_files() == fresh()
        assert store.files_fingerprint() == files_digest(fresh()) != before
        store.set_pairs({first.stem: None})
        store.remove([sorted(store.ids())[-1]])
        assert store.known_files() == fresh()
        assert store.files_fingerprint() == files_digest(fresh())
