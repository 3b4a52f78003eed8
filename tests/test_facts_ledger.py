"""The ledger on the seeds: the EGDI conflict, the French-only figures of 000/001."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.store.facts import build_ledger, canonicalise, extract_article
from newsdesk.store.facts.model import Fact
from newsdesk.store.parse import parse_file, parse_text

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
EN, FR = "000_c83c607eafd10b0c", "001_90cf4035eb27f56b"


@pytest.fixture(scope="module")
def seed_facts() -> list[Fact]:
    return canonicalise(
        f for p in sorted(SEEDS.glob("*.txt")) for f in extract_article(parse_file(p))
    )


def test_egdi_2024_is_a_conflict(seed_facts: list[Fact]) -> None:
    ledger = build_ledger(seed_facts)
    (conflict,) = ledger.conflicts
    assert conflict.key == ("ranking", "E-Government Development Index", "vietnam", "2024")
    assert conflict.values() == {
        "71/193": ["002_956a9e9d0dc31da8"],
        "74/193": [EN, FR],
    }
    assert ledger.groups[0] is conflict  # conflicts come first


def test_gii_2024_agrees_across_three_sources_and_two_languages(seed_facts: list[Fact]) -> None:
    ledger = build_ledger(seed_facts)
    gii = [g for g in ledger.groups if g.key[:2] == ("ranking", "Global Innovation Index")]
    assert len(gii) == 1 and not gii[0].conflict
    assert gii[0].docs == [EN, FR, "002_956a9e9d0dc31da8"]


def test_roles_group_across_spellings_without_false_conflicts(seed_facts: list[Fact]) -> None:
    ledger = build_ledger(seed_facts)
    roles = {g.label: g for g in ledger.groups if g.kind == "role"}
    long_ = roles["Lê Thành Long — role"]
    assert long_.docs == [EN, FR, "003_9094b1ad625a1bb7"] and not long_.conflict
    assert not any(g.conflict for g in roles.values())


def test_french_only_figures_of_the_pair(seed_facts: list[Fact]) -> None:
    ledger = build_ledger(seed_facts, {EN: FR, FR: EN})
    only_fr = sorted(
        d.right_fact.text for d in ledger.discrepancies if d.what == "only-right" and d.right_fact
    )
    assert only_fr == [
        "dix années consécutives",
        "environ 170 institutions",
        "plus de 30 pays",
        "six continents",
    ]
    assert not [d for d in ledger.discrepancies if d.what != "only-right"]


def test_no_pair_means_no_discrepancies(seed_facts: list[Fact]) -> None:
    assert build_ledger(seed_facts, {EN: None}).discrepancies == []
    assert build_ledger(seed_facts).discrepancies == []


def test_a_changed_figure_in_a_translation_is_a_difference() -> None:
    en = parse_text(
        " date 2024-03-04 More than 1,200 people registered.\n\n"
        "Việt Nam ranked 59th out of 134 economies in the Network Readiness Index 2023.",
        doc_id="en",
    )
    fr = parse_text(
        " date 2024-03-04 Plus de 1 500 personnes se sont inscrites.\n\n"
        "Le Vietnam s'est classé 59e sur 134 économies dans l'indice de préparation aux "
        "réseaux 2023.",
        doc_id="fr",
    )
    facts = canonicalise([*extract_article(en), *extract_article(fr)])
    ledger = build_ledger(facts, {"en": "fr"})
    (diff,) = ledger.discrepancies
    assert diff.what == "different" and diff.kind == "count"
    assert (
        diff.describe() == "count: More than 1,200 people in en but Plus de 1,500 personnes in fr"
    )
