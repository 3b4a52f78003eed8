"""Person rules and the people module: names, roles as stated, one person across spellings."""

from __future__ import annotations

import pytest
from facts_corpus import facts_of, has

from newsdesk.store.facts import Fact, canonicalise, extract_article, people
from newsdesk.store.facts.roles import compatible_roles, role_units
from newsdesk.store.parse import parse_text

MUST = [
    (
        "Deputy Prime Minister Lê Thành Long said on Wednesday.",
        {"name": "Lê Thành Long", "role": "Deputy Prime Minister"},
    ),
    (
        "Long received Lu Dongliang, Chairman and President of China-ASEAN Information Harbor Ltd.",
        {
            "name": "Lu Dongliang",
            "role": "Chairman and President of China-ASEAN Information Harbor Ltd",
        },
    ),
    (
        "Il a reçu le Pdg de China-ASEAN Information Harbor Ltd, Lu Dongliang, hier.",
        {"name": "Lu Dongliang", "role": "Pdg de China-ASEAN Information Harbor Ltd"},
    ),
    (
        "Le vice-Premier ministre vietnamien Lê Thành Long a parlé.",
        {"name": "Lê Thành Long", "role": "vice-Premier ministre"},
    ),
    (
        "Also attending was Minister of Public Security, Senior Lieutenant General "
        "Luong Tam Quang.",
        {
            "name": "Luong Tam Quang",
            "role": "Minister of Public Security, Senior Lieutenant General",
        },
    ),
    (
        "Comrade Nguyen Minh Hung, Vice Chairman of the Provincial People's Committee, attended.",
        {"name": "Nguyen Minh Hung", "role": "Vice Chairman of the Provincial People's Committee"},
    ),
    (
        "Minister of Information and Communications Nguyễn Mạnh Hùng told reporters.",
        {"name": "Nguyễn Mạnh Hùng", "role": "Minister of Information and Communications"},
    ),
    (
        "He met Singaporean Minister for Digital Development and Information Josephine Teo.",
        {"name": "Josephine Teo", "role": "Minister for Digital Development and Information"},
    ),
    ("The results are encouraging, said Trần Văn Bình, an economist.", {"name": "Trần Văn Bình"}),
    ("Selon Nguyễn Mạnh Hùng, le Vietnam progresse.", {"name": "Nguyễn Mạnh Hùng", "role": None}),
    (
        "Deputy Minister of Culture, Sports and Tourism Hồ An Phong said visas would be extended.",
        {"name": "Hồ An Phong", "role": "Deputy Minister of Culture, Sports and Tourism"},
    ),
]

MUST_NOT = [
    "The General Statistics Office released the data.",
    "The summit was held in Bình Dương and Hà Nội.",
    "The Prime Minister affirmed that digital transformation is a must.",
    "Ho Chi Minh City will host the fair.",
    "Le Vietnam a obtenu des résultats positifs.",
]


@pytest.mark.parametrize(("text", "fields"), MUST)
def test_must_parse(text: str, fields: dict[str, object]) -> None:
    found = facts_of(text, "person")
    assert has(found, **fields), [f.fields for f in found]


@pytest.mark.parametrize("text", MUST_NOT)
def test_must_not_parse(text: str) -> None:
    assert facts_of(text, "person") == [], [f.fields for f in facts_of(text, "person")]


def test_short_name_in_the_same_article_is_the_same_person() -> None:
    found = facts_of(
        "Deputy Prime Minister Lê Thành Long spoke.\n\nLong stressed the trend.\n\n"
        "Long An province sent delegates.",
        "person",
    )
    assert [(f.para, f.text, f.get("name")) for f in found] == [
        (1, "Deputy Prime Minister Lê Thành Long", "Lê Thành Long"),
        (2, "Long", "Lê Thành Long"),
    ]


def test_title_with_short_name_resolves_to_the_full_name() -> None:
    found = facts_of(
        "Prime Minister Phạm Minh Chính opened the event.\n\nPM Chính asked ministries to act.",
        "person",
    )
    assert has(found, text="PM Chính", name="Phạm Minh Chính", role="PM")


def _corpus(*texts: str) -> list[Fact]:
    facts: list[Fact] = []
    for n, text in enumerate(texts):
        facts += extract_article(parse_text(f" date 2024-11-20 {text}", doc_id=f"d{n}"))
    return canonicalise(facts)


def test_one_canonical_name_across_spellings_and_articles() -> None:
    facts = _corpus(
        "Prime Minister Pham Minh Chinh chaired the event.",
        "Prime Minister Phạm Minh Chính spoke.\n\nPM Chính asked ministries to act.",
        "Prime Minister Chính said on Tuesday that work must go on.",
    )
    names = {f.get("name") for f in facts if f.kind == "person"}
    assert names == {"Phạm Minh Chính"}
    (person,) = people(facts)
    assert person.name == "Phạm Minh Chính"
    assert set(person.spellings) >= {"Pham Minh Chinh", "Phạm Minh Chính", "Chính"}
    assert person.docs == ["d0", "d1", "d2"]


def test_people_with_one_given_name_stay_apart() -> None:
    facts = _corpus(
        "Lieutenant General Nguyễn Minh Chính, Deputy Minister of Public Security, spoke.",
        "Prime Minister Phạm Minh Chính spoke.",
        "Prime Minister Chính opened the forum.",
    )
    names = sorted({str(f.get("name")) for f in facts if f.kind == "person"})
    assert names == ["Nguyễn Minh Chính", "Phạm Minh Chính"]
    third = [f for f in facts if f.kind == "person" and f.doc == "d2"]
    assert third[0].get("name") == "Phạm Minh Chính"  # the roles decide: Prime Minister


def test_roles_compare_across_languages() -> None:
    assert role_units("vice-Premier ministre", "fr") == ("deputy prime minister",)
    assert role_units("Deputy PM", "en") == ("deputy prime minister",)
    assert role_units("Permanent Deputy Prime Minister", "en") == (
        "permanent deputy prime minister",
    )
    assert compatible_roles(("deputy prime minister",), ("permanent deputy prime minister",))
    assert not compatible_roles(("deputy prime minister",), ("prime minister",))
    assert compatible_roles(("chairman", "president"), ("chairman/president/ceo",))
