"""``bench.eval_align`` scores links on folders laid out like the evaluation corpora.

The folders are built here from a few sentences of our own; the real corpora
stay outside the project.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.append(str(Path(__file__).resolve().parent.parent))

from bench.eval_align import main

EN = [
    ["Airline chief welcomes new rules"],
    ["The head of the national airline said on Tuesday that the rules would help travellers."],
    ["The airport will stay open at night during the holiday season, the operator added."],
    [
        "However, we are always interested in developments that could benefit passengers.",
        "The decision will be reviewed by the ministry next year.",
    ],
]
FR = [
    ["Le patron de la compagnie aérienne salue les nouvelles règles"],
    [
        "Le dirigeant de la compagnie aérienne nationale a déclaré mardi que les règles "
        "aideraient les voyageurs."
    ],
    ["Toutefois, nous sommes toujours intéressés par les évolutions qui pourraient bénéficier."],
    ["La décision sera réexaminée par le ministère l'année prochaine."],
]


def _write_bitext(folder: Path) -> None:
    for lang, paragraphs in (("en", EN), ("fr", FR)):
        lines = "\n\n".join(" ".join(p) for p in paragraphs)
        (folder / f"01_{lang}.txt").write_text(lines + "\n", encoding="utf-8")
    gold = [[[0], [0]], [[1], [1]], [[2], []], [[3], [2, 3]]]
    (folder / "01_gold.json").write_text(json.dumps(gold), encoding="utf-8")
    segments = {
        "en_segments": [s for p in EN for s in p],
        "fr_segments": [s for p in FR for s in p],
        "en_paragraph_segments": [[0], [1], [2], [3, 4]],
        "fr_paragraph_segments": [[0], [1], [2], [3]],
        "links": [[[0], [0]], [[1], [1]], [[2], []], [[3], [2]], [[4], [3]]],
        "note": "written for the tests",
    }
    (folder / "01_gold_seg.json").write_text(json.dumps(segments), encoding="utf-8")


def test_bitext_links_and_sentences_are_scored_by_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_bitext(tmp_path)
    out_json = tmp_path / "figures.json"
    assert main([str(tmp_path), "--pairs", "--json", str(out_json)]) == 0
    printed = capsys.readouterr().out
    assert "paragraph links" in printed and "sentence links" in printed
    figures = json.loads(out_json.read_text())["all pairs"]
    assert set(figures["paragraphs"]) == {"all", "1-1", "1-0", "1-2"}
    assert figures["paragraphs"]["1-0"]["gold"] == 1
    assert figures["paragraphs"]["all"]["f1"] == 1.0
    assert figures["sentences"]["all"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "gold": 5}


def test_a_wrong_gold_link_lowers_precision_and_recall(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_bitext(tmp_path)
    wrong = [[[0], [0]], [[1], [1]], [[2], [2]], [[3], [3]]]  # not what the texts say
    (tmp_path / "01_gold.json").write_text(json.dumps(wrong), encoding="utf-8")
    out_json = tmp_path / "figures.json"
    assert main([str(tmp_path), "--json", str(out_json)]) == 0
    paragraphs = json.loads(out_json.read_text())["all pairs"]["paragraphs"]["all"]
    assert paragraphs["precision"] == 0.5 and paragraphs["recall"] == 0.5


def test_wire_pairs_align_the_gold_paragraphs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "align").mkdir()
    for lang, paragraphs in (("en", EN), ("fr", FR)):
        kinds = ["title", "body", "body", "body"]
        gold = {
            "id": f"{lang}_x",
            "lang": lang,
            "paragraphs": [
                {"text": " ".join(p), "kind": k} for p, k in zip(paragraphs, kinds, strict=True)
            ],
        }
        (tmp_path / "gold" / f"{lang}_x.json").write_text(json.dumps(gold), encoding="utf-8")
    links = [[[0], [0]], [[1], [1]], [[2], []], [[3], [2, 3]]]
    pair = {"en": "en_x", "fr": "fr_x", "links": links, "loose": True}
    (tmp_path / "align" / "en_x__fr_x.json").write_text(json.dumps(pair), encoding="utf-8")
    assert main([str(tmp_path), "--pairs"]) == 0
    printed = capsys.readouterr().out
    assert 'loose ("two outlets"): 1 pairs' in printed
    assert "overall    P 1.000  R 1.000  F1 1.000  (gold 4)" in printed


def test_a_folder_of_neither_kind_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path)]) == 2
    assert "holds neither" in capsys.readouterr().err
