"""Kill writers with SIGKILL at random moments: the database always survives whole.

A writer process ingests a folder over and over while a link flips the folder
between two versions of the same articles, so every ingest rewrites all of
them (and runs every derived-data stage). The test kills it at a random
moment, then checks that the database opens, that every article is entirely
the old or entirely the new version (one ingest is one atomic write, so all
of them are the same version), and that ``doctor`` finds it healthy.

In "put" mode the writer only stores already-parsed articles, so most of its
time is spent writing the file and more kills land in the middle of a write.

Writers are forked from a server process that has already imported and
warmed up everything, so each trial costs one write cycle, not a Python start.
"""

from __future__ import annotations

import hashlib
import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsdesk.store import Store
from newsdesk.store.doctor import check_database
from newsdesk.store.storage import stale_temp_files

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 8

pytestmark = pytest.mark.skipif(
    not (hasattr(os, "fork") and hasattr(os, "pidfd_open")),
    reason="needs fork and pidfd_open (Linux) to kill writers at random moments",
)

_SERVER = """
import os, sys, tempfile, traceback
from pathlib import Path
from newsdesk.store import Store, parse_file
mode = sys.argv[1]
db, corpus, v1, v2 = map(Path, sys.argv[2:6])
# One scratch ingest loads every module and stage, so forked writers start warm.
with tempfile.TemporaryDirectory() as scratch:
    with Store.open(Path(scratch) / "warm.json") as warm:
        warm.ingest([v1])
parsed = {
    v: [parse_file(v / p.name, doc_id=p.stem) for p in sorted(v.glob("*.txt"))]
    for v in (v1, v2)
}
def say(line):
    # One write() per line: the server and its writer share the pipe, and a
    # line written in two pieces (print does, unbuffered) could be cut by the other.
    os.write(1, (line + "\\n").encode())
say("ready")
for line in sys.stdin:
    start = int(line)
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        try:
            me = os.getpid()
            store = Store.open(db, lock_timeout=30)
            i = start
            while True:
                target = v2 if i % 2 == 0 else v1
                if mode == "put":
                    store.put(parsed[target])
                else:
                    # A name of its own: a writer killed between these two
                    # calls leaves its link behind.
                    tmp_link = corpus.with_name(f"corpus.flip.{me}")
                    os.symlink(target, tmp_link)
                    os.replace(tmp_link, corpus)
                    store.ingest([corpus])
                say(f"wrote {me}")
                i += 1
        except BaseException:
            traceback.print_exc()
            sys.stderr.flush()
        finally:
            os._exit(1)
    say(f"pid {pid}")
    os.waitpid(pid, 0)  # reaped once the test has killed it
    say(f"dead {pid}")
"""


def _write_version(folder: Path, version: str) -> dict[str, str]:
    """Articles a00…, each a few KB; returns id → sha256 of its bytes."""
    folder.mkdir()
    shas: dict[str, str] = {}
    for i in range(ARTICLES):
        text = (
            f"Council report {i}, {version}\n\n"
            + " ".join(
                f"In {version}, paragraph {p} of report {i} says the district council met "
                f"on Monday and approved {p * 7 + i} kilometres of new road."
                for p in range(3)
            )
            + "\n\n"
            + f"Closing remarks of report {i} in the {version} edition. — VNA/VNS\n" * 5
        )
        data = text.encode()
        (folder / f"a{i:02d}.txt").write_bytes(data)
        shas[f"a{i:02d}"] = hashlib.sha256(data).hexdigest()
    return shas


class _Server:
    """The fork server's pipe: send a start, get the writer's pid and its lines."""

    def __init__(self, proc: subprocess.Popen[str], stderr: Path) -> None:
        assert proc.stdin is not None and proc.stdout is not None
        self.proc, self.stdin, self.stdout = proc, proc.stdin, proc.stdout
        self.stderr = stderr
        self.writes = 0

    def line(self, wanted: str, pid: int | None = None) -> str:
        """The next line starting with ``wanted``, counting writes on the way.

        Waiting on writer ``pid``, its ``dead`` line means it stopped by
        itself: fail with what it printed instead of waiting for ever.
        """
        while True:
            line = self.stdout.readline()
            assert line, f"the writer server stopped: {self._stderr()}"
            if line.startswith("wrote"):
                self.writes += 1
            if line.startswith(wanted):
                return line
            assert pid is None or line != f"dead {pid}\n", (
                f"writer {pid} stopped by itself: {self._stderr()}"
            )

    def _stderr(self) -> str:
        """The end of what the server and its writers printed on stderr."""
        return self.stderr.read_text(errors="replace")[-4000:]

    def fork(self, start: int) -> int:
        self.stdin.write(f"{start}\n")
        self.stdin.flush()
        return int(self.line("pid ").split()[1])


@pytest.mark.parametrize(("mode", "trials"), [("ingest", 50), ("put", 30)])
def test_sigkill_at_random_moments_never_damages_the_database(
    tmp_path: Path, mode: str, trials: int
) -> None:
    rng = random.Random(f"newsdesk-{mode}")
    v1_shas = _write_version(tmp_path / "v1", "version one")
    v2_shas = _write_version(tmp_path / "v2", "version two")
    corpus = tmp_path / "corpus"
    corpus.symlink_to(tmp_path / "v1")
    db = tmp_path / "db.json"
    with Store.open(db) as store:
        store.ingest([corpus])

    paths = [str(db), str(corpus), str(tmp_path / "v1"), str(tmp_path / "v2")]
    # stderr goes to a file: a pipe nobody reads would stall the server once full.
    err_path = tmp_path / "server.err"
    err_file = err_path.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-c", _SERVER, mode, *paths],
        cwd=ROOT,
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=err_file,
        text=True,
    )
    err_file.close()
    server = _Server(proc, err_path)
    seen = {"version one": 0, "version two": 0}
    mid_write = 0
    cycle = 0.05  # seconds per write cycle, measured below
    try:
        server.line("ready")
        for trial in range(trials):
            pid = server.fork(rng.randrange(2))
            pidfd = os.pidfd_open(pid)
            try:
                if trial % 2:  # measure one cycle; kill within the next two
                    server.line(f"wrote {pid}", pid)
                    began = time.perf_counter()
                    server.line(f"wrote {pid}", pid)  # versions alternate: a full rewrite
                    cycle = time.perf_counter() - began
                # The random moment: wait that long for the writer to end (it must not).
                ended, _, _ = select.select([pidfd], [], [], rng.uniform(0.0, 2 * cycle))
                assert not ended, "the writer stopped by itself"
                os.kill(pid, signal.SIGKILL)
                select.select([pidfd], [], [], 30)
            finally:
                os.close(pidfd)
            server.line(f"dead {pid}")
            if stale_temp_files(db):
                mid_write += 1  # killed between writing the temp file and renaming it

            with Store.open(db, read_only=True) as store:
                articles = {a.id: a for a in store.articles()}
            assert set(articles) == set(v1_shas)
            versions = {
                "version one" if a.sha256 == v1_shas[a.id] else
                "version two" if a.sha256 == v2_shas[a.id] else "mixed"
                for a in articles.values()
            }  # fmt: skip
            assert len(versions) == 1 and "mixed" not in versions, versions
            version = versions.pop()
            for article in articles.values():  # the text matches the version, not only the hash
                assert article.title.endswith(version)
            seen[version] += 1
            report = check_database(db)
            assert report.healthy, report.lines()
    finally:
        server.stdin.close()
        proc.kill()
        proc.wait(30)

    # The kills landed in both states and the writers really were writing.
    assert seen["version one"] and seen["version two"], seen
    assert server.writes >= trials
    print(
        f"\ncrash test ({mode}): {trials} kills, states {seen}, {server.writes} writes "
        f"completed, {mid_write} kills left a temp file (mid-write), "
        f"last cycle {cycle * 1000:.0f} ms"
    )
