"""Parser rules for agency copy as published on the web, on short excerpts written here.

Each test holds one convention seen in real wire copy: caption and credit styles,
datelines, bylines, page clutter, blank-line conventions and dates that must stay
unknown.
"""

from __future__ import annotations

from newsdesk.store import parse_text
from newsdesk.store.records import Article


def kinds(article: Article) -> list[str]:
    return [p.kind for p in article.paragraphs]


LEAD = "The province shipped 4,000 tonnes of pepper in the first quarter, the ministry said."
MORE = "Prices rose on strong demand from buyers in Europe and the Middle East this spring."


def test_caption_ending_in_a_bracketed_photo_credit_is_not_the_title() -> None:
    a = parse_text(f"Farmers dry pepper in Gia Lai (Photo: VNA)\n\n{LEAD}\n\n{MORE}", doc_id="c")
    assert kinds(a) == ["caption", "body", "body"]
    assert a.title_derived is True
    assert a.credits == ["Photo: VNA"]


def test_french_caption_with_credit_after_the_sentence() -> None:
    a = parse_text(
        "Des touristes à Hoi An. Photo : VNA\n\nHanoï (VNA) - Le pays a accueilli "
        "1,2 million de touristes en mars, selon l'Office.\n\nLa hausse est forte. -VNA",
        doc_id="fr",
    )
    assert kinds(a) == ["caption", "body", "body", "credit"]
    assert a.dateline == "Hanoï"
    assert a.credits == ["Photo : VNA", "VNA"]
    assert a.source == "VNA"


def test_standalone_photo_credit_lines_in_every_style() -> None:
    for line in ("Photo d'illustration : VNA", "Photo d'illustration/VTV", "(Photo : AP)"):
        a = parse_text(f"{LEAD}\n\n{line}\n\n{MORE}", doc_id="p")
        assert kinds(a) == ["body", "caption", "body"], line


def test_caption_printed_twice_with_the_credit_between() -> None:
    caption = "Workers assemble circuit boards at a factory in Bac Ninh province"
    a = parse_text(f"{caption} ( Source: VNA) {caption[:40]}\n\n{LEAD}\n\n{MORE}", doc_id="t")
    assert kinds(a)[0] == "caption"


def test_caption_glued_to_the_lead_keeps_the_lead_as_body() -> None:
    text = (
        "Rice is loaded for export. (Photo:AFP/VNA)Bangkok (VNA) – Thailand expects to ship "
        "8 million tonnes of rice this year, the trade minister said on Monday."
    )
    a = parse_text(f"{text}\n\n{MORE}", doc_id="g")
    assert kinds(a) == ["body", "body"]
    assert a.dateline == "Bangkok"
    assert a.credits == ["Photo:AFP/VNA", "VNA"]


def test_credits_written_with_any_dash_or_none() -> None:
    for ending, agency in (
        ("said.-VNA", "VNA"),
        ("said. - VNA/VI", "VNA/VI"),
        ("said.- CPV/VNA", "CPV/VNA"),
        ("said. — VNS", "VNS"),
    ):
        a = parse_text(f"{LEAD}\n\nThe figures were released on Friday, he {ending}", doc_id="k")
        assert kinds(a) == ["body", "body", "credit"], ending
        assert a.paragraphs[1].text.endswith("he said.")
        assert a.source == agency


def test_end_mark_then_byline_then_page_footer() -> None:
    a = parse_text(
        f"{LEAD}\n\n{MORE}./.\n\nBy Kim Loan\n\nOther news\n\nEditor: Someone Else",
        doc_id="e",
    )
    assert kinds(a) == ["body", "body", "credit", "junk", "junk"]
    assert a.credits == ["By Kim Loan"]
    assert a.source is None


def test_byline_with_a_time_stamp_keeps_the_name_as_credit() -> None:
    a = parse_text(
        f"Vietnam climbs in a ranking\n\nBy Mai Anh   March 4, 2019 | 08:57 pm GMT+7\n\n{LEAD}",
        doc_id="b",
    )
    assert kinds(a) == ["title", "credit", "body"]
    assert a.credits == ["By Mai Anh"]
    assert a.date == "2019-03-04"


def test_section_label_and_related_links_are_junk_not_title() -> None:
    a = parse_text(
        f"Making news\n\nPepper exports rise in first quarter\n\n{LEAD}\n\n"
        f">> Coffee prices fall in March\n\n{MORE}",
        doc_id="j",
    )
    assert kinds(a) == ["junk", "title", "body", "junk", "body"]
    assert a.title == "Pepper exports rise in first quarter"
    assert a.title_derived is False


def test_menu_of_bullets_and_a_time_stamp_are_junk() -> None:
    menu = "\n".join(f"  • {name}" for name in ("An Giang", "Ben Tre", "Ca Mau", "Dong Nai"))
    a = parse_text(
        f" date 2012-06-27\n{menu}\n\nPepper exports rise\n\n{LEAD}\n\n"
        f"June 27, 2012 2:03 PM GMT+7\n\n{MORE}",
        doc_id="m",
    )
    assert kinds(a) == ["junk", "title", "body", "junk", "body"]


def test_headline_glued_to_an_image_placeholder() -> None:
    a = parse_text(
        f"Pepper exports rise in first quarter hinh anh 1Photo: VNA\n\n{LEAD}", doc_id="h"
    )
    assert kinds(a) == ["junk", "body"]
    assert a.title == "Pepper exports rise in first quarter"
    assert a.title_derived is False


def test_dateline_forms() -> None:
    for opening, dateline in (
        ("HÀ NỘI — ", "HÀ NỘI"),
        ("Can Tho (VNA) – ", "Can Tho"),
        ("Bangkok, 8 août (VNA) - ", "Bangkok, 8 août"),
        ("VIETNAM, June 6 - ", "VIETNAM, June 6"),
    ):
        a = parse_text(f"{opening}{LEAD}\n\n{MORE}", doc_id="d")
        assert a.dateline == dateline, opening
        assert a.paragraphs[0].text == LEAD


def test_dateline_or_agency_opener_is_never_a_title() -> None:
    a = parse_text(f"VIETNAM, June 6 -\n\n{LEAD}\n\n{MORE}", doc_id="v")
    assert a.title_derived is True
    a = parse_text(f"VGP – {LEAD}\n\n{MORE}", doc_id="a")
    assert a.dateline is None
    assert a.credits == ["VGP"]


def test_title_starting_with_a_name_and_a_dash_is_a_title() -> None:
    a = parse_text(f"Vietnam - Chile's largest partner in the region\n\n{LEAD}", doc_id="t")
    assert kinds(a) == ["title", "body"]
    assert a.dateline is None


def test_leading_blank_lines_then_single_newlines_are_paragraphs() -> None:
    a = parse_text(f"\n\n\n{LEAD}\n{MORE}\nA third line of the story.\n", doc_id="n")
    assert kinds(a) == ["body", "body", "body"]


def test_blank_line_block_of_long_sentence_lines_is_split() -> None:
    a = parse_text(f"Pepper exports rise\n\n{LEAD}\n{MORE}\n{LEAD}\n", doc_id="x")
    assert kinds(a) == ["title", "body", "body", "body"]


def test_dates_that_must_stay_unknown() -> None:
    for text in (
        "Officials met the Nov. 1 deadline set in 2014 for the new rules.",
        "The plant has produced rice since the first report in 2012.",
        "Since 2001 the index has grown. The report was released on March 20.",
        "Bangkok, 8 août (VNA) - La Thaïlande exportera 8 millions de tonnes de riz.",
    ):
        a = parse_text(text, doc_id="u")
        assert (a.date, a.date_source) == (None, None), text


def test_dateline_day_refines_a_month_header() -> None:
    a = parse_text(
        " date 2019-05\nHanoi, 29 mai (VNA) – Le nombre de touristes a augmenté.", doc_id="r"
    )
    assert (a.date, a.date_precision, a.date_source) == ("2019-05-29", "day", "text")


def test_day_in_the_text_without_a_weekday_does_not_refine_a_month_header() -> None:
    a = parse_text(" date 2022-03\nLa conférence s'est tenue le 30 mars à Hanoï.", doc_id="s")
    assert (a.date, a.date_precision, a.date_source) == ("2022-03", "month", "header")


def test_datelines_of_other_agencies() -> None:
    for opening, dateline, source in (
        ("HANOI, Dec 2 (Reuters) - ", "HANOI, Dec 2", "Reuters"),
        ("HANOI, Vietnam (AP) — ", "HANOI", "AP"),
        ("BEIJING, Nov. 30 (Xinhua) -- ", "BEIJING, Nov. 30", "Xinhua"),
        ("Hanoï (AFP) - ", "Hanoï", "AFP"),
    ):
        a = parse_text(f"{opening}{LEAD}\n\n{MORE}", doc_id="o")
        assert (a.dateline, a.source) == (dateline, source), opening
        assert a.paragraphs[0].text == LEAD
        assert a.date is None  # a day with no year and no header dates nothing


def test_reporting_and_editing_footer_is_a_credit() -> None:
    a = parse_text(
        f"HANOI (Reuters) - {LEAD}\n\n{MORE}\n\n(Reporting by Khanh Vu; Editing by Ed Davies)",
        doc_id="r",
    )
    assert kinds(a) == ["body", "body", "credit"]
    assert a.credits == ["Reuters", "Reporting by Khanh Vu; Editing by Ed Davies"]


def test_image_markup_and_share_buttons_are_junk() -> None:
    a = parse_text(
        f"{LEAD}\n\n![](https://example.org/pepper.jpg)\n\nShare on Facebook\n\n{MORE}",
        doc_id="i",
    )
    assert kinds(a) == ["body", "junk", "junk", "body"]


def test_an_outlet_in_capitals_is_a_credit_not_a_place() -> None:
    for opening, credit in (("NDO — ", "NDO"), ("TTO - ", "TTO"), ("VGP – ", "VGP")):
        a = parse_text(f"{opening}{LEAD}\n\n{MORE}", doc_id="n")
        assert a.dateline is None, opening
        assert a.credits == [credit]
    a = parse_text(f"ROME — {LEAD}", doc_id="r")
    assert a.dateline == "ROME"


def test_labelled_update_stamp_is_junk() -> None:
    a = parse_text(
        f"Pepper exports rise in first quarter\n\nUpdated: November, 20/2024 - 08:14\n\n{LEAD}",
        doc_id="s",
    )
    assert kinds(a) == ["title", "junk", "body"]


def test_derived_title_is_the_first_sentence_without_its_stop_or_bar() -> None:
    a = parse_text(f"{LEAD} |\n\n{MORE}", doc_id="d")
    assert a.title == LEAD.removesuffix(".")
    assert a.title_derived is True
