"""Kill writers with SIGKILL at random moments: the database always survives whole.

A child process ingests a folder over and over while a link flips the folder
between two versions of the same articles, so every ingest rewrites all of
them (and runs the derived-data stages). The test kills it at a random moment,
then checks that the database opens, that every article is entirely the old
or entirely the new version (one ingest is one atomic write, so all of them
are the same version), and that ``doctor`` finds it healthy.

In "put" mode the child only stores already-parsed articles, so most of its
time is spent writing the file and more kills land in the middle of a write.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from store import Store
from store.doctor import check_database
from store.storage import stale_temp_files

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 12

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

_CHILD = """
import os, sys
from pathlib import Path
from store import Store, parse_file
mode, start = sys.argv[1], int(sys.argv[6])
db, corpus, v1, v2 = map(Path, sys.argv[2:6])
store = Store.open(db, lock_timeout=30)
parsed = {
    v: [parse_file(v / p.name, doc_id=p.stem) for p in sorted(v.glob("*.txt"))]
    for v in (v1, v2)
} if mode == "put" else {}
print("ready", flush=True)
i = start
while True:
    target = v2 if i % 2 == 0 else v1
    if mode == "put":
        store.put(parsed[target])
    else:
        tmp_link = corpus.with_name("corpus.flip")
        os.symlink(target, tmp_link)
        os.replace(tmp_link, corpus)
        store.ingest([corpus])
    print("wrote", target.name, flush=True)
    i += 1
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
            + f"Closing remarks of report {i} in the {version} edition. — VNA/VNS\n" * 20
        )
        data = text.encode()
        (folder / f"a{i:02d}.txt").write_bytes(data)
        shas[f"a{i:02d}"] = hashlib.sha256(data).hexdigest()
    return shas


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

    seen = {"version one": 0, "version two": 0}
    mid_write = 0
    writes_before_kill = 0
    for trial in range(trials):
        versions_args = [str(tmp_path / "v1"), str(tmp_path / "v2"), str(rng.randrange(2))]
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, mode, str(db), str(corpus), *versions_args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None and child.stderr is not None
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        if trial % 2:  # half the kills come after a first write, once every module is loaded
            assert child.stdout.readline().startswith("wrote")
            writes_before_kill += 1
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=rng.uniform(0.0, 0.15))  # the random moment
        assert child.poll() is None, f"the ingest loop stopped by itself: {child.stderr}"
        os.kill(child.pid, signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
        writes_before_kill += out.count("wrote")
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

    # The kills landed in both states and the loop really was writing.
    assert seen["version one"] and seen["version two"], seen
    assert writes_before_kill >= trials
    print(f"\ncrash test ({mode}): {trials} kills, states {seen}, {writes_before_kill} writes "
          f"completed before kills, {mid_write} kills left a temp file (mid-write)")  # fmt: skip
