"""Quote rules: quoted words in EN and FR marks, and who said them (or null)."""

from __future__ import annotations

import pytest
from facts_corpus import facts_of

CASES = [
    # (text, quote starts with, speaker)
    ('"It is a cause of the entire people," he stressed.\n\n', "It is a cause", None),
    (
        "Prime Minister Phạm Minh Chính spoke.\n\n"
        '"It is a cause of the entire people," he stressed.',
        "It is a cause",
        "Phạm Minh Chính",
    ),
    (
        "Permanent Deputy Prime Minister Nguyễn Hòa Bình spoke.\n\n"
        'Data is a driving force, said Bình, adding: " These are important forces.”',
        "These are important",
        "Nguyễn Hòa Bình",
    ),
    (
        "Prime Minister Phạm Minh Chính, who chairs the committee, emphasised that "
        '"digital transformation is the trend of the era". "It is an objective requirement."',
        "It is an objective",
        "Phạm Minh Chính",
    ),
    (
        "Prime Minister Pham Minh Chinh spoke.\n\nThe Prime Minister affirmed that it has "
        '"reached every alley, knocked on every door".',
        "reached every alley",
        "Pham Minh Chinh",
    ),
    (
        'He praised the spirit of "nothing is difficult, only fear of not being steadfast", '
        "as beloved President Ho Chi Minh taught.",
        "nothing is difficult",
        "Ho Chi Minh",
    ),
    (
        "Le ministre Nguyễn Mạnh Hùng a parlé.\n\n"
        "« Notre économie numérique a progressé de 20 % », a-t-il déclaré.",
        "Notre économie",
        "Nguyễn Mạnh Hùng",
    ),
    (
        '"This is the result of years of work," a spokesperson for the association said.',
        "This is the result",
        None,
    ),
    (
        "It is necessary to promote breakthroughs with "
        '"open institutions, transparent infrastructure, and smart human resources".',
        "open institutions",
        None,
    ),
    (
        "Minister Phan Tâm spoke. Teo welcomed the proposal. "
        "“We see Việt Nam as a key partner,” said Josephine Teo.",
        "We see",
        "Josephine Teo",
    ),
]

NOT_QUOTES = [
    "The summit is themed “Embracing a People-Centered and AI-for-Good Digital Future”.",
    'Sur le thème "Embrasser un avenir numérique centré sur le peuple", le sommet a ouvert.',
    'The Government has determined to implement the "dual goal".',
    'He promoted "Make in Việt Nam Digital Products" across the country.',
    'He reiterated the article by General Secretary To Lam "Digital transformation - an '
    'important driving force".',
]


@pytest.mark.parametrize(("text", "start", "speaker"), CASES)
def test_quote_and_speaker(text: str, start: str, speaker: str | None) -> None:
    quotes = [f for f in facts_of(text, "quote") if str(f.get("quote")).startswith(start)]
    assert len(quotes) == 1, [f.fields for f in facts_of(text, "quote")]
    assert quotes[0].get("speaker") == speaker


@pytest.mark.parametrize("text", NOT_QUOTES)
def test_not_a_quote(text: str) -> None:
    assert facts_of(text, "quote") == []


def test_quote_span_is_the_words_inside_the_marks() -> None:
    text = "Prime Minister Phạm Minh Chính spoke.\n\n“We must act now,” he said."
    (fact,) = facts_of(text, "quote")
    assert fact.text == "We must act now" and fact.get("attribution") == "he"
