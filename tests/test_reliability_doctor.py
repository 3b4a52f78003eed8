"""`newsdesk doctor`: checks a database, restores its backup, rebuilds derived data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from newsdesk.store import DatabaseError, Store
from newsdesk.store.db import SCHEMA_VERSION
from newsdesk.store.doctor import DERIVED_CHECKS, Finding, check_database, restore_backup
from newsdesk.store.records import Paragraph, pack_paragraphs, unpack_paragraphs
from newsdesk.store.storage import backup_path
from newsdesk.tui.cli import main


@pytest.fixture
def two_writes(db_path: Path, seeds_dir: Path) -> Path:
    """A database whose backup holds the five seeds and whose file adds one article."""
    with Store.open(db_path) as store:
        store.ingest([seeds_dir])
    extra = db_path.parent / "extra"
    extra.mkdir()
    (extra / "extra.txt").write_text(
        "An extra article\n\nThe harbour reopened on Friday after the storm.\n", encoding="utf-8"
    )
    with Store.open(db_path) as store:
        store.ingest([extra])
    return db_path


def _tables(path: Path) -> dict[str, dict[str, dict[str, object]]]:
    data: dict[str, dict[str, dict[str, object]]] = orjson.loads(path.read_bytes())
    return data


def _levels(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"ok": [], "warn": [], "fail": []}
    for finding in check_database(path).findings:
        found[finding.level].append(finding.message)
    return found


def test_a_fresh_database_is_healthy(two_writes: Path) -> None:
    report = check_database(two_writes)
    assert report.healthy, report.lines()
    assert report.articles == 6
    ok = " | ".join(_levels(two_writes)["ok"])
    assert f"schema version {SCHEMA_VERSION}" in ok and "all 6 articles are readable" in ok
    assert "backup newsdesk.json.bak is readable (5 articles)" in ok


def test_doctor_changes_nothing(two_writes: Path) -> None:
    before = {p.name: p.read_bytes() for p in two_writes.parent.iterdir() if p.is_file()}
    check_database(two_writes)
    after = {p.name: p.read_bytes() for p in two_writes.parent.iterdir() if p.is_file()}
    assert after == before


def test_a_missing_database_fails(tmp_path: Path) -> None:
    report = check_database(tmp_path / "none.json")
    assert not report.healthy
    assert "no database at" in report.lines()[0]
    assert not (tmp_path / "none.json").exists()


def test_damaged_records_are_named(two_writes: Path) -> None:
    tables = _tables(two_writes)
    records = tables["articles"]
    keys = sorted(records, key=int)
    first = unpack_paragraphs(records[keys[0]]["body"])
    first[0] = Paragraph(1, first[0].kind, "evil \x1b]0;title\x07")
    records[keys[0]]["body"] = pack_paragraphs(first)
    # A record in the older inline layout, with a gap in its numbering.
    second = records[keys[1]]
    second["paragraphs"] = [p.to_dict() for p in unpack_paragraphs(second.pop("body"))]
    second["paragraphs"][1]["n"] = 7
    records[keys[4]]["body"] = records[keys[4]]["body"][:-12]  # truncated
    del records[keys[2]]["title"]
    records["99"] = dict(records[keys[3]])
    two_writes.write_bytes(orjson.dumps(tables))
    fails = " | ".join(_levels(two_writes)["fail"])
    assert "000_c83c607eafd10b0c' holds raw control or bidi characters" in fails
    assert "001_90cf4035eb27f56b' has paragraphs numbered [1, 7" in fails
    assert "002_956a9e9d0dc31da8' is not readable (KeyError" in fails
    assert "article id '003_9094b1ad625a1bb7' is stored twice" in fails
    assert "004_724a446758bcd638' is not readable (ValueError: damaged paragraphs" in fails


def test_wrong_schema_and_generation_fail(two_writes: Path) -> None:
    tables = _tables(two_writes)
    tables["meta"]["1"]["generation"] = "lots"
    two_writes.write_bytes(orjson.dumps(tables))
    assert any("generation counter is 'lots'" in m for m in _levels(two_writes)["fail"])
    tables["meta"]["1"]["schema_version"] = 7
    two_writes.write_bytes(orjson.dumps(tables))
    assert any("schema version 7 is newer" in m for m in _levels(two_writes)["fail"])


def test_broken_pairs_fail_and_rebuild_fixes_them(
    two_writes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tables = _tables(two_writes)
    for record in tables["articles"].values():
        if record["id"] == "001_90cf4035eb27f56b":
            record["pair"] = None  # its partner 000 still points at it
    two_writes.write_bytes(orjson.dumps(tables))
    fails = _levels(two_writes)["fail"]
    assert any("000_c83c607eafd10b0c is paired with 001_90cf4035eb27f56b" in m for m in fails)
    assert main(["--db", str(two_writes), "doctor"]) == 1
    assert main(["--db", str(two_writes), "doctor", "--rebuild"]) == 0
    assert "rebuilt derived data for 6 articles" in capsys.readouterr().out
    with Store.open(two_writes) as store:
        assert store.get("001").pair == "000_c83c607eafd10b0c"


@pytest.fixture
def failing_check() -> Iterator[None]:
    def always_stale(store: Store) -> list[Finding]:
        return [Finding("fail", f"index built at generation 0, store at {store.generation()}")]

    DERIVED_CHECKS.append(always_stale)
    yield
    DERIVED_CHECKS.remove(always_stale)


def test_registered_derived_checks_report(two_writes: Path, failing_check: None) -> None:
    report = check_database(two_writes)
    assert not report.healthy
    assert "fail  index built at generation 0, store at 2" in report.lines()


def test_a_corrupt_database_points_at_a_good_backup(two_writes: Path) -> None:
    two_writes.write_bytes(b'{"articles": {"1": ')
    found = _levels(two_writes)
    assert "is corrupt (not valid JSON)" in found["fail"][0]
    assert any("is readable (5 articles)" in m and "doctor --restore" in m for m in found["warn"])


def test_restore_puts_the_backup_back_and_keeps_the_replaced_file(
    two_writes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = b'{"articles": {"1": '
    two_writes.write_bytes(damaged)
    backup = backup_path(two_writes).read_bytes()
    assert main(["--db", str(two_writes), "doctor"]) == 1
    assert main(["--db", str(two_writes), "doctor", "--restore"]) == 0
    out = capsys.readouterr().out
    assert f"restored {two_writes} from its backup" in out and "healthy" in out
    kept = [p for p in two_writes.parent.iterdir() if ".replaced-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    with Store.open(two_writes) as store:
        assert len(store) == 5
        # Past any generation the damaged file may have had, so derived data rebuilds.
        assert store.generation() >= 1000
    assert backup_path(two_writes).read_bytes() == backup
    assert check_database(two_writes).healthy


def test_restore_moves_the_generation_past_a_readable_file(two_writes: Path) -> None:
    with Store.open(two_writes) as store:
        generation = store.generation()
    restore_backup(two_writes)
    with Store.open(two_writes) as store:
        assert store.generation() == generation + 1
        assert "extra" not in store.ids()


def test_restore_refuses_a_missing_or_damaged_backup(two_writes: Path) -> None:
    current = two_writes.read_bytes()
    backup_path(two_writes).write_bytes(b"not json")
    with pytest.raises(DatabaseError, match="the backup cannot be restored"):
        restore_backup(two_writes)
    backup_path(two_writes).unlink()
    with pytest.raises(DatabaseError, match="there is no backup"):
        restore_backup(two_writes)
    assert two_writes.read_bytes() == current


def test_cli_restore_without_backup_is_one_clear_error(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "doctor", "--restore"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("newsdesk: error: there is no backup")


def test_cli_json_output(two_writes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(two_writes), "doctor", "--json"]) == 0
    data = orjson.loads(capsys.readouterr().out)
    assert data["healthy"] is True and data["articles"] == 6
    assert {f["level"] for f in data["findings"]} == {"ok"}


def test_missing_facts_are_a_warning_not_a_failure(two_writes: Path) -> None:
    facts = two_writes.with_name(f"{two_writes.stem}.facts")
    facts.unlink()
    report = check_database(two_writes)
    assert report.healthy, report.lines()
    warnings = " | ".join(_levels(two_writes)["warn"])
    assert "facts of 6 article(s) are missing or stale in newsdesk.facts" in warnings
    assert not facts.exists()  # doctor only reads
