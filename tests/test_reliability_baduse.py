"""Bad use: one clear message, a non-zero exit code, nothing half-written."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.store import Store
from newsdesk.tui.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _files(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes (to prove nothing changed)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


def _one_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("newsdesk: error: ")
    return err[0]


@pytest.fixture
def seeded_db(db_path: Path, seeds_dir: Path) -> Path:
    with Store.open(db_path) as store:
        store.ingest([seeds_dir])
    return db_path


# -- ids --------------------------------------------------------------------


def test_unknown_id(seeded_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(seeded_db), "show", "zzz"]) == 2
    assert _one_error(capsys) == "newsdesk: error: no article with id 'zzz'"


def test_ambiguous_prefix_names_the_candidates(
    seeded_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(seeded_db), "show", "00"]) == 2
    line = _one_error(capsys)
    assert "id '00' is ambiguous" in line
    assert "000_c83c607eafd10b0c" in line and "004_724a446758bcd638" in line


def test_a_hostile_id_is_echoed_safely(seeded_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(seeded_db), "show", "\x1b]0;pwned\x07"]) == 2
    line = _one_error(capsys)
    assert "\x1b" not in line and "\x07" not in line


# -- files ------------------------------------------------------------------


def test_a_missing_file_stops_ingest_before_anything_is_written(
    db_path: Path, seeds_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = db_path.parent / "no such file.txt"
    assert main(["--db", str(db_path), "ingest", str(seeds_dir), str(missing)]) == 2
    assert _one_error(capsys) == f"newsdesk: error: no such file or folder: {missing}"
    assert not db_path.exists()


def test_a_missing_file_leaves_an_existing_database_as_it_was(
    seeded_db: Path, seeds_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _files(seeded_db.parent)
    assert main(["--db", str(seeded_db), "ingest", str(seeded_db.parent / "gone")]) == 2
    _one_error(capsys)
    assert _files(seeded_db.parent) == before


def test_a_broken_link_is_skipped_with_a_reason(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = db_path.parent / "dangling.txt"
    link.symlink_to(db_path.parent / "nowhere.txt")
    assert main(["--db", str(db_path), "ingest", str(link)]) == 1
    assert "broken symbolic link or link loop" in capsys.readouterr().err


# -- the database path -------------------------------------------------------


def test_database_in_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "not" / "there" / "db.json"
    for command in (["list"], ["ingest", str(tmp_path)]):
        assert main(["--db", str(db), *command]) == 3
        line = _one_error(capsys)
        assert f"the folder {db.parent} for the database db.json does not exist" in line
    assert not (tmp_path / "not").exists()


def test_database_path_that_is_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_path), "list"]) == 3
    assert "is a folder, not a file" in _one_error(capsys)


def test_read_only_database_file(
    seeded_db: Path, seeds_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = seeded_db.parent / "extra"
    extra.mkdir()
    (extra / "new.txt").write_text("A new article\n\nThe port reopened.\n", encoding="utf-8")
    seeded_db.chmod(0o444)
    before = _files(seeded_db.parent)
    try:
        assert main(["--db", str(seeded_db), "ingest", str(extra)]) == 3
        line = _one_error(capsys)
        assert f"database {seeded_db} is read-only; nothing was changed" in line
        # Reading still works.
        assert main(["--db", str(seeded_db), "show", "003"]) == 0
        assert "At the event to celebrate" in capsys.readouterr().out
    finally:
        seeded_db.chmod(0o644)
    assert _files(seeded_db.parent) == before


def test_corrupt_database_is_one_message(
    seeded_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded_db.write_bytes(b'{"articles": {')
    before = _files(seeded_db.parent)
    assert main(["--db", str(seeded_db), "list"]) == 3
    assert "is corrupt (not valid JSON); it was left untouched" in _one_error(capsys)
    assert _files(seeded_db.parent) == before


# -- permissions (as an ordinary user, or as root without its override) -----

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _without_root_override() -> None:  # pragma: no cover - runs in the child
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "cannot drop capability")


def _cli_restricted(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI so that file permissions apply (root drops its override first)."""
    return subprocess.run(
        [sys.executable, "-m", "newsdesk.tui.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_without_root_override if os.geteuid() == 0 else None,
    )


@pytest.fixture
def restricted(tmp_path: Path) -> Iterator[Path]:
    """A folder for permission tests; skipped where permissions cannot be made to apply."""
    if sys.platform != "linux" and os.geteuid() == 0:
        pytest.skip("as root, permissions apply only where capabilities can be dropped (Linux)")
    probe = tmp_path / "probe"
    probe.mkdir()
    probe.chmod(0)
    try:
        result = _cli_restricted("--db", str(tmp_path / "x.json"), "ingest", str(probe))
    except (OSError, subprocess.SubprocessError) as exc:  # pragma: no cover
        probe.chmod(0o755)
        pytest.skip(f"cannot run a process without root's permission override: {exc}")
    probe.chmod(0o755)
    if "Permission denied" not in result.stderr:  # pragma: no cover
        pytest.skip("this process can read any folder (root with CAP_DAC_OVERRIDE kept)")
    folder = tmp_path / "work"
    folder.mkdir()
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


def test_unreadable_folder_and_file_are_skipped_and_the_rest_goes_in(
    restricted: Path, seeds_dir: Path
) -> None:
    archive = restricted / "archive"
    shutil.copytree(seeds_dir, archive / "good")
    locked = archive / "locked"
    locked.mkdir()
    (locked / "secret.txt").write_text("Hidden\n\nNot for us.\n", encoding="utf-8")
    locked.chmod(0)
    unreadable = archive / "good" / "zz_unreadable.txt"
    unreadable.write_text("Unreadable\n\nNo read permission.\n", encoding="utf-8")
    unreadable.chmod(0)
    db = restricted / "db.json"
    result = _cli_restricted("--db", str(db), "ingest", str(archive))
    assert result.returncode == 1, result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert f"skipped {locked}: folder not read: Permission denied" in skipped
    assert f"skipped {unreadable}: cannot read: Permission denied" in skipped
    assert len(skipped) == 2
    assert "5 added" in result.stdout
    with Store.open(db, read_only=True) as store:
        assert len(store) == 5


def test_read_only_database_folder(restricted: Path, seeds_dir: Path) -> None:
    folder = restricted / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    db = folder / "db.json"
    result = _cli_restricted("--db", str(db), "ingest", str(seeds_dir))
    assert result.returncode == 3
    assert result.stderr.strip().splitlines() == [
        f"newsdesk: error: cannot write in the database folder {folder}; nothing was changed"
    ]
    assert list(folder.iterdir()) == []


def test_restore_in_a_read_only_folder_is_one_error(restricted: Path, seeds_dir: Path) -> None:
    folder = restricted / "ro"
    folder.mkdir()
    db = folder / "db.json"
    with Store.open(db) as store:
        store.ingest([seeds_dir])
        store.set_meta("note", "a second write makes the backup")
    before = _files(folder)
    folder.chmod(0o555)
    result = _cli_restricted("--db", str(db), "doctor", "--restore")
    assert result.returncode == 3, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"newsdesk: error: cannot write in the database folder {folder}; nothing was changed"
    ]
    assert "Traceback" not in result.stdout + result.stderr
    assert _files(folder) == before
