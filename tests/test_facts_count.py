"""Count rules: a number and the thing counted, EN and FR."""

from __future__ import annotations

import pytest
from facts_corpus import facts_of, has

MUST = [
    (
        "He spoke to approximately 1,000 delegates from 30 countries.",
        {"value": 1000.0, "unit": "delegates", "head": "delegate", "qualifier": "approximately"},
    ),
    (
        "The country's 51,000 tech companies have generated 1.5 million jobs.",
        {"value": 51000.0, "unit": "tech companies", "head": "company"},
    ),
    (
        "The country's 51,000 tech companies have generated 1.5 million jobs.",
        {"value": 1.5e6, "unit": "jobs"},
    ),
    (
        "It received nearly 1.2 billion information search and verification requests.",
        {
            "value": 1.2e9,
            "unit": "information search and verification requests",
            "head": "request",
            "qualifier": "nearly",
        },
    ),
    (
        "It synchronised over 2.1 million civil servants and public employees.",
        {"value": 2.1e6, "unit": "civil servants", "head": "servant", "qualifier": "over"},
    ),
    (
        "Il s'est adressé à un millier de délégués réunis à Wuzhen.",
        {"value": 1000.0, "unit": "délégués", "head": "delegue"},
    ),
    (
        "La CMI compte environ 170 institutions, organisations et entreprises.",
        {"value": 170.0, "unit": "institutions", "qualifier": "environ"},
    ),
    (
        "Le sommet a été organisé pendant dix années consécutives.",
        {"value": 10.0, "unit": "années consécutives", "head": "annee"},
    ),
    ("It focuses on the three pillars of digital government.", {"value": 3.0, "unit": "pillars"}),
    (
        "About 400 delegates from the ten ASEAN member states attended.",
        {"value": 10.0, "unit": "ASEAN member states"},
    ),
]

MUST_NOT = [
    "Decree 13 on personal data protection took effect on July 1.",
    "The Government will put 5G into commercial use.",
    "Revenue in the first nine months of 2024 rose.",
    "The GII rose two places to 44 out of 133.",
    "The country scored 99.74 out of 100 points.",
    "Le Vietnam vise une croissance à deux chiffres.",
    "Les paiements ont augmenté au cours des dix premiers mois de l'année.",
    "The programme runs until 2025 with a vision to 2030.",
    "Revenue rose 9.9 per cent to $6.64 billion.",
]


@pytest.mark.parametrize(("text", "fields"), MUST)
def test_must_parse(text: str, fields: dict[str, object]) -> None:
    found = facts_of(text, "count")
    assert has(found, **fields), [f.fields for f in found]


@pytest.mark.parametrize("text", MUST_NOT)
def test_must_not_parse(text: str) -> None:
    assert facts_of(text, "count") == [], [f.fields for f in facts_of(text, "count")]
