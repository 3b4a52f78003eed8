"""The facts evaluation matches predictions to gold by span and kind, then checks fields."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.append(str(Path(__file__).resolve().parent.parent))

from bench.eval_facts import evaluate, indicator_ok, main, report

_PARAS = [
    {"text": "Exports rise", "kind": "title"},
    {"text": "Exports reached US$5.2 billion, up 12% from a year earlier.", "kind": "body"},
    {"text": "Exports reached US$5.2 billion in the first half.", "kind": "body"},
    {"text": "Related news: 3 things to know", "kind": "junk"},
]


def _corpus(tmp_path: Path, facts: list[dict[str, object]]) -> Path:
    gold = {
        "id": "en_t",
        "lang": "en",
        "date": "2024-07-01",
        "title": "Exports rise",
        "dateline": None,
        "credits": [],
        "paragraphs": _PARAS,
        "facts": facts,
    }
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "en_t.json").write_text(json.dumps(gold), encoding="utf-8")
    return tmp_path


def test_overlapping_span_of_the_same_kind_matches_once_per_article(tmp_path: Path) -> None:
    folder = _corpus(
        tmp_path,
        [
            {"kind": "money", "text": "US$5.2 billion", "amount": 5.2e9, "currency": "USD"},
            {"kind": "percent", "text": "12%", "value": 12},
            {"kind": "count", "text": "7 ships", "value": 7, "unit": "ships"},
        ],
    )
    result = evaluate(folder)["all"]
    assert (result["money"].tp, result["money"].fp, result["money"].fn) == (1, 0, 0)
    assert result["money"].ok["amount"] == 1
    assert (result["percent"].tp, result["percent"].fn) == (1, 0)
    assert result["count"].fn == 1
    assert result["count"].fp == 0  # "3 things" is in a junk paragraph, which is skipped


def test_indicator_must_name_the_sub_index_when_gold_does() -> None:
    assert indicator_ok("Global Innovation Index", "Global Innovation Index")
    assert indicator_ok("GII", "Global Innovation Index")
    assert not indicator_ok(
        "Global Innovation Index", "Global Innovation Index – innovation inputs"
    )
    assert indicator_ok(
        "Global Innovation Index – intrants de l'innovation",
        "Global Innovation Index – innovation inputs",
    )
    assert not indicator_ok("World Happiness Report", "Global Innovation Index")


def test_report_prints_every_kind_and_language(tmp_path: Path) -> None:
    folder = _corpus(tmp_path, [{"kind": "percent", "text": "12%", "value": 12}])
    text = report(evaluate(folder))
    assert "percent" in text and "en P" in text and "all R" in text


def test_a_folder_without_gold_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="no gold/ folder"):
        main([str(tmp_path)])
