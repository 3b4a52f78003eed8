"""Money and percent rules: must parse / must not parse, EN and FR."""

from __future__ import annotations

import pytest
from facts_corpus import facts_of, has

MONEY = [
    (
        "Revenue from software reached $6.64 billion.",
        {"amount": 6.64e9, "currency": "USD", "measure": "Revenue from software"},
    ),
    (
        "It generated a total estimated revenue of US$118 billion in the first nine months "
        "of 2024.",
        {"amount": 118e9, "currency": "USD", "measure": "total estimated revenue", "year": 2024},
    ),
    (
        "Les recettes des logiciels ont atteint 6,64 milliards de dollars.",
        {"amount": 6.64e9, "currency": "USD"},
    ),
    (
        "The ministry allocated VNĐ150 billion (US$6.1 million) for the event.",
        {"amount": 150e9, "currency": "VND"},
    ),
    (
        "The ministry allocated VNĐ150 billion (US$6.1 million) for the event.",
        {"amount": 6.1e6, "currency": "USD"},
    ),
    (
        "Exports are expected to reach nearly $100.8 billion this year.",
        {"amount": 100.8e9, "qualifier": "nearly", "measure": "Exports", "year": 2024},
    ),
    ("L'UE a accordé 20 millions d'euros au projet.", {"amount": 20e6, "currency": "EUR"}),
]
MONEY_NOT = [
    "About 1,000 delegates attended the summit.",
    "The index rose 9.9 per cent in 2024.",
    "Le sommet a réuni 24 forums.",
]

PERCENT = [
    (
        "Revenue was $6.64 billion (up 9.9 per cent).",
        {"value": 9.9, "change": 9.9, "measure": "Revenue"},
    ),
    ("Total revenue increased by 23 per cent to $20.5 billion.", {"value": 23.0, "change": 23.0}),
    ("Export orders fell 4.6% in the third quarter.", {"value": 4.6, "change": -4.6}),
    ("Coverage is reaching 95 per cent.", {"value": 95.0, "change": None}),
    (
        "Les exportations ont atteint 405 milliards de dollars, en hausse de 14,3 %.",
        {"value": 14.3, "change": 14.3},
    ),
    ("Le commerce a reculé, une baisse de 2,7 % sur un an.", {"value": 2.7, "change": -2.7}),
    (
        "Elle représentait 14,26 % du PIB, en hausse de 2,1 points de pourcentage.",
        {"value": 2.1, "change": 2.1, "points": True},
    ),
    (
        "The government targets GDP growth of 8 per cent, after 7.09 per cent in 2024.",
        {"value": 7.09, "change": 7.09},
    ),
]
PERCENT_NOT = [
    "The summit gathered 1,000 delegates from 30 countries.",
    "Revenue reached $6.64 billion.",
]


@pytest.mark.parametrize(("text", "fields"), MONEY)
def test_money_must_parse(text: str, fields: dict[str, object]) -> None:
    found = facts_of(text, "money")
    assert has(found, **fields), [f.fields for f in found]


@pytest.mark.parametrize("text", MONEY_NOT)
def test_money_must_not_parse(text: str) -> None:
    assert facts_of(text, "money") == []


@pytest.mark.parametrize(("text", "fields"), PERCENT)
def test_percent_must_parse(text: str, fields: dict[str, object]) -> None:
    found = facts_of(text, "percent")
    assert has(found, **fields), [f.fields for f in found]


@pytest.mark.parametrize("text", PERCENT_NOT)
def test_percent_must_not_parse(text: str) -> None:
    assert facts_of(text, "percent") == []


def test_money_evidence_includes_the_qualifier() -> None:
    (fact,) = facts_of("Registered capital totalled nearly $20.2 billion.", "money")
    assert fact.text == "nearly $20.2 billion"
