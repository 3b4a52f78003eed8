"""One writer at a time: waiting, timing out, and concurrent ingests that lose nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from newsdesk.store import DatabaseError, Store
from newsdesk.store.lock import LockTimeout, WriteLock, lock_path, lock_timeout

ROOT = Path(__file__).resolve().parent.parent


def _write_articles(folder: Path, prefix: str, count: int) -> set[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"{prefix}{i:03d}.txt").write_text(
            f"Report {prefix} number {i}\n\nThe council of district {i} met on Monday "
            f"and approved plan {prefix}-{i} for new roads and schools.\n",
            encoding="utf-8",
        )
    return {f"{prefix}{i:03d}" for i in range(count)}


def test_a_second_writer_waits_with_a_message_then_goes_in(db_path: Path, tmp_path: Path) -> None:
    ids = _write_articles(tmp_path / "news", "w", 3)
    holder = WriteLock(db_path, timeout=0)
    holder.acquire()
    messages: list[str] = []
    waiting = threading.Event()
    outcome: dict[str, object] = {}

    def on_wait(message: str) -> None:
        messages.append(message)
        waiting.set()

    def ingest() -> None:
        try:
            with Store.open(db_path, lock_timeout=30, on_lock_wait=on_wait) as store:
                outcome["report"] = store.ingest([tmp_path / "news"])
        except BaseException as exc:  # pragma: no cover - reported below
            outcome["error"] = exc
            waiting.set()

    worker = threading.Thread(target=ingest)
    worker.start()
    assert waiting.wait(30), "the second writer never said it was waiting"
    assert not db_path.exists()  # it really waited: nothing written while the lock was held
    holder.release()
    worker.join(30)
    assert "error" not in outcome, outcome.get("error")
    assert len(messages) == 1
    assert "another newsdesk process is writing" in messages[0] and str(db_path) in messages[0]
    with Store.open(db_path) as store:
        assert set(store.ids()) == ids


def test_a_second_writer_gives_up_clearly_after_the_timeout(db_path: Path, tmp_path: Path) -> None:
    _write_articles(tmp_path / "news", "t", 2)
    with Store.open(db_path) as store:
        store.ingest([tmp_path / "news"])
    before = db_path.read_bytes()
    _write_articles(tmp_path / "more", "m", 2)
    holder = WriteLock(db_path, timeout=0)
    holder.acquire()
    messages: list[str] = []
    try:
        with Store.open(db_path, lock_timeout=0.2, on_lock_wait=messages.append) as store:
            with pytest.raises(LockTimeout) as err:
                store.ingest([tmp_path / "more"])
            assert len(store) == 2  # the failed ingest left nothing in memory either
    finally:
        holder.release()
    message = str(err.value)
    assert "gave up after 0.2 s" in message and str(lock_path(db_path)) in message
    assert isinstance(err.value, DatabaseError) and err.value.exit_code == 3
    assert len(messages) == 1
    assert db_path.read_bytes() == before


def test_readers_need_no_lock(db_path: Path, seeds_dir: Path) -> None:
    with Store.open(db_path) as store:
        store.ingest([seeds_dir])
    holder = WriteLock(db_path, timeout=0)
    holder.acquire()
    try:
        with Store.open(db_path, read_only=True) as reader:
            assert len(reader.summaries()) == 5
    finally:
        holder.release()


def test_lock_timeout_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_LOCK_TIMEOUT", "2.5")
    assert lock_timeout() == 2.5
    monkeypatch.setenv("NEWSDESK_LOCK_TIMEOUT", "soon")
    assert lock_timeout() == 60.0


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsdesk.tui.cli", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_cli_ingest_that_cannot_get_the_lock_fails_clearly(db_path: Path, tmp_path: Path) -> None:
    _write_articles(tmp_path / "news", "c", 2)
    holder = WriteLock(db_path, timeout=0)
    holder.acquire()
    try:
        proc = _cli(
            "--db", str(db_path), "ingest", str(tmp_path / "news"),
            env={"NEWSDESK_LOCK_TIMEOUT": "0.3"},
        )  # fmt: skip
        _, err = proc.communicate(timeout=60)
    finally:
        holder.release()
    assert proc.returncode == 3
    lines = err.strip().splitlines()
    assert lines[0].startswith("newsdesk: another newsdesk process is writing")
    assert lines[-1].startswith("newsdesk: error: gave up after 0.3 s")
    assert "Traceback" not in err
    assert not db_path.exists()


def test_two_ingests_at_once_lose_nothing(db_path: Path, tmp_path: Path) -> None:
    """Two processes ingest different folders into one database at the same moment."""
    expected: set[str] = set()
    folders = []
    for name in ("left", "right"):
        expected |= _write_articles(tmp_path / name, name[0], 40)
        folders.append(tmp_path / name)
    script = (
        "import sys, os\n"
        "from pathlib import Path\n"
        "from newsdesk.store import Store\n"
        "store = Store.open(Path(sys.argv[1]), lock_timeout=60)\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
        "for _ in range(5):\n"
        "    store.ingest([Path(sys.argv[2])])\n"
        "    store.set_meta('last_' + Path(sys.argv[2]).name, os.getpid())\n"
        "store.close()\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(db_path), str(folder)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in folders
    ]
    for proc in procs:  # both have imported everything and opened the store
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    for proc in procs:  # release them together
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    with Store.open(db_path) as store:
        assert set(store.ids()) == expected
        assert store.get_meta("last_left") and store.get_meta("last_right")
        assert len(store.ids()) == 80


def test_the_lock_file_takes_the_database_permissions(db_path: Path) -> None:
    db_path.write_bytes(b"{}")
    db_path.chmod(0o660)  # a database shared with a group
    lock = WriteLock(db_path, timeout=0)
    lock.acquire()
    try:
        assert lock.held
        assert lock_path(db_path).stat().st_mode & 0o777 == 0o660
    finally:
        lock.release()
    assert not lock.held


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_that_exits_leaves_the_parents_lock_held(db_path: Path) -> None:
    # The parallel ingest forks workers while it holds the lock.
    lock = WriteLock(db_path, timeout=0)
    lock.acquire()
    try:
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
        with pytest.raises(LockTimeout):
            WriteLock(db_path, timeout=0).acquire()
    finally:
        lock.release()
    other = WriteLock(db_path, timeout=0)
    other.acquire()  # free again once the parent lets go
    other.release()
