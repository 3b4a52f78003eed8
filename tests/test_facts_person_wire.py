"""Person rules on wire-copy phrasings: foreign heads of state after their title and
country, name particles, lists of titled names, bylines; not times or places."""

from __future__ import annotations

from dataclasses import replace

import pytest
from facts_corpus import facts_of, has

from newsdesk.store.facts import extract_article
from newsdesk.store.parse import parse_text
from newsdesk.store.records import Paragraph

MUST = [
    (
        "President of Austria Alexander Van der Bellen and King of Morocco Mohamed VI sent "
        "messages to President Vo Van Thuong.",
        {"name": "Alexander Van der Bellen", "role": "President of Austria"},
    ),
    (
        "President of Portugal Marcelo Rebelo de Sousa, President of Malta George Vella and "
        "others sent messages.",
        {"name": "George Vella", "role": "President of Malta"},
    ),
    (
        "President of Portugal Marcelo Rebelo de Sousa, President of Malta George Vella and "
        "others sent messages.",
        {"name": "Marcelo Rebelo de Sousa", "role": "President of Portugal"},
    ),
    (
        "Minister of Foreign Affairs of Romania Luminita Odobescu also cabled a letter.",
        {"name": "Luminita Odobescu", "role": "Minister of Foreign Affairs of Romania"},
    ),
    (
        "Vietnamese Ambassador to Chile Pham Truong Giang spoke at the ceremony.",
        {"name": "Pham Truong Giang", "role": "Ambassador to Chile"},
    ),
    (
        "Exports will surpass the target, said Chairman of the Vietnam Food Association "
        "Nguyen Ngoc Nam.",
        {"name": "Nguyen Ngoc Nam", "role": "Chairman of the Vietnam Food Association"},
    ),
    (
        "Le président de la Roumanie Klaus Werner Iohannis et le président du Portugal ont écrit.",
        {"name": "Klaus Werner Iohannis", "role": "président de la Roumanie"},
    ),
    (
        "Le Premier ministre roumain Ion Marcel Ciolacu a adressé ses salutations.",
        {"name": "Ion Marcel Ciolacu"},
    ),
    (
        "Le pays n'a aucune raison d'arrêter, a déclaré le ministre intérimaire du Commerce "
        "Jurin Laksanawisit.",
        {"name": "Jurin Laksanawisit", "role": "ministre intérimaire du Commerce"},
    ),
    (
        "Selon Trân Thanh Hai, directeur adjoint du département, les exportations ont augmenté.",
        {"name": "Trân Thanh Hai"},
    ),
    # The person is not swallowed into the body's name before it.
    (
        "Director of the Foreign Trade Agency Tran Thanh Hai said exports rose.",
        {"name": "Tran Thanh Hai", "role": "Director of the Foreign Trade Agency"},
    ),
]

MUST_NOT = [
    # (text, name that must not be a person)
    ("Updated: 04:58 pm PT Vietnam and South Korea agreed to boost trade.", "PT Vietnam"),
    ("South Korea said it would help, officials said.", "South Korea"),
    ("Visitor groups came to Hanoi and Ha Long Bay on Friday, officials said.", "Ha Long Bay"),
]


@pytest.mark.parametrize(("text", "fields"), MUST)
def test_must_parse(text: str, fields: dict[str, object]) -> None:
    found = facts_of(text, "person")
    assert has(found, **fields), [(f.text, f.fields) for f in found]


@pytest.mark.parametrize(("text", "name"), MUST_NOT)
def test_must_not_parse(text: str, name: str) -> None:
    assert not has(facts_of(text, "person"), name=name)


def test_a_byline_in_a_credit_line_names_the_author_and_the_translator() -> None:
    article = parse_text(" date 2024-11-20 Exports rose\n\nExports rose 5% in May.", doc_id="t")
    credit = Paragraph(
        len(article.paragraphs) + 1, "credit", "By Minh Tam- Translated by Huyen Huong"
    )
    article = replace(article, paragraphs=[*article.paragraphs, credit])
    people = {
        (f.get("name"), f.get("role")) for f in extract_article(article) if f.kind == "person"
    }
    assert {("Minh Tam", "author"), ("Huyen Huong", "translator")} <= people
