"""``newsdesk compare`` and the ``pair`` field of ``newsdesk list --json``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.tui.cli import main

EN, FR = "000_c83c607eafd10b0c", "001_90cf4035eb27f56b"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_compare_json_shape(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compare", "000", "--json")
    assert code == 0
    data = json.loads(out)
    assert {"left", "right", "confidence", "links", "one_sided", "mismatches"} <= set(data)
    assert (data["left"], data["right"]) == (EN, FR)
    assert data["paired"] is True and 0.5 < data["confidence"] <= 1
    assert len(data["links"]) == 19
    for link in data["links"]:
        assert {"left", "right", "score", "sentences", "issues"} <= set(link)
    first = data["links"][1]
    assert (first["left"], first["right"]) == ([1], [2])
    assert first["sentences"][0]["left"][0] == {"n": 1, "s": 1, "start": 0, "end": 188}
    body = [f for f in data["one_sided"] if f.get("paragraph_kind") == "body"]
    assert [(f["side"], f["n"]) for f in body] == [("right", 18)]
    assert [f["context"] for f in body[0]["figures"]] == [
        "2014",
        "dix années",
        "170 institutions",
        "30 pays",
        "six continents",
    ]
    assert data["mismatches"] == []


def test_compare_from_the_french_side_keeps_english_left(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "compare", "001", "--json")
    assert code == 0
    assert (json.loads(out)["left"], json.loads(out)["right"]) == (EN, FR)


def test_compare_markdown_is_a_two_column_table(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "compare", "000", "--markdown")
    assert code == 0
    assert f"# `{EN}` (English) ⇄ `{FR}` (French)" in out
    assert "| ¶ | English | ¶ | French |" in out
    assert "| 14 | VNA/VNS | 19 | VNA/CVN |" in out
    assert "six continents" in out and "⊕ French ¶18 (body)" in out


def test_compare_plain_text(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compare", "000")
    assert code == 0
    assert "¶13 ⇄ ¶17" in out and "¶— ⇄ ¶18  0-1" in out


def test_compare_any_two_articles(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compare", "002", "001", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["paired"] is False and data["confidence"] < 0.5
    assert data["left"].startswith("002") and data["right"] == FR


def test_compare_errors_are_one_line(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "compare", "002")
    assert code == 2
    assert "has no detected translation" in err and "Traceback" not in err
    code, _, err = run(capsys, "compare", "000", "000")
    assert code == 2 and "itself" in err
    code, _, err = run(capsys, "compare", "zzz")
    assert code == 2 and "no article" in err


def test_list_json_has_pair(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    pairs = {row["id"][:3]: row["pair"] for row in json.loads(out)}
    assert pairs == {"000": FR, "001": EN, "002": None, "003": None, "004": None}
