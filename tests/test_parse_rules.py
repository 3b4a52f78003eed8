"""Parser rules on small articles written for the purpose."""

from __future__ import annotations

from newsdesk.store import parse_text
from newsdesk.store.lang import detect_language


def test_vietnamese_article_is_not_called_english() -> None:
    text = (
        "Thủ tướng Phạm Minh Chính nhấn mạnh chuyển đổi số là xu thế tất yếu của thời đại.\n"
        "Việt Nam đã đạt được nhiều kết quả quan trọng trong xây dựng chính phủ số và kinh tế số."
    )
    assert parse_text(text, doc_id="vi").lang == "vi"


def test_english_full_of_vietnamese_names_stays_english() -> None:
    text = "Phạm Minh Chính met Nguyễn Hòa Bình and Lê Thành Long in Hà Nội on Monday."
    assert detect_language(text) == "en"


def test_markup_and_escapes_stay_literal_text() -> None:
    a = parse_text(
        "[bold]Breaking[/bold] news\x1b[31m red [@click=app.quit]x[/]\n\nSecond.", doc_id="m"
    )
    body = a.paragraphs[0].text
    assert "[bold]Breaking[/bold]" in body
    assert "\x1b" not in body and "␛[31m" in body
    assert "[@click=app.quit]" in body


def test_impossible_header_date_falls_back_to_text() -> None:
    a = parse_text(" date 2024-13-45 HÀ NỘI — Talks opened on March 3, 2022.\n", doc_id="d")
    assert a.dateline == "HÀ NỘI"
    assert a.paragraphs[0].text.startswith("Talks opened")
    assert a.date == "2022-03-03"
    assert a.date_source == "text"
    assert a.extra["warnings"]


def test_no_date_anywhere_is_unknown() -> None:
    a = parse_text("A short piece with no date at all.\nAnother line of it.", doc_id="u")
    assert (a.date, a.date_precision, a.date_source) == (None, None, None)


def test_a_year_mentioned_is_not_the_articles_date() -> None:
    a = parse_text("The plan for 2021 runs until 2030 with a vision to 2045.", doc_id="y")
    assert (a.date, a.date_precision) == (None, None)


def test_hard_wrapped_paragraphs_are_joined() -> None:
    a = parse_text("First line of one\nparagraph goes on.\n\nSecond paragraph.", doc_id="w")
    assert [p.text for p in a.paragraphs] == [
        "First line of one paragraph goes on.",
        "Second paragraph.",
    ]
