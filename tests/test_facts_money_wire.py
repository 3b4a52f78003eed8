"""Money rules on wire-copy phrasings the number reader leaves as plain figures."""

from __future__ import annotations

import pytest
from facts_corpus import facts_of, has

MUST = [
    ("Exports reached US$ 2.24 billion in May.", {"amount": 2.24e9, "currency": "USD"}),
    (
        "Two-way trade hit 316.73 billion U.S. Dollars last year.",
        {"amount": 316.73e9, "currency": "USD", "text": "316.73 billion U.S. Dollars"},
    ),
    # A currency stated once for a list.
    (
        "La Chine suit avec 12,5 milliards de dollars, devant l'UE (9,6 milliards, +14 %) et "
        "le Japon (4,9 milliards).",
        {"amount": 9.6e9, "currency": "USD", "text": "9,6 milliards"},
    ),
    (
        "La Chine suit avec 12,5 milliards de dollars, devant l'UE (9,6 milliards, +14 %) et "
        "le Japon (4,9 milliards).",
        {"amount": 4.9e9, "currency": "USD"},
    ),
    (
        "Les exportations de riz ont atteint 3,5 milliards de dollars. Le riz parfumé en "
        "représente 40 % (1,4 milliard).",
        {"amount": 1.4e9, "currency": "USD"},
    ),
    (
        "Les exportations vers les États-Unis ont atteint près de 6,5 milliards de dollars, "
        "celles vers la Chine 4,4 milliards et vers le Japon 213 millions.",
        {"amount": 213e6, "currency": "USD", "text": "213 millions"},
    ),
    # An amount of a flow in the sentence's currency, not a count of exports.
    (
        "Le commerce a atteint 40 milliards de dollars, dont 22,3 milliards d'exportations.",
        {"amount": 22.3e9, "currency": "USD", "measure": "exportations"},
    ),
    # Ranges and pairs take the second figure's scale and currency.
    (
        "Le pays table sur 13 à 14 milliards de dollars d'IDE.",
        {"amount": 13e9, "currency": "USD", "text": "13 à 14 milliards de dollars"},
    ),
    (
        "Hanoï et Hô Chi Minh-Ville ont reçu 1,345 et 1,340 milliard de dollars.",
        {"amount": 1.345e9, "currency": "USD"},
    ),
    ("Investors pledged $5-7 billion.", {"amount": 5e9, "currency": "USD"}),
    (
        "Les exportations ont dépassé plus d’un milliard de dollars.",
        {"amount": 1e9, "currency": "USD", "text": "plus d’un milliard de dollars"},
    ),
]

MUST_NOT = [
    # (text, amount that must not be money)
    ("With a GDP of 363 billion USD and a population of 98.2 million, it grew.", 98.2e6),
    ("Les recettes ont atteint 2 milliards de dollars pour 6,5 millions de visiteurs.", 6.5e6),
]


@pytest.mark.parametrize(("text", "fields"), MUST)
def test_must_parse(text: str, fields: dict[str, object]) -> None:
    found = facts_of(text, "money")
    assert has(found, **fields), [(f.text, f.fields) for f in found]


@pytest.mark.parametrize(("text", "amount"), MUST_NOT)
def test_must_not_parse(text: str, amount: float) -> None:
    assert not has(facts_of(text, "money"), amount=amount)
