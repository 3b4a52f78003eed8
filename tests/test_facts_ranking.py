"""Ranking rules: what must parse (with its fields) and what must not, EN and FR."""

from __future__ import annotations

import pytest
from facts_corpus import facts_of, has

EGDI = "E-Government Development Index"
GII = "Global Innovation Index"

MUST = [
    # (text, fields)
    (
        "Việt Nam ranked 74th among 193 countries in the e-Government Development Index.",
        {"indicator": EGDI, "rank": 74, "out_of": 193, "year": 2024, "year_source": "article"},
    ),
    (
        "Việt Nam came 44th out of 133 in the Global Innovation Index this year.",
        {"indicator": GII, "rank": 44, "out_of": 133, "year": 2024, "year_source": "text"},
    ),
    (
        "Its e-Government Development Index rose 15 places in 2024, putting it at number 71 "
        "out of 193 countries.",
        {"indicator": EGDI, "rank": 71, "out_of": 193, "year": 2024, "change": 15},
    ),
    (
        "Việt Nam's Global Innovation Index also fell three places to 47 out of 133.",
        {"indicator": GII, "rank": 47, "out_of": 133, "change": -3, "subject": "Việt Nam"},
    ),
    (
        "Le Vietnam s'est classé 74e sur 193 pays dans l'indice de développement du "
        "gouvernement électronique.",
        {"indicator": EGDI, "rank": 74, "out_of": 193, "subject": "Vietnam"},
    ),
    (
        "Le Vietnam est 46e sur 132 économies dans l'indice mondial de l'innovation 2023, "
        "en recul de 2 places.",
        {"indicator": GII, "rank": 46, "out_of": 132, "year": 2023, "change": -2},
    ),
    (
        "Thailand was ranked 52nd in the Network Readiness Index 2023, up four places.",
        {
            "indicator": "Network Readiness Index",
            "rank": 52,
            "year": 2023,
            "change": 4,
            "subject": "Thailand",
        },
    ),
    (
        "Singapore placed 5th of 190 economies in the Logistics Performance Index last year.",
        {"indicator": "Logistics Performance Index", "rank": 5, "out_of": 190, "year": 2023},
    ),
]

MUST_NOT = [
    "The 2nd National Forum on Digital Economy and Society opened on Thursday.",
    "One of the top 10 fastest-growing e-commerce markets in the world.",
    "Some 44 out of 133 delegates voted for the motion.",
    "The Global Innovation Index measures 80 indicators.",
    "Le 11e Congrès national du Parti s'est tenu à Hanoï.",
    "The country ranked first among 37 economies in three indicators.",
]


@pytest.mark.parametrize(("text", "fields"), MUST)
def test_must_parse(text: str, fields: dict[str, object]) -> None:
    found = facts_of(text, "ranking")
    assert has(found, **fields), [f.fields for f in found]


@pytest.mark.parametrize("text", MUST_NOT)
def test_must_not_parse(text: str) -> None:
    assert facts_of(text, "ranking") == []


def test_two_ranks_in_one_sentence_take_their_own_indicator() -> None:
    found = facts_of(
        "Việt Nam ranked 74th among 193 countries in the e-Government Development Index, "
        "and 44th out of 133 in the Global Innovation Index.",
        "ranking",
    )
    assert {(f.get("indicator"), f.get("rank")) for f in found} == {(EGDI, 74), (GII, 44)}


def test_a_later_sentence_can_refer_to_the_last_indicator() -> None:
    found = facts_of(
        "Việt Nam is in Tier 1 of the Global Cybersecurity Index 2024.\n\n"
        "In the previous edition, published in 2021, Việt Nam was ranked 25th out of 194 "
        "countries, up 25 places compared with 2018.",
        "ranking",
    )
    assert has(
        found, indicator="Global Cybersecurity Index", rank=25, out_of=194, year=2021, change=25
    )


def test_evidence_is_the_exact_paragraph_text() -> None:
    text = "Việt Nam ranked 74th among 193 countries in the e-Government Development Index."
    (fact,) = facts_of(text, "ranking")
    assert fact.text == "74th among 193 countries in the e-Government Development Index"
    assert text[fact.start : fact.end] == fact.text
