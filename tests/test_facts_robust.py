"""Facts on hostile or odd text: never an exception, every span its evidence, no slow path."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.store.facts import extract_article
from newsdesk.store.parse import parse_text

_WORDS = st.sampled_from(
    [
        "Prime", "Minister", "Phạm", "Minh", "Chính", "said", "“", "”", "«", "»", '"', ",", ".",
        "74th", "out", "of", "193", "in", "the", "Index", "l'indice", "de", "$6.64", "billion",
        "per", "cent", "%", "on", "Thursday", "jeudi", "November", "19-22", "du", "au", "Ltd",
        "Committee", "and", "he", "il", "a-t-il", "déclaré", "1,000", "delegates", "un",
        "millier", "Việt", "Nam", "ranked", "places", "rising", "15", "(", ")", "—", "\u202f",
        "Comrade", "Mr.", "Dr", "the same day", "today", "VNA", "ASEAN", "e-Government",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_WORDS, max_size=40), min_size=1, max_size=5))
def test_any_mix_of_fact_words_extracts_cleanly(paragraphs: list[list[str]]) -> None:
    text = "\n\n".join(" ".join(words) for words in paragraphs)
    article = parse_text(f" date 2024-11-20 {text}", doc_id="x")
    for fact in extract_article(article):
        paragraph = article.paragraph(fact.para).text
        assert paragraph[fact.start : fact.end] == fact.text


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises(text: str) -> None:
    article = parse_text(text or " ", doc_id="y")
    for fact in extract_article(article):
        assert article.paragraph(fact.para).text[fact.start : fact.end] == fact.text


def test_long_unbroken_text_is_handled() -> None:
    text = " ".join(["Nguyễn Văn An"] * 3000) + " said. " + "A" * 20000 + ' "' * 500
    article = parse_text(f" date 2024-11-20 {text}", doc_id="z")
    facts = extract_article(article)
    assert all(f.text for f in facts)
