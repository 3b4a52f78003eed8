"""The facts pane's benchmark runs on the seeds and reports what it claims."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

# bench/ is part of the checkout, not of the installed package.
sys.path.append(str(Path(__file__).resolve().parent.parent))

from bench.bench_facts_pane import main
from newsdesk.store import Store, load_facts
from newsdesk.store.sidecars import FACTS_VIEW


def test_a_cold_run_builds_the_view_and_reports_the_pane_and_its_memory(
    seeded_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(seeded_db, read_only=True) as store:
        total = len(load_facts(store))
        view = store.sidecar_path(FACTS_VIEW)
    view.write_bytes(b"left from an earlier state")
    assert main([str(seeded_db), "--runs", "1", "--cold"]) == 0
    marks = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert marks["run"] == 1 and marks["rows"] == total
    assert 0 < marks["filled_s"] < marks["wall_s"]
    assert marks["all_s"] > 0 and marks["last_s"] > 0
    assert marks["rss_before_mb"] > 0 and 0 < marks["rss_mb"] <= marks["peak_mb"] * 1.01
    assert view.read_bytes().endswith(b"NDFVIEW1")  # built again by the pane
