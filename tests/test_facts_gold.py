"""The hand-written gold files: sane, and met by the extractor (≥ 0.95 P and R per kind)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.store.facts import KINDS, extract_article
from newsdesk.store.facts.score import run_set
from newsdesk.store.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
# The gold files live beside the tests (the installed package has no tests folder).
SEEDS_GOLD = ROOT / "tests" / "data" / "facts" / "gold_seeds.json"
HELDOUT_DIR = ROOT / "tests" / "data" / "facts" / "heldout"
SETS = {
    "seeds": (SEEDS_GOLD, ROOT / "seeds"),
    "held-out": (HELDOUT_DIR / "gold.json", HELDOUT_DIR),
}


@pytest.mark.parametrize("name", sorted(SETS))
def test_gold_evidence_is_in_its_paragraph(name: str) -> None:
    gold_path, folder = SETS[name]
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["articles"]
    for doc, entry in gold.items():
        article = parse_file(folder / f"{doc}.txt")
        assert article.date == entry["date"], doc
        for fact in entry["facts"]:
            assert fact["kind"] in KINDS
            text = article.paragraph(fact["para"]).text.replace("’", "'")
            assert fact["text"].replace("’", "'") in text, (doc, fact)


@pytest.mark.parametrize("name", sorted(SETS))
def test_scores_meet_the_target(name: str) -> None:
    gold_path, folder = SETS[name]
    scores = run_set(name, gold_path, folder)
    for kind in KINDS:
        s = scores[kind]
        assert s.tp + s.fn > 0, f"{name}: no gold {kind}"
        assert s.precision >= 0.95 and s.recall >= 0.95, (kind, s.misses, s.extras)


def test_every_fact_span_is_its_evidence() -> None:
    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted(HELDOUT_DIR.glob("*.txt"))
    for path in paths:
        article = parse_file(path)
        for fact in extract_article(article):
            assert article.paragraph(fact.para).text[fact.start : fact.end] == fact.text
            assert fact.text and fact.text == fact.text.strip()
