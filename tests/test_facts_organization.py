"""Organization rules: named bodies, EN and FR."""

from __future__ import annotations

import pytest
from facts_corpus import facts_of

MUST = [
    (
        "Long received the chairman of China-ASEAN Information Harbor Ltd.",
        ["China-ASEAN Information Harbor Ltd"],
    ),
    (
        "He is Chairman of the National Committee on Digital Transformation (Committee).",
        ["National Committee on Digital Transformation"],
    ),
    (
        "Secretary of the Party Committee and Governor of Zhejiang province Wang Hao spoke.",
        ["Party Committee"],
    ),
    ("The Government of Việt Nam is determined to act.", ["Government of Việt Nam"]),
    ("Also attending were Politburo members.", ["Politburo"]),
    (
        "The Ministry of Planning and Investment (MPI) said on Thursday.\n\n"
        "The MPI's Foreign Investment Agency agreed.",
        [
            "Ministry of Planning and Investment",
            "Ministry of Planning and Investment",
            "Foreign Investment Agency",
        ],
    ),
    ("Le secrétaire du Comité du Parti a parlé.", ["Comité du Parti"]),
    (
        "Le forum est organisé par le Ministère de l'Information et des Communications et la "
        "Banque d'État du Vietnam.",
        ["Ministère de l'Information et des Communications", "Banque d'État du Vietnam"],
    ),
    (
        "Selon l'Office général des statistiques, les exportations ont augmenté.",
        ["Office général des statistiques"],
    ),
    (
        "It cited a report by Google, Temasek and Bain & Company.",
        ["Google", "Temasek", "Bain & Company"],
    ),
    ("Companies such as Intel, Samsung and Synopsys will help.", ["Intel", "Samsung", "Synopsys"]),
    ("The report was released by the World Economic Forum in May.", ["World Economic Forum"]),
]

MUST_NOT = [
    "The Government has determined to implement the dual goal.",
    "The event was held at the Government Headquarters.",
    "The 2024 World Internet Conference Wuzhen Summit opened.",
    "Việt Nam ranked 44th in the Global Innovation Index.",
    "The National Digital Transformation Programme runs until 2025.",
    "Minister of Public Security Luong Tam Quang attended.",
]


@pytest.mark.parametrize(("text", "names"), MUST)
def test_must_parse(text: str, names: list[str]) -> None:
    found = [str(f.get("name")).replace("’", "'") for f in facts_of(text, "organization")]
    assert found == names


@pytest.mark.parametrize("text", MUST_NOT)
def test_must_not_parse(text: str) -> None:
    assert facts_of(text, "organization") == []


def test_the_two_spellings_of_a_company_share_a_key() -> None:
    keys = {
        f.get("key")
        for text in (
            "It includes China - ASEAN Information Harbor Ltd.",
            "Lu heads China-ASEAN Information Harbor Ltd.",
        )
        for f in facts_of(text, "organization")
    }
    assert keys == {"china-asean information harbor ltd"}
