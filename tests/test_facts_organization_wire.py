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
    # A body of a place named after a lower-case place word.
    (
        "It was co-hosted by the People’s Committee of the Mekong Delta city of Can Tho.",
        "People’s Committee of the Mekong Delta city of Can Tho",
    ),
    (
        "The People's Committee of the central province of Quang Nam approved it.",
        "People's Committee of the central province of Quang Nam",
    ),
    ("The HCMC People's Committee approved the plan.", "HCMC People's Committee"),
    # French adjectives after the body word, read by their ending.
    (
        "Selon l'Association alimentaire du Vietnam, les exportations ont augmenté.",
        "Association alimentaire du Vietnam",
    ),
    (
        "Il préside l'Association thaïlandaise des exportateurs de riz, a-t-il dit.",
        "Association thaïlandaise des exportateurs de riz",
    ),
    # "&" joins one name.
    ("Viet Nam is 30th, according to US News & World Report.", "US News & World Report"),
    (
        "On behalf of the Chilean Government and Ministry of Foreign Affairs, he spoke.",
        "Ministry of Foreign Affairs",
    ),
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
    # A body's name before a building noun names the building.
    ("HCMC People's Committee building in District 1. Photo: VNA", "HCMC People's Committee"),
    # "the Government" alone, with a nationality, is not listed with a body.
    (
        "On behalf of the Chilean Government and Ministry of Foreign Affairs, he spoke.",
        "Chilean Government",
    ),
    # A bracketed acronym and gloss belong to the name before them.
    (
        "Selon l'Association alimentaire du Vietnam (VFA - Vietnam Food Association), les "
        "ventes ont augmenté.",
        "VFA - Vietnam Food Association",
    ),
]


def _names(text: str) -> list[str]:
    return [str(f.get("name")) for f in facts_of(text, "organization")]


def test_a_bracketed_acronym_with_a_gloss_names_the_body_before_it() -> None:
    text = (
        "Selon l'Association alimentaire du Vietnam (VFA - Vietnam Food Association), les "
        "ventes ont augmenté.\n\nLa VFA prévoit une hausse."
    )
    assert _names(text) == ["Association alimentaire du Vietnam"] * 2


def test_a_name_spelled_with_and_and_with_ampersand_is_one_body() -> None:
    text = (
        "A report of U.S. News and World Report ranked Viet Nam 39th.\n\n"
        "U.S. News & World Report is an American media company."
    )
    assert _names(text) == ["U.S. News and World Report"] * 2


def test_a_short_form_after_the_full_name_is_the_same_body() -> None:
    text = (
        "Visitors rose, according to the General Statistics Office of Vietnam.\n\n"
        "A representative from the General Statistics Office (GSO) noted the rise."
    )
    assert _names(text) == ["General Statistics Office of Vietnam"] * 2


def test_a_short_form_before_any_full_name_stays_as_written() -> None:
    text = (
        "The General Statistics Office reported the figures.\n\n"
        "The General Statistics Office of Laos reported others."
    )
    assert _names(text) == ["General Statistics Office", "General Statistics Office of Laos"]


def test_a_place_written_before_a_name_the_article_also_uses_bare_is_dropped() -> None:
    text = (
        "The index is run by the Singapore Chandler Institute of Governance.\n\n"
        "The Chandler Institute of Governance is based in Singapore."
    )
    assert _names(text) == ["Chandler Institute of Governance"] * 2


def test_a_place_in_a_body_s_name_stays_when_the_article_never_drops_it() -> None:
    text = "The Vietnam Food Association said exports rose."
    assert _names(text) == ["Vietnam Food Association"]


@pytest.mark.parametrize(("text", "name"), MUST)
def test_must_parse(text: str, name: str) -> None:
    found = facts_of(text, "organization")
    assert has(found, name=name), [(f.text, f.fields) for f in found]


@pytest.mark.parametrize(("text", "name"), MUST_NOT)
def test_must_not_parse(text: str, name: str) -> None:
    assert not has(facts_of(text, "organization"), name=name)


def test_an_agency_named_in_running_text_is_kept() -> None:
    assert has(facts_of("VNA reported that trade rose.", "organization"), name="VNA")
