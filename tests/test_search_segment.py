"""Passages of search (store.search.segment) and the sentences and quotations they use."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.store.parse import parse_file
from newsdesk.store.search.segment import caption_span, passages
from newsdesk.store.sentences import find_quotes, split_sentences
from newsdesk.store.text import fold

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def quotes(text: str) -> list[str]:
    return [text[s:e] for s, e in find_quotes(text)]


def seed_paragraph(prefix: str, n: int) -> str:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return parse_file(path).paragraph(n).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The industry earned US$118 billion in 2024. Exports rose.",
            ["The industry earned US$118 billion in 2024.", "Exports rose."],
        ),
        (
            "They created 1.5 million jobs. Revenue was $6.64 billion (up 9.9 per cent). "
            "Exports grew.",
            [
                "They created 1.5 million jobs.",
                "Revenue was $6.64 billion (up 9.9 per cent).",
                "Exports grew.",
            ],
        ),
        (
            "The day falls on Oct. 10 every year. Mr. Long spoke. The U.S. President came.",
            ["The day falls on Oct. 10 every year.", "Mr. Long spoke.", "The U.S. President came."],
        ),
        (
            "Minister Lê T. Long arrived. He spoke.",
            ["Minister Lê T. Long arrived.", "He spoke."],
        ),
        (
            'He said "We did it. We go on." Then he left.',
            ['He said "We did it. We go on."', "Then he left."],
        ),
        (
            "Le ministre a déclaré : « Rien n'est impossible. Nous réussirons » devant eux. "
            "Il est parti.",
            [
                "Le ministre a déclaré : « Rien n'est impossible. Nous réussirons » devant eux.",
                "Il est parti.",
            ],
        ),
        (
            "« C'est fini. » Le public a applaudi.",
            ["« C'est fini. »", "Le public a applaudi."],
        ),
        (
            "Trade, services... towards a digital society. Next.",
            ["Trade, services... towards a digital society.", "Next."],
        ),
        ("Is it done? Yes! It is.", ["Is it done?", "Yes!", "It is."]),
    ],
)
def test_sentences_survive_numbers_abbreviations_and_quotes(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_seed_sentence_with_money_figures_stays_whole() -> None:
    para = seed_paragraph("002", 5)
    assert sentences(para) == [para]  # "1.5 million … US$118 billion …" is one sentence
    para = seed_paragraph("002", 6)
    assert sentences(para) == [para]  # "$6.64 billion (up 9.9 per cent)"


def test_seed_quote_inside_sentence_and_two_quoted_sentences() -> None:
    para = seed_paragraph("003", 5)
    assert len(sentences(para)) == 1  # the long quote sits inside one sentence
    assert quotes(para) == [
        "nothing is difficult, only fear of not being steadfast, digging mountains and "
        "filling seas, determination will surely make it happen"
    ]
    para = seed_paragraph("004", 4)
    parts = sentences(para)
    assert len(parts) == 2
    assert parts[1].startswith("\"It's an objective requirement")
    assert quotes(para) == [
        "digital transformation is the trend and movement of the era",
        "It's an objective requirement and a strategic choice for building and developing "
        "a comprehensive, modern, fast, and sustainable nation.",
    ]


def test_quotes_single_marks_and_mixed_straight_curly() -> None:
    para = seed_paragraph("002", 16)
    assert quotes(para) == [
        "Make in Việt Nam"
    ]  # 'single' quotes; "Việt Nam's" elsewhere is no quote
    para = seed_paragraph("002", 13)
    assert quotes(para) == [
        "These are an important driving force for fast and sustainable socio-economic development."
    ]  # opened with a straight mark, closed with a curly one


def test_apostrophes_are_not_quotes() -> None:
    text = "Việt Nam's leaders and the countries' ministers met at the people's hall."
    assert quotes(text) == []


def test_one_word_quotes_are_skipped_and_open_quote_runs_to_paragraph_end() -> None:
    assert quotes('the so-called "miracle" grew') == []
    assert quotes('"We will carry on with the reform') == ["We will carry on with the reform"]
    assert quotes('He said "we will carry on') == []  # opened mid-paragraph, never closed


def test_passages_lists_sentences_then_quotes_with_kinds() -> None:
    text = 'He said "we did it, all of us" today. Done.'
    found = [(text[p.start : p.end], p.kind) for p in passages(text)]
    assert found == [
        ('He said "we did it, all of us" today.', "sentence"),
        ("we did it, all of us", "quote"),
        ("Done.", "sentence"),
    ]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_fold_table_folds_each_character_as_fold_char(text: str) -> None:
    import unicodedata

    from newsdesk.store.text import fold_char

    text = unicodedata.normalize("NFC", text)
    assert fold(text) == "".join(map(fold_char, text))
    assert len(fold(text)) == len(text)


# A caption is searched whole, without the photo credit that ends it (forms seen in
# VNA, VNS, Le Courrier du Vietnam and VnExpress captions).
CAPTIONS = [
    (
        "Prime Minister Phạm Minh Chính speaks on Tuesday. — VNA/VNS Photo Dương Giang |",
        "Prime Minister Phạm Minh Chính speaks on Tuesday.",
    ),
    (
        "Foreign Ministry spokesperson Le Thi Thu Hang (Photo: VNA)",
        "Foreign Ministry spokesperson Le Thi Thu Hang",
    ),
    ("Des visiteurs à Hue. Photo : VNA", "Des visiteurs à Hue."),
    ("Building in District 1. Photo by Shutterstock/Chansak Joe", "Building in District 1."),
    ("Deputy PM Lê Thành Long at the summit. - VNA", "Deputy PM Lê Thành Long at the summit."),
    ("Workers in Bắc Ninh – Photo courtesy of Samsung", "Workers in Bắc Ninh"),
    # must keep: a photo that is the subject, not the credit
    ("A photo exhibition opened in Hà Nội", "A photo exhibition opened in Hà Nội"),
    ("Visitors at the Photo Festival in Huế", "Visitors at the Photo Festival in Huế"),
    ("Children play in a park |", "Children play in a park"),
]


@pytest.mark.parametrize(("text", "kept"), CAPTIONS)
def test_a_caption_loses_its_credit(text: str, kept: str) -> None:
    span = caption_span(text)
    assert span is not None and text[span[0] : span[1]] == kept


@pytest.mark.parametrize(
    "text", ["Photo: VNA/CVN", "Photo : Minh Quyêt/VNA/CVN |", "Photo credit: WCS", "(Ảnh: TTXVN)"]
)
def test_a_caption_that_is_only_a_credit_is_not_searched(text: str) -> None:
    assert caption_span(text) is None
