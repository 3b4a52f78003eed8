"""The store's one sentence splitter (store.sentences) and the users that share it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.store.align.aligner import analyse
from newsdesk.store.facts.common import doc_context, tokens
from newsdesk.store.parse import derive_title, parse_file, parse_text
from newsdesk.store.records import Article, Paragraph
from newsdesk.store.search.segment import passages
from newsdesk.store.sentences import find_quotes, is_abbreviation, split_sentences

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a dotted abbreviation ends a sentence when one plainly starts after it
            "Vietnam's rice exports to the U.S. rose 12.5 percent. The U.S. Department of "
            "Agriculture expects more imports from the U.S. The figures come from Hà Nội.",
            [
                "Vietnam's rice exports to the U.S. rose 12.5 percent.",
                "The U.S. Department of Agriculture expects more imports from the U.S.",
                "The figures come from Hà Nội.",
            ],
        ),
        (  # titles, initials and a time of day
            "Mr. Lê T. Long met Dr. Smith and Gen. Nguyễn at 3 p.m. They spoke for an hour. "
            "Assoc. Prof. Dr. Trần Văn Hải chaired.",
            [
                "Mr. Lê T. Long met Dr. Smith and Gen. Nguyễn at 3 p.m.",
                "They spoke for an hour.",
                "Assoc. Prof. Dr. Trần Văn Hải chaired.",
            ],
        ),
        (  # references and months before their numbers
            "Việt Nam ranked No. 2 in Southeast Asia on Oct. 10, 2024. See Art. 5 of the decree.",
            [
                "Việt Nam ranked No. 2 in Southeast Asia on Oct. 10, 2024.",
                "See Art. 5 of the decree.",
            ],
        ),
        (  # company forms: one after another holds, a sentence after one ends it
            "Samsung Electronics Co. Ltd. opened a plant in Bắc Ninh. It employs 6,000 people "
            "at China-ASEAN Information Harbor Ltd. Revenue rose.",
            [
                "Samsung Electronics Co. Ltd. opened a plant in Bắc Ninh.",
                "It employs 6,000 people at China-ASEAN Information Harbor Ltd.",
                "Revenue rose.",
            ],
        ),
        (  # an ellipsis, questions and exclamations; an ellipsis before lower case goes on
            "Trade, services... towards a digital society. Why now? Because it works! Yes.",
            [
                "Trade, services... towards a digital society.",
                "Why now?",
                "Because it works!",
                "Yes.",
            ],
        ),
        (  # the quotation mark closes after the full stop; a quote that opens a sentence is cut
            '"Exports grew 9.9 per cent. We expect more," Minister Long said. He left.',
            ['"Exports grew 9.9 per cent.', 'We expect more," Minister Long said.', "He left."],
        ),
        (  # a quotation held by a sentence is not cut
            'He said "We did it. We go on." Then he left.',
            ['He said "We did it. We go on."', "Then he left."],
        ),
        (  # a wire-copy full stop with no space after it
            "Exports reached 7.1 million tonnes.The Philippines remained the top buyer.",
            ["Exports reached 7.1 million tonnes.", "The Philippines remained the top buyer."],
        ),
        (  # an acronym with slashes is no initial
            "Profit beat forecasts, according to Thomson Reuters I/B/E/S. The stock rose.",
            ["Profit beat forecasts, according to Thomson Reuters I/B/E/S.", "The stock rose."],
        ),
        (  # domain names stay whole
            "Visit vietnamplus.vn for more. Its site is www.Vietnam.vn.",
            ["Visit vietnamplus.vn for more.", "Its site is www.Vietnam.vn."],
        ),
    ],
)
def test_english_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # decimal commas, thousands points, a French title
            "Le PIB a progressé de 6,5 % en 2024. M. Macron a rencontré Mme Dupont et MM. Durand "
            "à Hanoï. Les exportations ont atteint 1.234 milliards de dollars.",
            [
                "Le PIB a progressé de 6,5 % en 2024.",
                "M. Macron a rencontré Mme Dupont et MM. Durand à Hanoï.",
                "Les exportations ont atteint 1.234 milliards de dollars.",
            ],
        ),
        (  # a guillemet closing after the full stop, with its space
            "« C'est fini. » Le public a applaudi. « Nous réussirons », a-t-il dit.",
            ["« C'est fini. »", "Le public a applaudi.", "« Nous réussirons », a-t-il dit."],
        ),
        (  # a quotation held by a sentence is not cut
            "Le ministre a déclaré : « Rien n'est impossible. Nous réussirons » devant eux. "
            "Il est parti.",
            [
                "Le ministre a déclaré : « Rien n'est impossible. Nous réussirons » devant eux.",
                "Il est parti.",
            ],
        ),
        (  # a dotted abbreviation, an elided article opening the next sentence
            "Les É.-U. Le pays a importé du riz des É.-U. L'Inde a suivi.",
            ["Les É.-U. Le pays a importé du riz des É.-U.", "L'Inde a suivi."],
        ),
        (  # "St." and "n°"
            "Il habite à St. Louis depuis le n° 5 de la liste. Pourquoi ? Il aime la ville !",
            [
                "Il habite à St. Louis depuis le n° 5 de la liste.",
                "Pourquoi ?",
                "Il aime la ville !",
            ],
        ),
    ],
)
def test_french_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_a_sentence_ending_a_paragraph_keeps_its_abbreviation() -> None:
    text = "Rice went mostly to the Philippines and the U.S."
    assert sentences(text) == [text]
    assert sentences("  Exports rose.  Imports fell. ") == ["Exports rose.", "Imports fell."]
    assert split_sentences("") == [] and split_sentences(" | ") == []


def test_quotes_and_abbreviations_helpers() -> None:
    text = "He called it “a historic day for us” and left."
    assert [text[s:e] for s, e in find_quotes(text)] == ["a historic day for us"]
    assert all(map(is_abbreviation, ["Mr", "Mme", "No", "Oct", "Ltd", "U.S", "É.-U", "etc"]))
    assert not any(map(is_abbreviation, ["tonnes", "said", "US", "Long"]))


def test_fact_tokens_keep_the_dot_of_an_abbreviation_only() -> None:
    text = "Mr. Long of Co. Ltd. visited the U.S. last year."
    words = [t.text for t in tokens(text)]
    assert words == [
        "Mr.",
        "Long",
        "of",
        "Co.",
        "Ltd.",
        "visited",
        "the",
        "U.S.",
        "last",
        "year",
        ".",
    ]


def test_a_derived_title_is_the_first_sentence_without_its_full_stop() -> None:
    def title(text: str) -> str:
        return derive_title([Paragraph(1, "body", text)])

    assert title("Mr. Long visited the U.S. Department of State. He left.") == (
        "Mr. Long visited the U.S. Department of State"
    )
    assert title("“Trade is the engine.” The minister spoke.") == "“Trade is the engine”"


_ALPHABET = st.sampled_from(
    [*"abAB19 .,!?…\"'“”«»()-", " ", " ", "U.S.", "Mr. ", "No. ", "M. ", "Ltd. ", "The ", "\n"]
)


@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_spans_are_ordered_trimmed_and_lose_no_word(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end
    covered = {i for s, e in spans for i in range(s, e)}
    assert all(i in covered for i, ch in enumerate(text) if ch.isalnum())


# Paragraphs where the three old splitters disagreed: quotes, guillemets, run-ons,
# abbreviations before a capital, initials, decimals.
_HARD_EN = [
    "Rice exports to the U.S. rose 12.5 percent in value.The Philippines remained the top "
    "buyer, Mr. Nguyễn V. An said on Oct. 10. Samsung Co. Ltd. agreed.",
    "“Hanoi is busy. There’re a lot of people. Your food is unbelievable,” Kate said. "
    'She added: "We will come back. We love it." Then she left for the U.S. It was 3 p.m.',
    "Profit beat forecasts, according to Thomson Reuters I/B/E/S. The stock rose 1.5%... "
    "Analysts were surprised! Why? Nobody knows.",
]
_HARD_FR = [
    "« Elle était dans une situation précaire. » Elle était au milieu de la falaise. "
    "M. Edis a expliqué que le PIB a progressé de 6,5 %.Les exportations ont suivi.",
    "Le ministre a déclaré : « Rien n'est impossible. Nous réussirons » devant eux. "
    "L'Inde a importé 1.234 tonnes des É.-U. Selon Mme Dupont, c'est un record.",
]


def _article_of(paragraphs: list[str], lang: str) -> str:
    title = "Rice trade" if lang == "en" else "Commerce du riz"
    return f"{title}\n\n" + "\n\n".join(paragraphs) + "\n"


def _articles() -> list[tuple[str, Article]]:
    found = [(path.name, parse_file(path)) for path in sorted(SEEDS.glob("*.txt"))]
    found.append(("hard_en", parse_text(_article_of(_HARD_EN, "en"), doc_id="hard_en")))
    found.append(("hard_fr", parse_text(_article_of(_HARD_FR, "fr"), doc_id="hard_fr")))
    return found


def test_search_alignment_and_facts_cut_the_same_sentences() -> None:
    several = 0
    for name, article in _articles():
        facts = {p.n: p.sentence_spans() for p in doc_context(article).paras}
        for para in article.body:
            expected = split_sentences(para.text)
            search = [(p.start, p.end) for p in passages(para.text) if p.kind == "sentence"]
            _, parts = analyse(para, article.lang)
            alignment = [(ref.start, ref.end) for ref, _ in parts]
            assert search == alignment == facts[para.n] == expected, (name, para.n)
            several += len(expected) > 1
    assert several >= 10  # paragraphs of several sentences, where splitters can differ


def test_the_hard_paragraphs_are_cut_where_a_reader_would() -> None:
    article = parse_text(_article_of(_HARD_EN, "en"), doc_id="hard_en")
    cut = [[para.text[s:e] for s, e in split_sentences(para.text)] for para in article.body]
    assert cut[1] == [
        "“Hanoi is busy.",
        "There’re a lot of people.",
        "Your food is unbelievable,” Kate said.",
        'She added: "We will come back. We love it."',
        "Then she left for the U.S.",
        "It was 3 p.m.",
    ]


_SPLITTER_NAME = re.compile(
    r"(?i)split_?sentences|^_?sentences$|sent(ence)?_?end|^_?abbrev(iation)?s?$"
)


def test_the_store_has_one_sentence_splitter() -> None:
    """No module of store/ but store/sentences.py defines a splitter or an abbreviation list."""
    offenders = []
    for path in sorted((ROOT / "store").rglob("*.py")):
        if path == ROOT / "store" / "sentences.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [
            node.name
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        ]
        for node in tree.body:  # module-level tables and patterns
            if isinstance(node, ast.Assign):
                names += [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names.append(node.target.id)
        offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if _SPLITTER_NAME.search(n)]
    assert offenders == []
