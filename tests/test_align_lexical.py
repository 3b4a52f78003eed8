"""The aligner reads both languages: cognates, the seed lexicon, headlines, faithful text."""

from __future__ import annotations

from newsdesk.store.align import align_articles
from newsdesk.store.align.aligner import Alignment
from newsdesk.store.align.features import Cognates, is_cognate, make_segment
from newsdesk.store.align.lexicon import concept
from newsdesk.store.parse import parse_text
from newsdesk.store.text import fold

# A short report and its French translation, written for these tests. The
# French leaves out the fourth English paragraph (the airport's opening hours).
EN = """Airline chief welcomes new rules for passengers

The head of the national airline said on Tuesday that the new rules would help
travellers.

However, we are always interested in regulatory developments that could benefit
passengers, he told reporters.

Right after the welcome ceremony, the two leaders held talks.

The airport will stay open at night during the holiday season, a spokesman for the operator added.

The decision will be reviewed by the ministry next year.
"""

FR = """Le patron de la compagnie aérienne salue les nouvelles règles pour les passagers

Le dirigeant de la compagnie aérienne nationale a déclaré mardi que les nouvelles
règles aideraient les voyageurs.

Toutefois, nous sommes toujours intéressés par les évolutions réglementaires qui
pourraient bénéficier aux passagers, a-t-il dit aux journalistes.

Après la cérémonie d'accueil, les deux Premiers ministres se sont entretenus.

La décision sera réexaminée par le ministère l'année prochaine.
"""


def _pair() -> tuple[Alignment, dict[str, int], dict[str, int]]:
    en = parse_text(EN, doc_id="en")
    fr = parse_text(FR, doc_id="fr")
    assert en.lang == "en" and fr.lang == "fr"
    return (
        align_articles(en, fr),
        {p.text[:12]: p.n for p in en.paragraphs},
        {p.text[:12]: p.n for p in fr.paragraphs},
    )


def _links(alignment: Alignment) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    return {(k.left, k.right) for k in alignment.links}


def test_cognates_are_words_sharing_a_long_prefix_or_most_letters() -> None:
    assert is_cognate("passengers", "passagers")
    assert is_cognate(fold("décision"), "decision")
    assert is_cognate("government", fold("gouvernement"))
    assert is_cognate("ceremony", fold("cérémonie"))
    assert not is_cognate("regulatory", fold("réglementaires"))
    assert not is_cognate("country", "contre")
    assert not is_cognate("car", "car")  # too short to tell


def test_cognates_join_the_stems_of_both_sides_into_one_anchor() -> None:
    left, right = "The passengers waited.", "Les passagers ont attendu."
    cognates = Cognates([left], "en", [right], "fr")
    a, b = make_segment(left, "en", cognates), make_segment(right, "fr", cognates)
    assert {x for x in a.anchors if x.startswith("s:")} & b.anchors
    # Without the pair's cognates the two stems differ.
    assert not (make_segment(left, "en").anchors & make_segment(right, "fr").anchors)


def test_the_lexicon_maps_both_languages_to_shared_concepts() -> None:
    assert concept("however", "en") and set(concept("however", "en")) <= set(
        concept("toutefois", "fr")
    )
    assert set(concept("years", "en")) & set(concept(fold("années"), "fr"))
    assert set(concept("leaders", "en")) & set(concept("dirigeants", "fr"))
    # Forms are read in their own language: French "car" is "because", not a vehicle.
    assert not set(concept("car", "en")) & set(concept("car", "fr"))
    assert concept("zzzz", "en") == ()


def test_the_lexicon_gives_faithful_sentences_with_no_figure_shared_anchors() -> None:
    a = make_segment("Right after the welcome ceremony, the two leaders held talks.", "en")
    b = make_segment(
        "Après la cérémonie d'accueil, les deux Premiers ministres se sont entretenus.", "fr"
    )
    assert {x for x in a.anchors & b.anchors if x.startswith("l:")}


def test_headlines_link_to_headlines() -> None:
    alignment, en, fr = _pair()
    assert ((en["Airline chie"],), (fr["Le patron de"],)) in _links(alignment)


def test_faithful_paragraphs_without_figures_or_names_link_one_to_one() -> None:
    alignment, en, fr = _pair()
    links = _links(alignment)
    assert ((en["However, we "],), (fr["Toutefois, n"],)) in links
    assert ((en["Right after "],), (fr["Après la cér"],)) in links
    assert ((en["The decision"],), (fr["La décision "],)) in links


def test_a_paragraph_truly_left_out_is_still_found_one_sided() -> None:
    alignment, en, _ = _pair()
    dropped = en["The airport "]
    assert ((dropped,), ()) in _links(alignment)
    one_sided = [k for k in alignment.links if k.one_sided]
    assert [k.left for k in one_sided] == [(dropped,)]
    # Its sentence is marked on its own too: no sentence link of a linked paragraph holds it.
    assert all(r.n != dropped for k in alignment.links for s in k.sentences for r in s.left)


def test_a_paragraph_the_translation_moved_is_linked_out_of_order() -> None:
    figures_en = "Passenger numbers rose 12.5 percent to 4.2 million in the first half of 2024."
    figures_fr = (
        "Le nombre de passagers a augmenté de 12,5 % pour atteindre 4,2 millions au premier "
        "semestre 2024."
    )
    en_parts = EN.strip().split("\n\n")
    fr_parts = FR.strip().split("\n\n")
    # English: the figures second; French: last.
    en = parse_text("\n\n".join([en_parts[0], figures_en, *en_parts[1:]]), doc_id="en")
    fr = parse_text("\n\n".join([*fr_parts, figures_fr]), doc_id="fr")
    alignment = align_articles(en, fr)
    en_n = next(p.n for p in en.paragraphs if p.text.startswith("Passenger numbers"))
    fr_n = next(p.n for p in fr.paragraphs if p.text.startswith("Le nombre de passagers"))
    links = _links(alignment)
    assert ((en_n,), (fr_n,)) in links
    # The rest is as before: the dropped paragraph stays one-sided, the others link.
    assert [k.left for k in alignment.links if k.one_sided] == [
        (next(p.n for p in en.paragraphs if p.text.startswith("The airport")),)
    ]
