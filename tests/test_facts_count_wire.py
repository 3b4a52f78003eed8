"""Count rules on wire-copy phrasings: bare figures with a stated subject, ranges, run-on
sentences, abbreviated units; and what is not a count (names, ratios, frames, references)."""

from __future__ import annotations

import pytest
from facts_corpus import facts_of, has

MUST = [
    (
        "The number of foreign visitors to the city reached 1.2 million in May.",
        {"value": 1.2e6, "unit": "foreign visitors", "head": "visitor"},
    ),
    (
        "Le nombre de touristes étrangers a atteint plus de 933.000 en mars.",
        {"value": 933000.0, "unit": "touristes", "qualifier": "plus de"},
    ),
    ("It has a population of more than 98.2 million.", {"value": 98.2e6, "unit": "people"}),
    (
        "Les exportations mensuelles se situaient entre 700.000 et 800.000 tonnes.",
        {"value": 700000.0, "unit": "tonnes", "text": "700.000 et 800.000 tonnes"},
    ),
    (
        "The survey drew on feedback from 17,000 participants.According to it, trade rose.",
        {"value": 17000.0, "unit": "participants"},
    ),
    ("The rice area reached 3.48 million ha this year.", {"value": 3.48e6, "unit": "ha"}),
    (
        "L'indice révèle les 100 premiers pôles d'innovation du monde.",
        {"value": 100.0, "head": "pole"},
    ),
    ("In 60 days, the buyer will review the situation.", {"value": 60.0, "unit": "days"}),
    # A bare figure continuing a list of counts takes the list's unit.
    (
        "South Korea remained the largest source with 3.8 million arrivals, followed by China "
        "with 3.1 million.",
        {"value": 3.1e6, "unit": "arrivals"},
    ),
    (
        "La plupart viennent d'Asie avec 1,29 million de visiteurs, suivis des Européens "
        "(242.500).",
        {"value": 242500.0, "unit": "visiteurs"},
    ),
]

MUST_NOT = [
    # (text, value that must not be a count)
    ("The country weathered four COVID-19 waves last year.", 19.0),
    ("Sea travel served 2.8 times the number of visitors of last year.", 2.8),
    ("Les recettes ont été multipliées par 1,32 fois.", 1.32),
    ("The plan aims to improve the trade balance between the two countries.", 2.0),
    ("Les Philippines ont importé, en huit mois, 2,4 millions de tonnes.", 8.0),
    ("Au cours des sept mois de 2023, le pays a accueilli 8 millions de visiteurs.", 7.0),
    ("He praised the growth of the two countries’ relations.", 2.0),
    ("The farm replanted its 25-year-old coffee plants.", 25.0),
    ("The country climbed five notches in the table.", 5.0),
    ("This is the highest figure in 20 years, the association said.", 20.0),
    ("Le commerce a atteint 40 milliards de dollars, dont 22,3 milliards d'exportations.", 22.3e9),
]


@pytest.mark.parametrize(("text", "fields"), MUST)
def test_must_parse(text: str, fields: dict[str, object]) -> None:
    found = facts_of(text, "count")
    assert has(found, **fields), [(f.text, f.fields) for f in found]


@pytest.mark.parametrize(("text", "value"), MUST_NOT)
def test_must_not_parse(text: str, value: float) -> None:
    assert not has(facts_of(text, "count"), value=value)
