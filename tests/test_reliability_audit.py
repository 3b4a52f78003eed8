"""Nothing lost, nobody let in: an emptied database, links out of a folder, a full disk,
binary files, the restore under the lock, export over existing files, one permission rule.
"""

from __future__ import annotations

import errno
import fcntl
import os
import random
import shutil
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson
import pytest

from newsdesk.store import Store
from newsdesk.store.decode import decode_bytes
from newsdesk.store.doctor import restore_backup
from newsdesk.store.errors import SkipFile
from newsdesk.store.lock import WriteLock
from newsdesk.store.storage import backup_path, stale_temp_files, write_atomic
from newsdesk.tui.cli import main


def _one_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("newsdesk: error: ")
    return err[0]


def _temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def backed_up_db(db_path: Path, seeds_dir: Path) -> Path:
    """The five seeds, written twice, so that ``<db>.bak`` holds them too."""
    with Store.open(db_path) as store:
        store.ingest([seeds_dir])
        store.set_meta("note", "second write")
    assert len(orjson.loads(backup_path(db_path).read_bytes())["articles"]) == 5
    return db_path


# -- 1. an emptied database is damage -----------------------------------------


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"], ids=["zero-bytes", "blanks"])
def test_an_emptied_database_is_refused_and_its_backup_kept(
    backed_up_db: Path, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    db = backed_up_db
    backup = backup_path(db).read_bytes()
    db.write_bytes(content)
    for command in (["list"], ["search", "vietnam"], ["ingest", str(db.parent)]):
        assert main(["--db", str(db), *command]) == 3, command
        line = _one_error(capsys)
        assert f"database {db} is" in line and "it was left untouched" in line
        assert f"a backup is at {backup_path(db)}" in line and "doctor --restore" in line
        assert db.read_bytes() == content  # not seeded over
        assert backup_path(db).read_bytes() == backup  # the good backup is kept

    assert main(["--db", str(db), "doctor"]) == 1
    report = capsys.readouterr().out
    assert "PROBLEMS FOUND" in report
    assert "restore it with `newsdesk doctor --restore`" in report

    assert main(["--db", str(db), "doctor", "--restore"]) == 0
    capsys.readouterr()
    with Store.open(db, read_only=True) as store:
        assert len(store) == 5


def test_an_empty_file_never_replaces_a_good_backup(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    write_atomic(db, b'{"a": {}}')
    write_atomic(db, b'{"b": {}}')
    db.write_bytes(b"")
    write_atomic(db, b'{"c": {}}')
    assert backup_path(db).read_bytes() == b'{"a": {}}'


def test_an_empty_file_without_backup_says_how_to_start_afresh(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path.write_bytes(b"")
    assert main(["--db", str(db_path), "list"]) == 3
    assert _one_error(capsys).endswith("it was left untouched; remove it to start a new database")
    assert db_path.read_bytes() == b""


# -- 3. ingest does not follow links out of the folder ------------------------


def test_links_to_files_outside_the_folder_are_skipped_and_named(
    tmp_path: Path, db_path: Path, seeds_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "private" / "id_ed25519"
    secret.parent.mkdir()
    secret.write_text("Private key line one\n\nPrivate key line two, never stored.\n")
    archive = tmp_path / "archive"
    shutil.copytree(seeds_dir, archive)
    (archive / "sub").mkdir()
    outside = archive / "sub" / "key.txt"
    outside.symlink_to(secret)
    sneaky = archive / "sneaky.txt"  # a link inside the folder to a link out of it
    sneaky.symlink_to(outside)
    inside = archive / "alias.txt"  # stays in the folder: followed
    inside.symlink_to(archive / "000_c83c607eafd10b0c.txt")

    assert main(["--db", str(db_path), "ingest", str(archive)]) == 1
    captured = capsys.readouterr()
    skipped = [line for line in captured.err.splitlines() if line.startswith("skipped ")]
    reason = f"symbolic link to a file outside {archive}, not followed"
    assert skipped == [f"skipped {sneaky}: {reason}", f"skipped {outside}: {reason}"]
    assert "6 added" in captured.out
    assert b"Private key" not in db_path.read_bytes()
    with Store.open(db_path, read_only=True) as store:
        assert "alias" in store.ids()


# -- 4. doctor --restore takes the lock before it reads the backup ------------


def test_restore_reads_the_backup_only_under_the_lock(backed_up_db: Path) -> None:
    db = backed_up_db
    holder = WriteLock(db, timeout=0)
    holder.acquire()  # another writer is busy
    newer = orjson.loads(backup_path(db).read_bytes())
    newer["meta"]["1"]["note"] = "written while restore waited"

    def writer_finishes(message: str) -> None:
        # What the busy writer does before it lets go: a newer backup.
        assert "waiting" in message
        write_atomic(backup_path(db), orjson.dumps(newer), keep_backup=False)
        holder.release()

    restore_backup(db, lock_timeout=30, on_lock_wait=writer_finishes)
    restored = orjson.loads(db.read_bytes())
    assert restored["meta"]["1"]["note"] == "written while restore waited"


# -- 5. a full disk: exit 3, one line, no temporary file ----------------------


def _fail_writes_to(
    monkeypatch: pytest.MonkeyPatch, name: str, call: str
) -> Callable[[], list[str]]:
    """Make ``os.<call>`` (write or fsync) fail with ENOSPC on files named ``name``
    and on their temporary files; returns the list of paths that failed."""
    real = getattr(os, call)
    failed: list[str] = []

    def full(fd: int, *args: object) -> object:
        try:
            target = os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            target = ""
        if target == name or (target.startswith(f".{name}.") and target.endswith(".tmp")):
            failed.append(target)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd, *args)

    monkeypatch.setattr(os, call, full)
    return lambda: failed


def _extra_article(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "extra.txt"
    path.write_text(
        "Hanoi opens a new metro line\n\n"
        "HANOI — The city opened its second metro line on Monday, carrying 12,000 people.\n",
        encoding="utf-8",
    )
    return folder


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to name open files")
@pytest.mark.parametrize("call", ["write", "fsync"])
@pytest.mark.parametrize("sidecar", ["json", "facts", "pairing.json", "catalog", "search-delta"])
def test_a_full_disk_on_any_ingest_write_is_one_line_and_exit_3(
    seeded_db: Path,
    tmp_path: Path,
    sidecar: str,
    call: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = seeded_db
    target = f"{db.stem}.{sidecar}"
    before = db.read_bytes()
    folder = _extra_article(tmp_path / "new")
    failed = _fail_writes_to(monkeypatch, target, call)
    assert main(["--db", str(db), "ingest", str(folder)]) == 3
    monkeypatch.undo()
    assert failed(), f"{target} was never written"
    line = _one_error(capsys)
    assert "cannot write " in line and str(db.parent / target) in line
    assert "No space left on device" in line
    assert _temp_files(db.parent) == []
    if sidecar in ("json", "facts", "pairing.json", "search-delta"):
        assert db.read_bytes() == before  # written inside the ingest's batch: nothing changed
    # The next ingest, with room again, goes through.
    assert main(["--db", str(db), "ingest", str(folder)]) == 0
    with Store.open(db, read_only=True) as store:
        assert "extra" in store.ids()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to name open files")
def test_a_full_disk_during_restore_and_export(
    backed_up_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = backed_up_db
    before = db.read_bytes()
    failed = _fail_writes_to(monkeypatch, db.name, "fsync")
    assert main(["--db", str(db), "doctor", "--restore"]) == 3
    assert failed()
    assert "No space left on device" in _one_error(capsys)
    assert db.read_bytes() == before
    assert _temp_files(db.parent) == []
    monkeypatch.undo()

    out = tmp_path / "out.csv"
    _fail_writes_to(monkeypatch, out.name, "write")
    assert main(["--db", str(db), "export", "--format", "csv", "-o", str(out)]) == 3
    assert "No space left on device" in _one_error(capsys)
    assert not out.exists()  # no half-written export
    assert _temp_files(tmp_path) == []


def test_a_full_disk_while_migrating_is_one_error(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    original = orjson.dumps({"articles": {}, "meta": {"1": {"schema_version": 1}}})
    db_path.write_bytes(original)
    _fail_writes_to(monkeypatch, f"{db_path.name}.v1", "fsync")
    assert main(["--db", str(db_path), "list"]) == 3
    assert "No space left on device" in _one_error(capsys)
    assert db_path.read_bytes() == original
    assert _temp_files(db_path.parent) == []


def test_sidecar_temp_files_are_swept_unless_a_writer_holds_them(
    seeded_db: Path, tmp_path: Path
) -> None:
    db = seeded_db
    old = time.time() - 60
    left = [
        db.with_name(f".{db.stem}.pairing.json.k1ll3d_a.tmp"),
        db.with_name(f"{db.stem}.pairing.jsonab12cd34.tmp"),  # older newsdesk's name
        db.with_name(f".{db.stem}.search.4242.tmp"),
        db.with_name(f".{db.stem}.facts.x9y8z7w6.tmp"),
    ]
    busy = db.with_name(f".{db.stem}.catalog.busy1234.tmp")
    for path in [*left, busy]:
        path.write_bytes(b"half")
        os.utime(path, (old, old))
    other_db = db.with_name(f".{db.stem}.catalog.json.abcdefgh.tmp")  # another database's
    other_db.write_bytes(b"x")
    os.utime(other_db, (old, old))
    with open(busy, "rb+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a live writer
        assert stale_temp_files(db) == sorted(left)
        with Store.open(db) as store:
            store.ingest([_extra_article(tmp_path / "new")])
        assert not any(p.exists() for p in left)
        assert busy.exists() and other_db.exists()


# -- 6. doctor --restore in a read-only folder: see test_reliability_baduse ---

# -- 7. binary files ----------------------------------------------------------


def _noise(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


@pytest.mark.parametrize(
    ("head", "name"),
    [
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xff\xd8\xff\xe0", "JPEG image"),
        (b"%PDF-1.7\n", "PDF document"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"\x1f\x8b\x08", "gzip archive"),
        (b"GIF89a", "GIF image"),
        (b"\x7fELF", "executable"),
        (b"SQLite format 3\x00", "SQLite database"),
    ],
)
def test_known_binary_signatures_are_skipped(head: bytes, name: str) -> None:
    # Printable noise after the header: without the signature this would pass for text.
    body = bytes(b for b in _noise(6000, 7) if 32 <= b < 127)
    with pytest.raises(SkipFile, match=rf"^binary file \({name}"):
        decode_bytes(head + body)


def test_a_png_header_then_random_bytes_never_becomes_an_article(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "a"
    folder.mkdir()
    for seed in range(20):
        (folder / f"image{seed}.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + _noise(4000, seed))
    assert main(["--db", str(db_path), "ingest", str(folder)]) == 1
    captured = capsys.readouterr()
    assert "0 added" in captured.out
    assert captured.err.count("binary file (PNG image), not text") == 20


@pytest.mark.parametrize(
    "data",
    [
        # Latin-1 "text" that is mostly C1 control characters.
        bytes(random.Random(3).choice(range(0x80, 0xA0)) for _ in range(3000)) + b" end",
        # Text that is mostly replacement characters (bytes lost by an earlier conversion).
        ("\ufffd" * 400 + " un titre\n\n" + "\ufffd\ufffd \ufffd" * 200).encode(),
    ],
    ids=["controls", "replacement"],
)
def test_text_mostly_control_or_replacement_characters_is_binary(data: bytes) -> None:
    with pytest.raises(SkipFile, match="mostly control or undecodable characters"):
        decode_bytes(data)


def test_real_text_with_a_few_bad_bytes_is_still_text(seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        raw = path.read_bytes()
        damaged = raw[:200] + b"\xff\xfe" + raw[200:400] + b"\x81" + raw[400:]
        text, _ = decode_bytes(damaged)
        assert len(text) > 1000


# -- 8. export -o, permissions -------------------------------------------------


def test_export_refuses_an_existing_file_or_a_link_without_force(
    seeded_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / "notes.csv"
    existing.write_text("my notes\n")
    target = tmp_path / "precious.txt"
    target.write_text("keep me\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    for out in (existing, link):
        assert main(["export", "--format", "csv", "-o", str(out)]) == 1
        line = _one_error(capsys)
        assert f"{out} not written" in line and "--force" in line
    assert existing.read_text() == "my notes\n"
    assert target.read_text() == "keep me\n" and link.is_symlink()

    assert main(["export", "--format", "csv", "-o", str(link), "--force"]) == 0
    capsys.readouterr()
    assert not link.is_symlink() and link.read_text().startswith("id,")
    assert target.read_text() == "keep me\n"  # the link was replaced, not written through
    assert main(["export", "--format", "csv", "-o", str(existing), "--force"]) == 0
    assert existing.read_text().startswith("id,")
    fresh = tmp_path / "fresh.csv"
    assert main(["export", "--format", "csv", "-o", str(fresh)]) == 0
    assert fresh.read_text() == existing.read_text()
    assert _temp_files(tmp_path) == []


@pytest.fixture
def umask_002() -> Iterator[None]:
    old = os.umask(0o002)
    yield
    os.umask(old)


def _modes(folder: Path) -> dict[str, int]:
    return {p.name: stat.S_IMODE(p.stat().st_mode) for p in sorted(folder.iterdir())}


def test_every_file_beside_the_database_follows_one_permission_rule(
    db_path: Path, seeds_dir: Path, tmp_path: Path, umask_002: None
) -> None:
    with Store.open(db_path) as store:
        store.ingest([seeds_dir])
    names = {p.name for p in db_path.parent.iterdir()}
    assert {"newsdesk.json", "newsdesk.pairing.json", "newsdesk.facts"} <= names
    assert set(_modes(db_path.parent).values()) == {0o664}  # new files: 0666 & ~umask

    db_path.chmod(0o640)  # a database shared read-only with a group
    with Store.open(db_path) as store:
        store.ingest([_extra_article(tmp_path / "new")])
    modes = _modes(db_path.parent)
    assert "newsdesk.json.bak" in modes
    assert modes == dict.fromkeys(modes, 0o640), modes
