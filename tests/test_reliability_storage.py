"""Atomic storage, backups, batching, corrupt files, concurrent stores and migrations."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import orjson
import pytest

import newsdesk.store.storage as storage_mod
from newsdesk.store import DatabaseError, Store, parse_file
from newsdesk.store.db import SCHEMA_VERSION
from newsdesk.store.migrate import migration_backup_path
from newsdesk.store.storage import backup_path, load_database_file, stale_temp_files, write_atomic


def _article(seeds_dir: Path, name: str, doc_id: str) -> object:
    path = next(seeds_dir.glob(f"{name}*.txt"))
    return parse_file(path, doc_id=doc_id)


# -- write_atomic -----------------------------------------------------------


def test_write_replaces_the_file_and_keeps_the_old_one_as_backup(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    write_atomic(db, b'{"a": {}}')
    assert not backup_path(db).exists()  # nothing to back up yet
    first_inode = db.stat().st_ino
    write_atomic(db, b'{"b": {}}')
    assert db.read_bytes() == b'{"b": {}}'
    assert backup_path(db).read_bytes() == b'{"a": {}}'
    assert db.stat().st_ino != first_inode  # a new file was renamed in, not rewritten
    write_atomic(db, b'{"c": {}}')
    assert backup_path(db).read_bytes() == b'{"b": {}}'
    assert stale_temp_files(db) == []


def test_write_keeps_the_file_permissions(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    write_atomic(db, b"{}")
    os.chmod(db, 0o640)
    write_atomic(db, b'{"x": {}}')
    assert stat.S_IMODE(db.stat().st_mode) == 0o640


def test_a_failed_rename_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "db.json"
    write_atomic(db, b'{"old": {}}')

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage_mod.os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(db, b'{"new": {}}', keep_backup=False)
    assert db.read_bytes() == b'{"old": {}}'
    assert stale_temp_files(db) == []


def test_a_store_write_failure_is_one_clear_error(
    db_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(db_path) as store:
        store.ingest([seeds_dir])
        before = db_path.read_bytes()

        def full_disk(path: Path, data: bytes, **options: Any) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(storage_mod, "write_atomic", full_disk)
        with pytest.raises(DatabaseError, match="No space left on device"):
            store.remove(["000_c83c607eafd10b0c"])
        monkeypatch.undo()
        assert db_path.read_bytes() == before
        assert "000_c83c607eafd10b0c" in store.ids()  # the failed change is not kept in memory


def test_leftover_temp_files_are_removed_by_the_next_write(db_path: Path, seeds_dir: Path) -> None:
    leftover = db_path.with_name(f".{db_path.name}.killed.tmp")
    leftover.write_bytes(b'{"half": ')
    with Store.open(db_path) as store:
        assert stale_temp_files(db_path) == [leftover]
        store.ingest([seeds_dir])
    assert stale_temp_files(db_path) == []


# -- batching ---------------------------------------------------------------


def test_one_ingest_is_one_file_write(
    db_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes: list[Path] = []
    real = storage_mod.write_atomic

    def counting(path: Path, data: bytes, **options: Any) -> None:
        writes.append(path)
        real(path, data, **options)

    monkeypatch.setattr(storage_mod, "write_atomic", counting)
    with Store.open(db_path) as store:
        report = store.ingest([seeds_dir])
        assert len(report.added) == 5
    # The database once; derived data (the facts) goes to its own file.
    assert [p.name for p in writes if p.name.startswith(db_path.name)] == [db_path.name]


def test_an_error_inside_a_batch_writes_nothing(db_path: Path, seeds_dir: Path) -> None:
    with Store.open(db_path) as store:
        store.ingest([seeds_dir])
        before = db_path.read_bytes()
        with pytest.raises(RuntimeError), store.batch():
            store.remove(["000_c83c607eafd10b0c", "001_90cf4035eb27f56b"])
            assert len(store) == 3
            raise RuntimeError("interrupted")
        assert db_path.read_bytes() == before
        assert len(store) == 5


def test_opening_a_new_database_creates_no_file(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert store.is_empty()
    assert not db_path.exists()


# -- corrupt files ----------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b'{"articles": {"1": {"id": "a", "ti', "not valid JSON"),
        (b"\x00\x00\x00\x00", "not valid JSON"),
        (b"[1, 2, 3]", "not a newsdesk database"),
        (b'{"articles": [1, 2]}', "not a newsdesk database"),
        (b'{"articles": {"1": "text"}}', "not a newsdesk database"),
    ],
)
def test_a_corrupt_database_is_named_and_never_overwritten(
    db_path: Path, seeds_dir: Path, content: bytes, what: str
) -> None:
    with Store.open(db_path) as store:
        store.ingest([seeds_dir])
        store.set_meta("note", "second write, so a backup exists")
    db_path.write_bytes(content)
    for read_only in (False, True):
        with pytest.raises(DatabaseError) as err:
            Store.open(db_path, read_only=read_only)
        message = str(err.value)
        assert what in message and str(db_path) in message
        assert str(backup_path(db_path)) in message and "doctor --restore" in message
    assert db_path.read_bytes() == content


def test_a_file_corrupted_under_an_open_store_is_not_written_over(
    db_path: Path, seeds_dir: Path
) -> None:
    with Store.open(db_path) as store:
        store.ingest([seeds_dir])
        db_path.write_bytes(b"garbage")
        with pytest.raises(DatabaseError, match="corrupt"):
            store.set_meta("x", 1)
    assert db_path.read_bytes() == b"garbage"


def test_load_database_file_reads_missing_as_empty_and_refuses_blank(tmp_path: Path) -> None:
    assert load_database_file(tmp_path / "missing.json") == ({}, None)
    for content, what in ((b"", "empty (0 bytes)"), (b" \n", "blank (only white space)")):
        blank = tmp_path / "blank.json"
        blank.write_bytes(content)
        with pytest.raises(DatabaseError, match=rf"is {re.escape(what)}; it was left untouched"):
            load_database_file(blank)


# -- several stores on one file ---------------------------------------------


def test_a_long_lived_store_never_overwrites_another_writer(db_path: Path, seeds_dir: Path) -> None:
    """TinyDB caches the next document id; a stale cache would overwrite documents."""
    first = Store.open(db_path)
    second = Store.open(db_path)
    try:
        first.put([_article(seeds_dir, "000", "a")])  # type: ignore[list-item]
        second.put([_article(seeds_dir, "001", "b"), _article(seeds_dir, "002", "c")])  # type: ignore[list-item]
        first.put([_article(seeds_dir, "003", "d")])  # type: ignore[list-item]
        second.put([_article(seeds_dir, "004", "e")])  # type: ignore[list-item]
    finally:
        first.close()
        second.close()
    with Store.open(db_path) as store:
        assert store.ids() == ["a", "b", "c", "d", "e"]
        assert store.generation() == 4


def test_a_reader_sees_another_process_write(db_path: Path, seeds_dir: Path) -> None:
    with Store.open(db_path) as writer, Store.open(db_path, read_only=True) as reader:
        assert reader.is_empty()
        writer.ingest([seeds_dir])
        assert len(reader) == 5
        with pytest.raises(DatabaseError, match="read-only"):
            reader.remove(["000_c83c607eafd10b0c"])


def test_a_lone_write_after_another_process_wrote_is_refused(
    db_path: Path, seeds_dir: Path
) -> None:
    with Store.open(db_path) as first, Store.open(db_path) as second:
        first.ingest([seeds_dir])
        stale = first.storage.read()
        assert stale is not None
        second.remove(["000_c83c607eafd10b0c"])
        after_second = db_path.read_bytes()
        with pytest.raises(DatabaseError, match="changed by another process"):
            first.storage.write(stale)
        assert db_path.read_bytes() == after_second


# -- migrations -------------------------------------------------------------

_V0 = {
    "articles": {
        "1": {
            "id": "old1",
            "file": "/archive/old1.txt",
            "title": "An old record",
            "paragraphs": [
                {"n": 1, "kind": "title", "text": "An old record"},
                {"n": 2, "kind": "body", "text": "Three words here."},
            ],
        }
    }
}


def test_a_version_0_file_is_migrated_on_open_and_the_original_kept(db_path: Path) -> None:
    original = orjson.dumps(_V0)
    db_path.write_bytes(original)
    with Store.open(db_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        article = store.get("old1")
        assert article.title == "An old record"
        # "An old record" + "Three words here.": title and body words, as the parser counts.
        assert article.words == 6 and article.credits == [] and article.pair is None
    assert migration_backup_path(db_path, 0).read_bytes() == original
    stored = orjson.loads(db_path.read_bytes())
    assert stored["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert stored["articles"]["1"]["lang"] == "und"


def test_a_version_1_file_gets_its_paragraphs_packed(db_path: Path, seeds_dir: Path) -> None:
    # Version 1 kept each article's paragraphs as a list of dicts.
    articles = [parse_file(p) for p in sorted(seeds_dir.glob("*.txt"))]
    records = {
        str(i): a.to_dict() | {"sha256": a.sha256, "extra": {}} for i, a in enumerate(articles, 1)
    }
    original = orjson.dumps({"articles": records, "meta": {"1": {"schema_version": 1}}})
    db_path.write_bytes(original)
    with Store.open(db_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert [a.to_dict() for a in store.articles()] == [a.to_dict() for a in articles]
    assert migration_backup_path(db_path, 1).read_bytes() == original
    stored = orjson.loads(db_path.read_bytes())["articles"]
    assert all("body" in r and "paragraphs" not in r for r in stored.values())
    assert db_path.stat().st_size < len(original) * 0.75


def test_a_read_only_open_migrates_in_memory_only(db_path: Path) -> None:
    original = orjson.dumps(_V0)
    db_path.write_bytes(original)
    with Store.open(db_path, read_only=True) as store:
        assert store.get("old1").credits == []
        assert store.schema_version() == SCHEMA_VERSION
    assert db_path.read_bytes() == original


def test_a_newer_schema_is_refused(db_path: Path) -> None:
    content = orjson.dumps({"meta": {"1": {"schema_version": 99}}, "articles": {}})
    db_path.write_bytes(content)
    with pytest.raises(DatabaseError, match="schema version 99"):
        Store.open(db_path)
    assert db_path.read_bytes() == content


def test_each_migration_step_runs_in_order(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import newsdesk.store.db as store_db
    import newsdesk.store.migrate as store_migrate

    def next_step(tables: dict[str, dict[str, object]]) -> dict[str, dict[str, object]]:
        for record in tables["articles"].values():
            record["extra"] = {"migrated": True}  # type: ignore[index]
        return tables

    db_path.write_bytes(orjson.dumps(_V0))
    monkeypatch.setattr(store_db, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(store_migrate.MIGRATIONS, SCHEMA_VERSION, next_step)
    with Store.open(db_path) as opened:
        assert opened.schema_version() == SCHEMA_VERSION + 1
        assert opened.get("old1").extra == {"migrated": True}
        assert opened.get("old1").words == 6  # the 0 → 1 step ran first


def test_a_missing_migration_is_a_clear_error(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsdesk.store.db as store_db

    db_path.write_bytes(orjson.dumps(_V0))
    monkeypatch.setattr(store_db, "SCHEMA_VERSION", SCHEMA_VERSION + 2)
    missing = f"no migration from schema version {SCHEMA_VERSION} to {SCHEMA_VERSION + 1}"
    with pytest.raises(DatabaseError, match=missing):
        Store.open(db_path)
    assert db_path.read_bytes() == orjson.dumps(_V0)


def test_a_read_only_file_opens_read_only_and_says_why_on_write(
    db_path: Path, seeds_dir: Path
) -> None:
    with Store.open(db_path) as store:
        store.ingest([seeds_dir])
    db_path.chmod(0o444)
    try:
        with Store.open(db_path) as store:
            assert store.read_only and store.lock is None
            assert len(store.summaries()) == 5
            with pytest.raises(DatabaseError, match="is read-only; nothing was changed"):
                store.remove(["000_c83c607eafd10b0c"])
    finally:
        db_path.chmod(0o644)


def test_readers_never_see_a_half_written_file(db_path: Path, seeds_dir: Path) -> None:
    """A reader polling the file while another store rewrites it always gets a whole file."""
    import threading

    with Store.open(db_path) as store:
        store.ingest([seeds_dir])
        articles = list(store.articles())
    done = threading.Event()
    failures: list[BaseException] = []

    def writer() -> None:
        try:
            with Store.open(db_path) as store:
                for i in range(60):
                    store.put(articles[: 2 + i % 4])
                    store.remove([articles[4].id] if i % 2 else [])
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)
        finally:
            done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    reads = 0
    while not done.is_set() or reads == 0:
        tables, stamp = load_database_file(db_path)  # raises on a partial file
        assert stamp is not None and 4 <= len(tables["articles"]) <= 5
        reads += 1
    thread.join()
    assert not failures, failures
    assert reads > 1


def test_other_threads_see_the_committed_state_during_a_batch(
    db_path: Path, seeds_dir: Path
) -> None:
    """An app thread listing articles while a worker ingests never sees half a change."""
    import threading

    with Store.open(db_path) as store:
        store.ingest([seeds_dir])
        inside, release = threading.Event(), threading.Event()

        def worker() -> None:
            with store.batch():
                store.remove(["000_c83c607eafd10b0c", "001_90cf4035eb27f56b"])
                assert len(store) == 3  # the batch sees its own change
                inside.set()
                assert release.wait(30)

        thread = threading.Thread(target=worker)
        thread.start()
        assert inside.wait(30)
        during = (len(store), len(store.summaries()), store.ids()[0])
        release.set()
        thread.join(30)
        assert during == (5, 5, "000_c83c607eafd10b0c")
        assert len(store) == 3


def test_backup_is_copied_where_hard_links_are_not_supported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: object, dst: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(storage_mod.os, "link", no_links)
    db = tmp_path / "db.json"
    write_atomic(db, b'{"a": {}}')
    write_atomic(db, b'{"b": {}}')
    assert backup_path(db).read_bytes() == b'{"a": {}}'
    assert db.read_bytes() == b'{"b": {}}'
    assert stale_temp_files(db) == []
