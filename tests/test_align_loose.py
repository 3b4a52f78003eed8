"""Loose rewrites: two outlets' reports of one story, with content only one of them has.

The excerpts are written for these tests in the manner of wire reports: a lead
with figures, paragraphs in another order, a paragraph of figures one side alone
carries, a lead printed twice, a photo credit above the lead on one side and
below it on the other.
"""

from __future__ import annotations

from newsdesk.store.align import align_articles
from newsdesk.store.align.aligner import Alignment
from newsdesk.store.records import Article, Paragraph, ParagraphKind

Pieces = list[tuple[ParagraphKind, str]]


def _article(doc_id: str, lang: str, pieces: Pieces) -> Article:
    paragraphs = [Paragraph(n, kind, text) for n, (kind, text) in enumerate(pieces, 1)]
    return Article(
        id=doc_id,
        file="",
        lang=lang,
        title=pieces[0][1],
        title_derived=False,
        date=None,
        date_precision=None,
        date_source=None,
        dateline=None,
        credits=[],
        paragraphs=paragraphs,
        words=sum(len(t.split()) for _, t in pieces),
    )


def _align(en: Pieces, fr: Pieces) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    alignment: Alignment = align_articles(_article("en", "en", en), _article("fr", "fr", fr))
    return {(k.left, k.right) for k in alignment.links}


TITLE_EN = "Vietnam's coffee exports rise in the first quarter"
TITLE_FR = "Les exportations de café du Vietnam en hausse au premier trimestre"
LEAD_EN = (
    "Vietnam exported 520,000 tonnes of coffee in the first quarter of 2024, worth 1.9 "
    "billion USD, up 35 percent from a year earlier, the customs office said."
)
LEAD_FR = (
    "Le Vietnam a exporté 520.000 tonnes de café au premier trimestre 2024, pour une valeur "
    "de 1,9 milliard de dollars, soit une hausse de 35 % sur un an, selon l'office des douanes."
)
BUYERS_EN = "Germany, Italy and Spain remained the largest buyers of Vietnamese coffee."
BUYERS_FR = (
    "L'Allemagne, l'Italie et l'Espagne sont restées les principaux acheteurs de café vietnamien."
)
# Each side ends with figures of its own: the other outlet did not report them.
PRICES_EN = (
    "Coffee prices on the London exchange hit 3,400 USD a tonne in March, the highest "
    "level in 15 years, traders said."
)
HARVEST_FR = (
    "Le ministère prévoit que la production de café atteindra 1,7 million de tonnes lors de "
    "la campagne 2024-2025, contre 1,8 million la saison précédente."
)


def test_paragraphs_with_figures_only_their_side_has_stay_one_sided() -> None:
    links = _align(
        [("title", TITLE_EN), ("body", LEAD_EN), ("body", BUYERS_EN), ("body", PRICES_EN)],
        [("title", TITLE_FR), ("body", LEAD_FR), ("body", BUYERS_FR), ("body", HARVEST_FR)],
    )
    assert links == {((1,), (1,)), ((2,), (2,)), ((3,), (3,)), ((4,), ()), ((), (4,))}


def test_a_paragraph_with_its_own_figures_is_not_merged_into_the_link_beside_it() -> None:
    links = _align(
        [("title", TITLE_EN), ("body", LEAD_EN), ("body", BUYERS_EN)],
        [("title", TITLE_FR), ("body", LEAD_FR), ("body", BUYERS_FR), ("body", HARVEST_FR)],
    )
    assert links == {((1,), (1,)), ((2,), (2,)), ((3,), (3,)), ((), (4,))}


def test_a_reordered_paragraph_is_still_linked_among_one_sided_ones() -> None:
    # French: the buyers first, the lead after; each side keeps its own extra paragraph.
    links = _align(
        [("title", TITLE_EN), ("body", LEAD_EN), ("body", BUYERS_EN), ("body", PRICES_EN)],
        [("title", TITLE_FR), ("body", BUYERS_FR), ("body", HARVEST_FR), ("body", LEAD_FR)],
    )
    assert ((2,), (4,)) in links and ((3,), (2,)) in links
    assert ((4,), ()) in links and ((), (3,)) in links


def test_a_lead_printed_twice_joins_the_link_of_its_translation() -> None:
    repeated = "Coffee beans dry in the sun in Dak Lak. (Photo: VNA) Hanoi (VNA) – " + LEAD_EN
    links = _align(
        [
            ("title", TITLE_EN),
            ("body", LEAD_EN),
            ("body", repeated),
            ("body", BUYERS_EN),
            ("body", PRICES_EN),
        ],
        [("title", TITLE_FR), ("body", "Hanoï (VNA) - " + LEAD_FR), ("body", BUYERS_FR)],
    )
    assert links == {((1,), (1,)), ((2, 3), (2,)), ((4,), (3,)), ((5,), ())}


MEETING_EN = (
    "Hanoi (VNA) – Prime Minister Pham Minh Chinh chaired a teleconference with Vietnamese "
    "trade offices abroad on August 19, linking 62 locations."
)
MEETING_FR = (
    "Hanoï (VNA) - Le Premier ministre Pham Minh Chinh a présidé le 19 août une réunion en "
    "ligne avec les bureaux commerciaux vietnamiens à l'étranger, reliant 62 sites."
)


def test_a_photo_credit_above_the_lead_on_one_side_and_below_it_on_the_other_is_one_link() -> None:
    links = _align(
        [
            ("caption", "PM Pham Minh Chinh speaks at the event (Photo: VNA)"),
            ("body", MEETING_EN),
            ("body", BUYERS_EN),
        ],
        [("body", MEETING_FR), ("caption", "Photo: VNA"), ("body", BUYERS_FR)],
    )
    assert links == {((1,), (2,)), ((2,), (1,)), ((3,), (3,))}


def test_captions_of_different_photos_either_side_of_the_lead_stay_one_sided() -> None:
    links = _align(
        [
            ("caption", "Rice fields in the Mekong Delta province of An Giang"),
            ("body", MEETING_EN),
            ("body", BUYERS_EN),
        ],
        [
            ("body", MEETING_FR),
            ("caption", "Le port de Cat Lai à Hô Chi Minh-Ville"),
            ("body", BUYERS_FR),
        ],
    )
    assert links == {((1,), ()), ((2,), (1,)), ((), (2,)), ((3,), (3,))}


def test_a_paragraph_folded_into_a_paragraph_elsewhere_joins_its_link() -> None:
    germany_en = "Exports to Germany alone reached 95,000 tonnes, up 12 percent."
    germany_fr = (
        " Les exportations vers l'Allemagne ont atteint à elles seules 95.000 tonnes, "
        "en hausse de 12 %."
    )
    links = _align(
        [("title", TITLE_EN), ("body", LEAD_EN), ("body", PRICES_EN), ("body", germany_en)],
        [("title", TITLE_FR), ("body", LEAD_FR + germany_fr), ("body", HARVEST_FR)],
    )
    # Past the English-only prices: one link of the lead, the German figures and their French.
    assert links == {((1,), (1,)), ((2, 4), (2,)), ((3,), ()), ((), (3,))}
