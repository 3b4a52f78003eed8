"""The parser on every seed: each field checked against the article as a reader sees it."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.store import Article, parse_file

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed(prefix: str) -> Article:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return parse_file(path)


def kinds(article: Article) -> list[str]:
    return [p.kind for p in article.paragraphs]


def test_000_header_dateline_and_trailing_credit() -> None:
    a = seed("000")
    assert a.id == "000_c83c607eafd10b0c"
    assert a.lang == "en"
    assert (a.date, a.date_precision, a.date_source) == ("2024-11-20", "day", "header")
    assert a.dateline == "BEIJING"
    assert a.paragraphs[0].text.startswith("People must be at the heart")
    assert a.paragraphs[0].text.endswith("Deputy Prime Minister Lê Thành Long said on Wednesday.")
    # 13 body paragraphs; the closing "— VNA/VNS" becomes a credit of its own.
    assert kinds(a) == ["body"] * 13 + ["credit"]
    assert a.paragraphs[-2].text.endswith("Zhejiang province on Thursday.")
    assert a.paragraphs[-1].text == "VNA/VNS"
    assert a.credits == ["VNA/VNS"]
    assert a.source == "VNA/VNS"
    assert a.title_derived is True
    # A derived title is the whole first sentence: shortening it is the display's job.
    assert a.title == a.paragraphs[0].text.removesuffix(".")
    assert "…" not in a.title


def test_001_month_header_refined_from_text_title_and_captions() -> None:
    a = seed("001")
    assert a.lang == "fr"
    # The header says 2024-11; the text says "mercredi 20 novembre".
    assert (a.date, a.date_precision, a.date_source) == ("2024-11-20", "day", "text")
    assert a.title == (
        "Placer les citoyens et la communauté au cœur de la transformation numérique"
    )
    assert a.title_derived is False
    assert a.paragraphs[0].kind == "title"
    captions = [p.n for p in a.paragraphs if p.kind == "caption"]
    assert captions == [3, 10, 15]
    assert all(a.paragraph(n).text == "Photo : VNA/CVN" for n in captions)
    assert a.paragraphs[-1].kind == "credit"
    assert a.paragraphs[-1].text == "VNA/CVN"
    assert a.paragraphs[-2].text.startswith("Depuis 2014, le sommet de Wuzhen")
    # The photo credit as written, then the agency that closes the story.
    assert a.credits == ["Photo : VNA/CVN", "VNA/CVN"]
    assert a.source == "VNA/CVN"
    assert a.dateline is None
    assert len(a.paragraphs) == 19


def test_002_header_dateline_vietnamese_capitals() -> None:
    a = seed("002")
    assert a.lang == "en"
    assert (a.date, a.date_precision, a.date_source) == ("2024-11-15", "day", "header")
    assert a.dateline == "HÀ NỘI"
    assert a.paragraphs[0].text.startswith("Effective and substantive")
    assert kinds(a) == ["body"] * 16 + ["credit"]
    assert a.credits == ["VNS"]
    assert a.paragraphs[-2].text.endswith("promoting 'Make in Việt Nam' digital products.")


def test_003_single_newlines_date_not_guessed_from_text() -> None:
    a = seed("003")
    assert a.lang == "en"
    # No header, dateline or stamp: "On the morning of October 12" and "Day 2024" do not
    # say that the article is of that day, so its date stays unknown.
    assert (a.date, a.date_precision, a.date_source) == (None, None, None)
    assert kinds(a) == ["body"] * 15 + ["credit"]
    assert a.paragraphs[-1].text == "PV-TTXVN"
    assert a.credits == ["PV-TTXVN"]
    assert a.dateline is None
    assert a.title_derived is True


def test_004_caption_line_weekday_and_event_year() -> None:
    a = seed("004")
    assert a.lang == "en"
    # "on Tuesday", "Day 2023" and "(October 10)": 2023-10-10 was a Tuesday.
    assert (a.date, a.date_precision, a.date_source) == ("2023-10-10", "day", "text")
    first = a.paragraphs[0]
    assert first.kind == "caption"
    assert first.text.startswith("Prime Minister Phạm Minh Chính speaks")
    assert first.text.endswith("— VNA/VNS Photo Dương Giang |")
    assert a.dateline == "HÀ NỘI"
    assert a.paragraphs[1].text.startswith("The Government of Việt Nam is determined")
    assert a.paragraphs[-1].kind == "credit"
    assert a.paragraphs[-1].text == "VNS"
    assert a.credits == ["VNA/VNS Photo Dương Giang", "VNS"]
    assert a.source == "VNS"


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_paragraphs_are_numbered_from_one_and_nfc(prefix: str) -> None:
    import unicodedata

    a = seed(prefix)
    assert [p.n for p in a.paragraphs] == list(range(1, len(a.paragraphs) + 1))
    for p in a.paragraphs:
        assert p.text == unicodedata.normalize("NFC", p.text)
        assert p.text == p.text.strip() and p.text
    assert a.words > 300
