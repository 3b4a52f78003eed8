"""store.derived: every file an ingest leaves is declared, rebuilt whole, and forgotten at once."""

from __future__ import annotations

from pathlib import Path

import orjson

from newsdesk.store import Store
from newsdesk.store.derived import ARTICLE_STAGES, ARTIFACTS, CHECKS, STAGES, rebuild, reset_caches
from newsdesk.store.doctor import check_database
from newsdesk.store.facts.storage import parse_facts
from newsdesk.store.lock import lock_path
from newsdesk.store.search import search
from newsdesk.store.sidecars import SIDECAR_NAMES
from newsdesk.store.storage import backup_path


def test_every_sidecar_belongs_to_one_artifact() -> None:
    declared = [name for artifact in ARTIFACTS for name in artifact.files + artifact.passing]
    assert sorted(declared) == sorted(SIDECAR_NAMES)
    assert len({a.name for a in ARTIFACTS}) == len(ARTIFACTS)
    assert all(a.freshness and a.updated for a in ARTIFACTS)
    assert len(CHECKS) == sum(a.check is not None for a in ARTIFACTS)
    assert [step for step, _ in STAGES] == [
        "pairing translations",
        "storing facts",
        "indexing for search",
    ]
    assert set(ARTICLE_STAGES) <= {a.name for a in ARTIFACTS}


def test_an_ingest_leaves_only_declared_files_and_tables(seeded_store: Store) -> None:
    folder = seeded_store.path.parent
    declared = {p for a in ARTIFACTS for p in a.paths(seeded_store.path)}
    expected = declared | {seeded_store.path, lock_path(seeded_store.path)}
    present = set(folder.iterdir())
    assert declared <= present  # each artifact's file is there
    assert present - expected <= {backup_path(seeded_store.path)}
    tables = set(orjson.loads(seeded_store.path.read_bytes()))
    assert tables == {"articles", "meta"} | {t for a in ARTIFACTS for t in a.tables}


def test_rebuild_makes_every_artifact_again(seeded_store: Store) -> None:
    before = {p.name: p.read_bytes() for a in ARTIFACTS for p in a.paths(seeded_store.path)}
    hits = [(h.doc, h.para) for h in search(seeded_store, "digital transformation").hits]
    for artifact in ARTIFACTS:
        for path in artifact.paths(seeded_store.path):
            path.unlink()
    reset_caches()
    assert rebuild(seeded_store) == len(seeded_store)
    after = {p.name: p.read_bytes() for a in ARTIFACTS for p in a.paths(seeded_store.path)}
    assert set(after) == set(before)
    # The same facts and features; the catalog and the index carry the new generation.
    file = seeded_store.sidecar_path("pairing.json").name
    assert orjson.loads(after[file]) == orjson.loads(before[file])
    facts = seeded_store.sidecar_path("facts").name
    assert parse_facts(after[facts])[0] == parse_facts(before[facts])[0]
    assert [(h.doc, h.para) for h in search(seeded_store, "digital transformation").hits] == hits
    report = check_database(seeded_store.path)
    assert report.healthy and not [f for f in report.findings if f.level != "ok"]


def test_a_small_ingest_leaves_a_search_delta_that_doctor_and_rebuild_know(
    seeded_store: Store, tmp_path: Path
) -> None:
    article = tmp_path / "new.txt"
    article.write_text(" date 2024-11-20 Hà Nội opened a metro line.\n", encoding="utf-8")
    seeded_store.ingest([article])
    delta = seeded_store.sidecar_path("search-delta")
    passing = {p for a in ARTIFACTS for p in a.passing}
    assert delta.exists() and delta.name.removeprefix(f"{seeded_store.path.stem}.") in passing
    report = check_database(seeded_store.path)
    assert report.healthy and not [f for f in report.findings if f.level != "ok"]
    assert rebuild(seeded_store) == len(seeded_store)
    assert not delta.exists()  # the index was written whole
    assert [h.doc for h in search(seeded_store, "metro line").hits] == ["new"]
