"""``newsdesk facts`` and ``newsdesk people`` on the seeds."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from newsdesk.tui.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_conflicts_show_the_egdi_disagreement(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "facts", "--conflicts")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "✗ ranking   E-Government Development Index · Việt Nam · 2024"
    assert lines[1].split() == ["71/193", "002_956a9e9d0dc31da8"]
    assert lines[2].split() == ["74/193", "000_c83c607eafd10b0c,", "001_90cf4035eb27f56b"]


def test_conflicts_as_json(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "facts", "--conflicts", "--json")
    data = json.loads(out)
    assert code == 0
    (conflict,) = data["conflicts"]
    assert conflict["values"]["74/193"] == ["000_c83c607eafd10b0c", "001_90cf4035eb27f56b"]
    for gap in data["discrepancies"]:
        assert gap["what"] in ("only-left", "only-right", "different")


def test_facts_of_one_kind_in_one_article(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "facts", "--doc", "002", "--kind", "ranking", "--json")
    rows = json.loads(out)
    assert code == 0
    assert [(r["para"], r["fields"]["rank"], r["fields"]["change"]) for r in rows] == [
        (3, 71, 15),
        (4, 44, 2),
        (4, 17, 8),
    ]
    assert rows[0]["text"].startswith("e-Government Development Index rising 15 places")


def test_csv_has_one_row_per_fact(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out_json, _ = run(capsys, "facts", "--kind", "quote,person", "--json")
    code, out, _ = run(capsys, "facts", "--kind", "quote,person", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert len(rows) == len(json.loads(out_json)) == 41
    assert {r["kind"] for r in rows} == {"quote", "person"}


def test_text_lists_kind_value_and_evidence(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "facts", "--doc", "000", "--kind", "date")
    assert code == 0
    assert "2024-11-19..2024-11-22  «November 19-22»" in out
    assert len(out.splitlines()) == 4


def test_unknown_kind_and_unknown_doc_are_errors(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["facts", "--kind", "weather"])
    assert exc.value.code == 2
    assert "unknown kind 'weather'" in capsys.readouterr().err
    code, out, err = run(capsys, "facts", "--doc", "zzz")
    assert code != 0 and out == ""
    assert err.startswith("newsdesk: error: no article with id 'zzz'")


def test_people_json_has_one_entry_per_person(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "people", "--json")
    people = json.loads(out)
    assert code == 0
    names = [p["name"] for p in people]
    assert len(names) == len(set(names))
    chinh = people[names.index("Phạm Minh Chính")]
    assert chinh["docs"] == ["003_9094b1ad625a1bb7", "004_724a446758bcd638"]
    assert {"Pham Minh Chinh", "Chính"} <= set(chinh["spellings"])
    assert chinh["quotes"] == 7


def test_people_text(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "people")
    assert code == 0
    assert "Lê Thành Long — 7 mentions in 3 articles" in out
    assert "    vice-Premier ministre  (001_90cf4035eb27f56b)" in out
