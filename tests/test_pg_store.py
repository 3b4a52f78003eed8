"""The PostgreSQL store's own concerns: the URL and its password, errors, the schema,
writers taking turns, and the same interface as the file store."""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest

from newsdesk.store import DatabaseError, Store, db_target, open_store, show_target
from newsdesk.store.pg.schema import SCHEMA, SCHEMA_VERSION
from newsdesk.store.pg.store import PgStore
from newsdesk.store.pg.url import describe, is_server_url, redact
from newsdesk.tui.cli import main

SECRET = "s3cr3t-P@ss"


@pytest.mark.parametrize(
    "text",
    [
        f"postgresql://anna:{SECRET}@db.example:5432/news",
        f"could not open postgres://anna:{SECRET}@db.example/news: refused",
        f"host=db.example password={SECRET} dbname=news",
        f"postgresql://db.example/news?sslmode=require&password={SECRET}",
        f"host=db.example password='{SECRET} x' dbname=news",
    ],
)
def test_redact_hides_every_form_of_password(text: str) -> None:
    shown = redact(text)
    assert "s3cr3t" not in shown and "***" in shown
    assert "db.example" in shown or "postgres" in shown


def test_redact_leaves_other_text_and_hides_a_named_secret() -> None:
    assert redact("no password here: user@host") == "no password here: user@host"
    assert redact(f"server said {SECRET}", SECRET) == "server said ***"


def test_describe_names_the_server_without_the_password() -> None:
    assert describe(f"postgresql://anna:{SECRET}@db.example:5433/news") == (
        "postgresql://anna@db.example:5433/news"
    )
    assert show_target(f"postgresql://anna:{SECRET}@h/news") == "postgresql://anna@h/news"


def test_targets_tell_urls_from_paths() -> None:
    assert is_server_url("postgresql://h/db") and is_server_url("postgres://h/db")
    assert not is_server_url("postgresql.json") and not is_server_url(Path("postgresql://x"))
    assert db_target("postgresql://u:p@h/db") == "postgresql://u:p@h/db"
    assert db_target("~/news.json") == Path("~/news.json").expanduser()


def _with_password(url: str, password: str) -> str:
    scheme, _, rest = url.partition("://")
    credentials, _, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:{quote(password, safe='')}@{host}"


@pytest.mark.parametrize("command", [["list"], ["ingest", "seeds"], ["show", "003"]])
def test_wrong_password_is_one_line_without_the_password(
    pg_url: str, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    url = _with_password(pg_url, SECRET)
    status = main(["--db", url, *command])
    err = capsys.readouterr().err
    assert status == 3
    assert err.count("\n") == 1 and err.startswith("newsdesk: error: cannot connect to ")
    assert "password authentication failed" in err
    assert "s3cr3t" not in err and "Traceback" not in err


def test_server_down_and_bad_url_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with socket_closed_port() as port:
        assert main(["--db", f"postgresql://anna:s3cr3t@127.0.0.1:{port}/news", "list"]) == 3
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Connection refused" in err and "s3cr3t" not in err
        # A raw "@" in the password: libpq takes its end for the host and says so.
        assert main(["--db", f"postgresql://anna:{SECRET}@127.0.0.1:{port}/news", "list"]) == 3
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "s3cr3t" not in err and "ss@" not in err
    assert main(["--db", "postgresql://anna:s3cr3t@[::1/news", "list"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a valid PostgreSQL URL" in err and "s3cr3t" not in err


class socket_closed_port:
    """A loopback port nothing listens on (bound then released)."""

    def __enter__(self) -> int:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port: int = sock.getsockname()[1]
        return port

    def __exit__(self, *exc: object) -> None:
        return None


def test_the_environment_names_the_server(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSDESK_DB", pg_url)
    assert main(["list", "--json"]) == 0
    assert '"000_c83c607eafd10b0c"' in capsys.readouterr().out
    with open_store() as store:
        assert isinstance(store, PgStore) and len(store) == 5


def test_schema_is_created_once_and_versioned(pg_url: str) -> None:
    with open_store(pg_url) as store:
        assert store.schema_version() == SCHEMA_VERSION
    with open_store(pg_url) as store, psycopg.connect(pg_url) as conn:
        rows = conn.execute(f"SELECT version FROM {SCHEMA}.schema_version").fetchall()
        assert rows == [(SCHEMA_VERSION,)]
        assert store.is_empty()


def test_a_newer_schema_is_refused(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    open_store(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"UPDATE {SCHEMA}.schema_version SET version = 99")
    with pytest.raises(DatabaseError, match="schema version 99, newer"):
        open_store(pg_url)
    with pytest.raises(DatabaseError, match="schema version 99, newer"):
        open_store(pg_url, read_only=True)
    assert main(["--db", pg_url, "list"]) == 3


def test_read_only_store_refuses_writes_and_a_missing_archive(pg_url: str, seeds_dir: Path) -> None:
    with pytest.raises(DatabaseError, match="no newsdesk archive"):
        open_store(pg_url, read_only=True)
    open_store(pg_url).close()
    with (
        open_store(pg_url, read_only=True) as store,
        pytest.raises(DatabaseError, match="read-only"),
    ):
        store.ingest([seeds_dir])


def _desks(tmp_path: Path, count: int, stories: int) -> list[Path]:
    folders = []
    for n in range(count):
        folder = tmp_path / f"desk{n}"
        folder.mkdir()
        for i in range(stories):
            (folder / f"d{n}_{i}.txt").write_text(
                f"Desk {n} story {i}.\n\nThe council met on Monday and approved {i + 3} budgets.",
                encoding="utf-8",
            )
        folders.append(folder)
    return folders


def test_two_writers_and_four_readers_at_once_lose_nothing_and_see_whole_ingests(
    pg_url: str, tmp_path: Path
) -> None:
    """Each ingest is one transaction: a reader sees all of a desk's stories or none."""
    folders = _desks(tmp_path, 2, 6)
    desks = [{f"d{n}_{i}" for i in range(6)} for n in range(2)]
    open_store(pg_url).close()
    errors: list[BaseException] = []
    problems: list[str] = []
    writing = threading.Event()
    writing.set()
    reads = [0] * 4

    def ingest(folder: Path) -> None:
        try:
            with open_store(pg_url) as store:
                store.ingest([folder])
        except BaseException as exc:  # reported below
            errors.append(exc)

    def read(slot: int) -> None:
        try:
            with open_store(pg_url, read_only=True) as store:
                seen = 0
                while True:
                    last = not writing.is_set()
                    ids = [row.id for row in store.summaries()]
                    if len(ids) != len(set(ids)) or len(ids) < seen:
                        problems.append(f"reader {slot}: {len(ids)} rows after {seen}")
                    seen = len(ids)
                    for desk in desks:
                        if 0 < len(desk & set(ids)) < len(desk):
                            problems.append(f"reader {slot} saw half an ingest: {sorted(ids)}")
                    for doc in ids[:2]:
                        if store.get(doc).sha256 != store.known_sha(doc):
                            problems.append(f"reader {slot}: {doc} differs from its sha256")
                    reads[slot] += 1
                    if last:
                        return
        except BaseException as exc:
            errors.append(exc)

    readers = [threading.Thread(target=read, args=(slot,)) for slot in range(4)]
    writers = [threading.Thread(target=ingest, args=(f,)) for f in folders]
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join()
    writing.clear()
    for thread in readers:
        thread.join()
    assert errors == [] and problems == []
    assert all(reads)
    with open_store(pg_url) as store:
        assert set(store.ids()) == desks[0] | desks[1]
        assert store.generation() == 2


def _public(cls: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(member)
        for name, member in inspect.getmembers(cls, callable)
        if not name.startswith("_")
    }


def test_pg_store_answers_every_call_of_the_file_store() -> None:
    """``open_store`` hands a PgStore where a Store is expected: the same calls, alike."""
    file_calls, pg_calls = _public(Store), _public(PgStore)
    assert set(file_calls) <= set(pg_calls)
    for name, signature in file_calls.items():
        if name == "table":
            continue  # returns a table with the calls the stages use (store.pg.tables)
        names = list(signature.parameters)
        if name == "open":
            names[0] = "url"  # a URL where the file store takes a path
        assert list(pg_calls[name].parameters) == names, name


def test_doctor_checks_a_server_archive_without_showing_the_password(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    password = pg_url.split("://", 1)[1].rpartition("@")[0].split(":", 1)[1]
    assert (
        main(["--db", pg_url, "ingest", "--quiet", str(Path(__file__).parent.parent / "seeds")])
        == 0
    )
    assert main(["--db", pg_url, "doctor"]) == 0
    out = capsys.readouterr().out
    assert "all 5 articles have their paragraphs" in out and "healthy: postgresql://" in out
    assert main(["--db", pg_url, "doctor", "--rebuild"]) == 0
    assert "rebuilt derived data for 5 articles" in capsys.readouterr().out
    assert main(["--db", pg_url, "doctor", "--restore"]) == 3
    captured = capsys.readouterr()
    assert "pg_dump" in captured.err and password not in captured.out + captured.err


def test_a_second_client_fetches_the_writers_derived_files(
    pg_url: str, tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What one ingest derived (facts) serves a client on another machine; search needs
    no file at all: the server finds the candidates."""
    import newsdesk.store.facts.storage as facts_storage
    import newsdesk.store.search.index as search_index
    from newsdesk.store import load_facts, search_store
    from newsdesk.store.sidecars import FACTS, SEARCH, reset_caches

    monkeypatch.setenv("NEWSDESK_PG_CACHE", str(tmp_path / "desk-a"))
    with open_store(pg_url) as writer:
        writer.ingest([seeds_dir])
        expected = [(h.doc, h.para, h.score) for h in search_store(writer, "digital economy").hits]
        facts = [(f.doc, f.kind, f.start) for f in load_facts(writer)]
        built = {FACTS: writer.sidecar_path(FACTS).read_bytes()}
    reset_caches()  # another process, on another machine:
    monkeypatch.setenv("NEWSDESK_PG_CACHE", str(tmp_path / "desk-b"))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("derived again instead of fetched")

    monkeypatch.setattr(facts_storage, "facts_row", refuse)
    monkeypatch.setattr(search_index, "cut_article", refuse)
    with open_store(pg_url, read_only=True) as reader:
        assert [(h.doc, h.para, h.score) for h in search_store(reader, "digital economy").hits] == (
            expected
        )
        assert [(f.doc, f.kind, f.start) for f in load_facts(reader)] == facts
        assert str(reader.path).startswith(str(tmp_path / "desk-b"))
        for name, data in built.items():
            assert reader.sidecar_path(name).read_bytes() == data
        assert not reader.sidecar_path(SEARCH).exists()


def test_an_archive_of_schema_1_is_migrated(pg_url: str, seeds_dir: Path) -> None:
    from newsdesk.store.pg.schema import MIGRATIONS

    with psycopg.connect(pg_url, autocommit=True) as conn:
        for statement in MIGRATIONS[0]:
            conn.execute(statement)  # type: ignore[arg-type]
        conn.execute(f"CREATE TABLE {SCHEMA}.schema_version (version integer)")
        conn.execute(f"INSERT INTO {SCHEMA}.schema_version VALUES (1)")
    with open_store(pg_url) as store:
        assert store.schema_version() == SCHEMA_VERSION == 9
        store.ingest([seeds_dir])
        assert len(store) == 5
    with psycopg.connect(pg_url) as conn:
        facts = conn.execute(f"SELECT count(*) FROM {SCHEMA}.facts").fetchone()
        features = conn.execute(f"SELECT count(*) FROM {SCHEMA}.pairing_features").fetchone()
        heads = conn.execute(f"SELECT count(*) FROM {SCHEMA}.file_heads").fetchone()
    assert facts == features == (5,) and heads == (0,)


def test_serve_hands_a_server_url_to_its_sessions_off_the_command_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os
    import shlex
    import sys

    from newsdesk.tui.commands.serve import app_command

    monkeypatch.delenv("NEWSDESK_DB", raising=False)
    url = f"postgresql://anna:{quote(SECRET, safe='')}@db.example/news"
    assert shlex.split(app_command(url)) == [sys.executable, "-m", "newsdesk.tui.cli"]
    assert os.environ["NEWSDESK_DB"] == url  # the sessions inherit it; ps does not show it


def test_a_dropped_connection_is_made_again(pg_url: str, seeds_dir: Path) -> None:
    """A server restart (or an idle timeout) does not end a reading session."""
    with open_store(pg_url) as store:
        store.ingest([seeds_dir])
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        assert len(store.summaries()) == 5
        assert store.get("003").id == "003_9094b1ad625a1bb7"


def test_other_threads_read_the_committed_archive_during_a_write(
    pg_url: str, seeds_dir: Path
) -> None:
    """As with the file store, a batch's writes are seen by other threads once committed."""
    from newsdesk.store import parse_file

    late = parse_file(next(seeds_dir.glob("003_*.txt")))
    with open_store(pg_url) as store:
        store.ingest([p for p in seeds_dir.glob("*.txt") if not p.name.startswith("003")])
        written, read = threading.Event(), threading.Event()
        counts: list[int] = []

        def reader() -> None:
            written.wait()
            counts.append(len(store))  # from another thread, while the batch is open
            read.set()

        thread = threading.Thread(target=reader)
        thread.start()
        with store.batch():
            store.put([late])
            assert len(store) == 5  # the writing thread sees its own write
            written.set()
            assert read.wait(timeout=60)
        thread.join()
        assert counts == [4]
        assert len(store) == 5


def test_the_list_pages_in_code_point_order_on_a_language_collation(
    pg_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a database that sorts text by a language's rules (ICU en-US: case, punctuation
    and spaces weigh little), pages and positions still follow the file store's order."""
    from psycopg import sql

    from newsdesk.store import parse_text

    monkeypatch.setenv("NEWSDESK_PG_CACHE", str(tmp_path / "pg-cache"))
    name = "t_icu_listing"
    create = sql.SQL(
        "CREATE DATABASE {} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' "
        "LOCALE 'C.UTF-8'"
    ).format(sql.Identifier(name))
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(drop)
        conn.execute(create)
    url = f"{pg_server.rpartition('/')[0]}/{name}"
    with psycopg.connect(url) as conn:  # the database's collation disagrees with code points
        assert conn.execute("SELECT 'B' < 'a', 'B' < 'a' COLLATE \"C\"").fetchone() == (
            False,
            True,
        )
    ids = ["ab", "a_b", "a b", "Ab", "B", "a-c", "a1", "éa", "f"]
    try:
        with open_store(url) as store:
            store.put(
                [
                    parse_text(
                        f"PARIS — Story {doc_id!r}" + (" on March 3, 2025." if i % 3 else "."),
                        doc_id=doc_id,
                    )
                    for i, doc_id in enumerate(ids)
                ]
            )
            rows = store.summaries()
            assert [r.id for r in rows if r.date is None] == sorted(ids[::3])
            for limit in (1, 2, 4, 9):
                for offset in range(10):
                    assert store.summary_page(offset, limit) == rows[offset : offset + limit]
            assert [store.summary_position(r.id) for r in rows] == list(range(len(ids)))
    finally:
        with psycopg.connect(pg_server, autocommit=True) as conn:
            conn.execute(drop)


def test_a_large_ingest_leaves_the_planner_its_statistics(
    pg_url: str, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ingest writing much of the archive ends with VACUUM (ANALYZE), so that the next
    small write's statements find their indexes (without statistics the server scanned
    every passage to remove one article's) and read rows already marked; a small ingest
    does not pay for it."""
    import newsdesk.store.pg.store as pg_store

    def analyzed() -> bool:
        with psycopg.connect(pg_url) as conn:
            found = conn.execute(
                "SELECT last_analyze IS NOT NULL AND last_vacuum IS NOT NULL "
                "FROM pg_stat_user_tables "
                "WHERE schemaname = %s AND relname = 'paragraphs'",
                (SCHEMA,),
            ).fetchone()
        return bool(found and found[0])

    files = sorted(seeds_dir.glob("*.txt"))
    monkeypatch.setattr(pg_store, "ANALYZE_AFTER", 3)
    with open_store(pg_url) as store:
        store.ingest(files[:1])
        assert not analyzed()
        store.ingest(files[1:])
    assert analyzed()


def test_adding_one_article_reads_no_list_of_every_article(
    pg_url: str, seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One article added to a server's archive looks up what it needs (its path, its
    name's id, the pairing features' shas, kept in step with the articles by the write's
    transaction), so its cost does not grow with the archive; when the features rows
    do not make up the archive, every article's sha is read and the pairs found again."""
    files = sorted(seeds_dir.glob("*.txt"))
    french = next(f for f in files if f.name.startswith("001_"))
    with open_store(pg_url) as store:
        store.ingest([f for f in files if f != french])
        whole_reads: list[str] = []

        def counting(name: str) -> Callable[[PgStore], Any]:
            real = getattr(PgStore, name)

            def counted(self: PgStore) -> Any:
                whole_reads.append(name)
                return real(self)

            return counted

        for name in ("known_files", "ids"):
            monkeypatch.setattr(PgStore, name, counting(name))
        assert store.ingest([french]).added == [french.stem]
        assert whole_reads == []
        assert store.get(french.stem).pair == store.resolve("000")
        # A features row gone (not by newsdesk): the next add reads every article's sha.
        with psycopg.connect(pg_url) as conn:
            conn.execute(f"DELETE FROM {SCHEMA}.pairing_features WHERE doc = %s", (french.stem,))
        other = tmp_path / "extra.txt"
        other.write_text("A short note on the weather in Hanoi.", encoding="utf-8")
        assert store.ingest([other]).added == ["extra"]
        assert "known_files" in whole_reads
        assert store.get(french.stem).pair == store.resolve("000")
