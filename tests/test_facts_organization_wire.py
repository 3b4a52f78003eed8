"""Organisation rules on wire-copy phrasings: French ministries in lower case, lower-case
complements, listed portfolios; not agency credits, datelines or weekdays."""

from __future__ import annotations

import pytest
from facts_corpus import facts_of, has

MUST = [
    (
        "Selon le ministère de l'Agriculture et du Développement rural, les ventes ont augmenté.",
        "ministère de l'Agriculture et du Développement rural",
    ),
    (
        "Le ministère de la Culture, des Sports et du Tourisme a publié les chiffres.",
        "ministère de la Culture, des Sports et du Tourisme",
    ),
    (
        "Le ministère des Affaires étrangères a répondu aux questions.",
        "ministère des Affaires étrangères",
    ),
    (
        "L'Organisation mondiale de la propriété intellectuelle a publié son rapport.",
        "Organisation mondiale de la propriété intellectuelle",
    ),
    (
        "Il dirige le Département de l'investissement étranger depuis 2010.",
        "Département de l'investissement étranger",
    ),
    (
        "Le Département général des statistiques et l'Administration nationale du tourisme "
        "ont publié les chiffres.",
        "Administration nationale du tourisme",
    ),
    (
        "L'Organisation de coopération et de développement économiques a publié ses chiffres.",
        "Organisation de coopération et de développement économiques",
    ),
    (
        "Il dirige l'Académie de stratégie en sciences et technologies depuis 2020.",
        "Académie de stratégie en sciences et technologies",
    ),
    ("The report was released by the World Bank on Monday.", "World Bank"),
    (
        "It was organised with the Permanent Mission of Vietnam to the United Nations.",
        "Permanent Mission of Vietnam to the United Nations",
    ),
    (
        "The report was released by the Sustainable Development Solutions Network.",
        "Sustainable Development Solutions Network",
    ),
    ("It uses the World Bank’s list of the top 75 economies.", "World Bank"),
    ("HÀ NỘI — The Department of Customs said revenue rose.", "Department of Customs"),
    ("Le Vietnam a perdu une place au classement de la FIFA.", "FIFA"),
]

MUST_NOT = [
    (
        "The Ministry of Finance submitted the plan to the National Assembly.",
        "Ministry of Finance to the National Assembly",
    ),
    # (text, name that must not be an organisation)
    ("Hanoi (VNA) – Exports rose 5% in May.", "VNA"),
    ("Exports rose 5% in May. (Photo: AFP/VNA)", "VNA"),
    ("Rice is loaded at a port. Photo: VNA The country shipped more.", "VNA"),
    ("La Chine se classe 2e. – VNA/VI", "VNA"),
    (
        "Le Vietnam entrera dans l'Assemblée nationale de plusieurs façons.",
        "Assemblée nationale de plusieurs",
    ),
]


@pytest.mark.parametrize(("text", "name"), MUST)
def test_must_parse(text: str, name: str) -> None:
    found = facts_of(text, "organization")
    assert has(found, name=name), [(f.text, f.fields) for f in found]


@pytest.mark.parametrize(("text", "name"), MUST_NOT)
def test_must_not_parse(text: str, name: str) -> None:
    assert not has(facts_of(text, "organization"), name=name)


def test_an_agency_named_in_running_text_is_kept() -> None:
    assert has(facts_of("VNA reported that trade rose.", "organization"), name="VNA")
