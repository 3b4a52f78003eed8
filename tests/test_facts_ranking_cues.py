"""Ranks stated away from their index's name: cues, sub-indices, scopes and years (EN, FR)."""

from __future__ import annotations

import pytest
from facts_corpus import facts_of, has

GII = "Global Innovation Index"

MUST = [
    (
        "The Prosperity Index 2023 is out. The country moved up 12 places to 73rd out of "
        "167 economies.",
        {"indicator": "Prosperity Index", "rank": 73, "out_of": 167, "change": 12, "year": 2023},
    ),
    (
        "In the Asia Power Index, the country ranked 13th out of 29 economies.",
        {"indicator": "Asia Power Index", "rank": 13, "out_of": 29},
    ),
    (
        "Malaysia fell in the World Competitiveness Ranking to its lowest-ever ranking of 24th.",
        {"indicator": "World Competitiveness Ranking", "rank": 24},
    ),
    (
        "Le Vietnam figure au 71e rang de l'indice de développement de l'e-gouvernement.",
        {"indicator": "E-Government Development Index", "rank": 71},
    ),
    (
        "Viet Nam ranked 77th out of 140 countries in the latest Global Competitiveness Report.",
        {"indicator": "Global Competitiveness Report", "rank": 77, "out_of": 140},
    ),
    # A sub-index named after the rank is part of the indicator, not the whole index.
    (
        "The Global Innovation Index 2025 is out. This year the country ranks 50th in "
        "innovation inputs, up three places.",
        {"indicator": f"{GII} – innovation inputs", "rank": 50, "change": 3, "year": 2025},
    ),
    (
        "Selon le GII 2025, le pays se classe 50e pour les intrants de l'innovation et 37e "
        "pour les extrants.",
        {"indicator": f"{GII} – extrants", "rank": 37, "year": 2025},
    ),
    # A scope: a group or a region.
    (
        "The GII 2025 is out. The country is in the 2nd position among the 37 lower "
        "middle-income group economies.",
        {"indicator": f"{GII} (lower middle-income)", "rank": 2, "out_of": 37},
    ),
    (
        "Le GII est publié. Le pays se classe désormais 20e en Asie et 2e en Asie du Sud-Est.",
        {"indicator": f"{GII} (Asie du Sud-Est)", "rank": 2},
    ),
    (
        "Le GII est publié. En Asie du Sud-Est, il occupe la 3e place, derrière Singapour.",
        {"indicator": f"{GII} (Asie du Sud-Est)", "rank": 3},
    ),
    # The year stated with the rank, not the sentence's other year.
    (
        "Le GII. Son classement est passé de la 59e place en 2016 à la 44e en 2024.",
        {"indicator": GII, "rank": 59, "year": 2016},
    ),
    (
        "Le GII. Son classement est passé de la 59e place en 2016 à la 44e en 2024.",
        {"indicator": GII, "rank": 44, "year": 2024, "change": 15},
    ),
    (
        "The Chandler Index is out. It ranked the country 42nd for income equality and "
        "good marks in public services (15th place).",
        {"indicator": "Chandler Index – public services", "rank": 15},
    ),
    (
        "Selon le Chandler Good Governance Index, le Vietnam se classe au troisième rang de "
        "la liste des pays à revenu intermédiaire.",
        {"indicator": "Chandler Good Governance Index (pays à revenu intermédiaire)", "rank": 3},
    ),
    # The table itself is no sub-index; a football table says whose team it ranks.
    (
        "Vietnam is listed in the US News & World Report. Vietnam stands at the 30th position "
        "in the rankings.",
        {"indicator": "U.S. News & World Report", "rank": 30},
    ),
    (
        "L'équipe nationale masculine de football du Vietnam a perdu une place au 116e rang du "
        "classement mondial de la FIFA.",
        {"indicator": "FIFA World Ranking (men)", "rank": 116},
    ),
    # A sub-index named as the clause's subject, or by a pair of ranks in order.
    (
        "The GII 2023 is out. Its input level rose, while its output level was up one place "
        "to 40th position.",
        {"indicator": f"{GII} – output level", "rank": 40, "year": 2023},
    ),
    (
        "Le Chandler Index est publié. Les 34e et 43e positions dans les indicateurs de "
        "marchés attractifs et d'aide au développement montrent ses progrès.",
        {"indicator": "Chandler Index – marchés attractifs", "rank": 34},
    ),
    (
        "Le Chandler Index est publié. Les 34e et 43e positions dans les indicateurs de "
        "marchés attractifs et d'aide au développement montrent ses progrès.",
        {"indicator": "Chandler Index – aide au développement", "rank": 43},
    ),
    # A superlative ranks without an index.
    (
        "Thailand, the world's second-largest rice exporter, expects more sales.",
        {"indicator": "World rice exporters", "rank": 2},
    ),
    (
        "La Thaïlande, deuxième exportateur mondial de riz, prévoit plus de ventes.",
        {
            "rank": 2,
            "text": "deuxième exportateur mondial de riz",
            "indicator": "World rice exporters",
        },
    ),
]

MUST_NOT = [
    "The GII is out. Singapore (5th) and Malaysia (36th) lead the region.",
    "Le GII est publié. Le Vietnam accueillera la quatrième réunion des ministres.",
    "The GII is out. Exports rose in the third quarter, the second rise this year.",
    "The GII is out. The country ranked first among 37 economies in three indicators.",
]

# Ranks of other places than the one the article ranks, and asides in brackets.
NOT_THESE = [
    (
        "Vietnam ranks 30th in the US News & World Report. Vietnam stands at the 30th position, "
        "only after Singapore (26th position). Meanwhile, Indonesia is ranked 33rd.",
        {26, 33},
    ),
    ("Vietnam ranked 46th in the GII, after India (40th).", {40}),
    (
        "Le Vietnam occupe la 2e place en Asie du Sud-Est dans le classement FIFA, après la "
        "Thaïlande qui reste au 101e rang mondial. Le Vietnam est 19e en Asie.",
        {101},
    ),
]


@pytest.mark.parametrize(("text", "fields"), MUST)
def test_must_parse(text: str, fields: dict[str, object]) -> None:
    found = facts_of(text, "ranking")
    assert has(found, **fields), [(f.text, f.fields) for f in found]


@pytest.mark.parametrize("text", MUST_NOT)
def test_must_not_parse(text: str) -> None:
    assert [f.text for f in facts_of(text, "ranking")] == []


@pytest.mark.parametrize(("text", "ranks"), NOT_THESE)
def test_ranks_of_other_places_are_not_read(text: str, ranks: set[int]) -> None:
    found = {f.get("rank") for f in facts_of(text, "ranking")}
    assert found and not (found & ranks), found


def test_every_index_a_paragraph_names_is_listed_after_one_of_a_known_pattern() -> None:
    # An index named after another one that a specific pattern finds (FIFA's ranking) is
    # still found by the general pattern, at its place in the paragraph.
    from newsdesk.store.facts.common import doc_context
    from newsdesk.store.facts.ranking_cues import doc_indicators
    from newsdesk.store.parse import parse_text

    text = "The FIFA World Ranking and the Prosperity Index 2023 are both out this week."
    ctx = doc_context(parse_text(f" date 2024-05-01 {text}", doc_id="t"))
    named = [(d.name, text[d.start : d.end]) for d in doc_indicators(ctx, {})]
    assert ("Prosperity Index", "Prosperity Index") in named
    assert any(name == "FIFA World Ranking" for name, _ in named)
