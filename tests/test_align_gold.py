"""The aligner against hand-written gold alignments (tests/data/align/*/gold.json)."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from newsdesk.store.align import align_articles
from newsdesk.store.align.aligner import Alignment
from newsdesk.store.parse import parse_file
from newsdesk.store.records import Article

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "align"


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("align_score", DATA / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


score = _scorer()
PAIRS = [p.parent.name for p in score.gold_files()]


def test_every_gold_pair_is_found() -> None:
    assert PAIRS[0] == "seeds"
    assert len(PAIRS) >= 4  # the seed pair and at least three written for the tests


def test_seed_alignment_equals_the_gold_exactly() -> None:
    gold, alignment = score.load(DATA / "seeds" / "gold.json")
    predicted = [(list(k.left), list(k.right)) for k in alignment.links]
    expected = [(left, right) for left, right in gold["paragraphs"]]
    assert predicted == expected  # same links, same reading order
    assert score.predicted_sentence_links(alignment) == score.sentence_links(gold)


@pytest.mark.parametrize("name", PAIRS)
def test_gold_f1(name: str) -> None:
    gold, alignment = score.load(DATA / name / "gold.json")
    paragraphs = score.score(
        score.predicted_paragraph_links(alignment), score.paragraph_links(gold)
    )
    sentences = score.score(score.predicted_sentence_links(alignment), score.sentence_links(gold))
    assert paragraphs.f1 >= 0.97, (name, paragraphs)
    assert sentences.f1 >= 0.95, (name, sentences)


def test_gold_files_are_consistent() -> None:
    """Every paragraph of both articles appears in exactly one gold link."""
    for name in PAIRS:
        gold = json.loads((DATA / name / "gold.json").read_text(encoding="utf-8"))
        left = parse_file(ROOT / gold["left"])
        right = parse_file(ROOT / gold["right"])
        seen_left = sorted(n for link in gold["paragraphs"] for n in link[0])
        seen_right = sorted(n for link in gold["paragraphs"] for n in link[1])
        assert seen_left == [p.n for p in left.paragraphs], name
        assert seen_right == [p.n for p in right.paragraphs], name


def test_gold_has_merges_splits_and_one_sided_paragraphs() -> None:
    kinds: set[str] = set()
    for name in PAIRS:
        gold = json.loads((DATA / name / "gold.json").read_text(encoding="utf-8"))
        kinds |= {f"{len(left)}-{len(right)}" for left, right in gold["paragraphs"]}
    assert {"1-1", "1-0", "0-1", "1-2", "2-1"} <= kinds


def _without(article: Article, n: int) -> tuple[Article, dict[int, int]]:
    """``article`` with paragraph ``n`` removed and renumbered; old → new numbers."""
    kept = [p for p in article.paragraphs if p.n != n]
    renumber = {p.n: i for i, p in enumerate(kept, start=1)}
    paragraphs = [dataclasses.replace(p, n=renumber[p.n]) for p in kept]
    return dataclasses.replace(article, paragraphs=paragraphs), renumber


def _links(alignment: Alignment) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    return {(k.left, k.right) for k in alignment.links}


def test_an_untranslated_paragraph_comes_out_one_sided_wherever_it_is() -> None:
    """Delete any French body paragraph of a 1-1 link: its English source is left alone."""
    gold = json.loads((DATA / "seeds" / "gold.json").read_text(encoding="utf-8"))
    en = parse_file(ROOT / gold["left"])
    fr = parse_file(ROOT / gold["right"])
    one_to_one = [
        (left[0], right[0])
        for left, right in gold["paragraphs"]
        if len(left) == 1 and len(right) == 1 and fr.paragraph(right[0]).kind == "body"
    ]
    assert len(one_to_one) == 13
    for en_n, fr_n in one_to_one:
        shorter, renumber = _without(fr, fr_n)
        got = _links(align_articles(en, shorter))
        expected = {
            (tuple(left), tuple(renumber[n] for n in right))
            for left, right in gold["paragraphs"]
            if fr_n not in right
        }
        expected.add(((en_n,), ()))
        assert got == expected, (en_n, fr_n)


def test_long_and_short_dropped_paragraphs_cost_the_same() -> None:
    """The one-sided French paragraph stays one-sided even when made three times longer."""
    gold = json.loads((DATA / "seeds" / "gold.json").read_text(encoding="utf-8"))
    en = parse_file(ROOT / gold["left"])
    fr = parse_file(ROOT / gold["right"])
    extra = fr.paragraph(18)
    longer = dataclasses.replace(extra, text=" ".join([extra.text] * 3))
    paragraphs = [longer if p.n == 18 else p for p in fr.paragraphs]
    alignment = align_articles(en, dataclasses.replace(fr, paragraphs=paragraphs))
    assert ((), (18,)) in _links(alignment)
    assert ((13,), (17,)) in _links(alignment)


def test_headlines_link_captions_at_different_places_do_not_and_end_credits_do() -> None:
    _, alignment = score.load(DATA / "tourism" / "gold.json")
    links = _links(alignment)
    assert ((1,), (1,)) in links  # the headlines
    assert ((6,), ()) in links and ((), (3,)) in links  # captions at different places
    assert ((12,), (12,)) in links  # the closing credits


def test_links_carry_scores_and_sentences() -> None:
    _, alignment = score.load(DATA / "rice" / "gold.json")
    for link in alignment.links:
        assert 0.0 <= link.score <= 1.0
        if not link.one_sided:
            assert link.sentences
            left_sentences = {r.label for s in link.sentences for r in s.left}
            assert {label.split(".")[0] for label in left_sentences} == set(map(str, link.left))
    merged = next(k for k in alignment.links if k.left == (4, 5))
    assert merged.right == (4,)
    assert merged.score > 0.5


def test_alignment_round_trips_through_a_dict() -> None:
    _, alignment = score.load(DATA / "marathon" / "gold.json")
    assert Alignment.from_dict(json.loads(json.dumps(alignment.to_dict()))) == alignment
