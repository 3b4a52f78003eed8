"""The benchmark corpus generator: deterministic, varied, parseable, with pairs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

# bench/ is part of the checkout, not of the installed package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import generate_corpus, strip_accents
from newsdesk.store.parse import parse_file
from newsdesk.store.sentences import split_sentences


def test_same_seed_same_files_and_prefix_property(tmp_path: Path) -> None:
    a = generate_corpus(12, tmp_path / "a", seed=3)
    b = generate_corpus(12, tmp_path / "b", seed=3)
    c = generate_corpus(20, tmp_path / "c", seed=3)
    assert [p.name for p in a] == [p.name for p in b] == [p.name for p in c[:12]]
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in c[:12]]
    other = generate_corpus(12, tmp_path / "d", seed=4)
    assert [p.read_text() for p in other] != [p.read_text() for p in a]


def test_articles_parse_with_about_25_sentences_and_vary(tmp_path: Path) -> None:
    paths = generate_corpus(20, tmp_path)
    english = [parse_file(p) for i, p in enumerate(paths) if i % 10 not in (8, 9)]
    assert all(a.lang == "en" and a.date for a in english)
    counts = [sum(len(split_sentences(p.text)) for p in a.body) for a in english]
    assert 20 <= sum(counts) / len(counts) <= 30
    texts = [p.read_text() for p in paths]
    assert len(set(texts)) == len(texts)
    # Seed people are replaced by generated ones.
    joined = "\n".join(texts)
    assert "Lê Thành Long" not in joined and "Lu Dongliang" not in joined


def test_one_in_ten_is_a_french_translation_of_the_one_before(tmp_path: Path) -> None:
    paths = generate_corpus(20, tmp_path)
    manifest = json.loads((tmp_path / "corpus.json").read_text())
    assert manifest["pairs"] == [[paths[8].name, paths[9].name], [paths[18].name, paths[19].name]]
    en, fr = parse_file(paths[8]), parse_file(paths[9])
    assert fr.lang == "fr" and en.lang == "en"
    assert en.date == fr.date
    # The same people in both languages.
    minister = en.body[0].text.split("Deputy Prime Minister ")[1].split(" said")[0]
    assert minister in fr.body[0].text


def test_strip_accents_keeps_case() -> None:
    assert strip_accents("Phạm Minh Chính, Đà Nẵng") == "Pham Minh Chinh, Da Nang"
