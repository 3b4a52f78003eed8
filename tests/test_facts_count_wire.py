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
    # A written-out figure after an elided hedge.
    (
        "En juillet, le pays a accueilli plus d'un million de visiteurs internationaux.",
        {"value": 1e6, "unit": "visiteurs internationaux", "qualifier": "plus d'"},
    ),
    # A bare figure whose sentence names what it counts.
    (
        "Le nombre des visiteurs nationaux en juillet s’est chiffré à 12,5 millions.",
        {"value": 12.5e6, "unit": "visiteurs"},
    ),
    (
        "La plupart des visiteurs viennent d'Asie avec 1,29 million, suivis des Européens.",
        {"value": 1.29e6, "unit": "visiteurs"},
    ),
    # A range's first figure takes the second's scale and unit.
    (
        "Viet Nam plans to ship 6.3-6.5 million tonnes of rice this year.",
        {"value": 6.3e6, "unit": "tonnes", "text": "6.3-6.5 million tonnes"},
    ),
    (
        "Le pays prévoit d'expédier 6,3 à 6,5 millions de tonnes cette année.",
        {"value": 6.3e6, "unit": "tonnes", "text": "6,3 à 6,5 millions de tonnes"},
    ),
    (
        "It will ship 100,000–200,000 tonnes more than last year.",
        {"value": 1e5, "unit": "tonnes", "text": "100,000–200,000 tonnes"},
    ),
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
    # A set of its own, not one named before: a part of it, a complement, a modifier.
    (
        "Viet Nam is one of the two countries that hold the record.",
        {"value": 2.0, "unit": "countries"},
    ),
    ("Les cinq meilleures équipes d'Asie sont le Japon et l'Iran.", {"value": 5.0}),
    ("Les dix pays membres de l'ASEAN ont signé l'accord.", {"value": 10.0, "unit": "pays"}),
    ("The index ranked the 193 UN member states.", {"value": 193.0, "unit": "UN member states"}),
    # A part and its whole both count; the part takes the unit written after the whole.
    (
        "Sea routes accounted for 686 out of 1,247 cases detected.",
        {"value": 686.0, "unit": "cases", "text": "686 out of 1,247 cases"},
    ),
    ("Sea routes accounted for 686 out of 1,247 cases detected.", {"value": 1247.0}),
    ("Viet Nam has ties with 189 out of the 193 nations.", {"value": 189.0, "unit": "nations"}),
    # A total said again with another noun is a count of its own.
    (
        "Viet Nam ranks 44th among the 139 economies in the Global Innovation Index.\n\n"
        "The index covers 139 member states.",
        {"value": 139.0, "unit": "member states"},
    ),
    ("Reform has brought growth for more than 35 years.", {"value": 35.0, "unit": "years"}),
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
    # An amount, not a count.
    ("Les Philippines ont importé du riz pour plus d'un milliard de dollars.", 1e9),
    # A small set the text has already named: "the"/"les", a number, a bare noun.
    ("With the view that the two economies can supplement each other, trade grew.", 2.0),
    ("The two sides maintain effective dialogue.", 2.0),
    ("Considérant que les deux économies peuvent se compléter, le pays agit.", 2.0),
    ("The three months posted such high growth.", 3.0),
    # A predicate numbering its own subject.
    ("The US, China and Russia are the three most powerful countries.", 3.0),
    ("Les États-Unis et le Mexique sont par ailleurs les deux formations les mieux classées.", 2.0),
    # A period after a hedge.
    ("The renewal of the economy in the past more than 35 years brought results.", 35.0),
    # A ranking's total said again.
    (
        "Viet Nam ranks 44th among the 139 economies in the Global Innovation Index.\n\n"
        "The index tracked 139 economies.",
        139.0,
    ),
    # The set a part is taken from.
    ("Viet Nam has ties with 189 out of the 193 nations.", 193.0),
]


@pytest.mark.parametrize(("text", "fields"), MUST)
def test_must_parse(text: str, fields: dict[str, object]) -> None:
    found = facts_of(text, "count")
    assert has(found, **fields), [(f.text, f.fields) for f in found]


@pytest.mark.parametrize(("text", "value"), MUST_NOT)
def test_must_not_parse(text: str, value: float) -> None:
    assert not has(facts_of(text, "count"), value=value)
