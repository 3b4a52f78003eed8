"""The translation check: one-sided content and facts present on one side only."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from newsdesk.store.align import align_articles, check_alignment
from newsdesk.store.align.check import CheckReport, figure_context
from newsdesk.store.parse import parse_file
from newsdesk.store.records import Article

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = ROOT / "tests" / "data" / "align"


def seeds() -> tuple[Article, Article]:
    return (
        parse_file(SEEDS / "000_c83c607eafd10b0c.txt"),
        parse_file(SEEDS / "001_90cf4035eb27f56b.txt"),
    )


def pair(name: str) -> tuple[Article, Article]:
    return parse_file(DATA / name / "en.txt"), parse_file(DATA / name / "fr.txt")


def check(en: Article, fr: Article) -> CheckReport:
    return check_alignment(en, fr, align_articles(en, fr))


def edited(article: Article, n: int, old: str, new: str) -> Article:
    """``article`` with ``old`` replaced by ``new`` in paragraph ``n``."""
    paragraphs = []
    for p in article.paragraphs:
        if p.n == n:
            assert old in p.text
            p = dataclasses.replace(p, text=p.text.replace(old, new))
        paragraphs.append(p)
    return dataclasses.replace(article, paragraphs=paragraphs)


def test_seeds_french_only_paragraph_is_reported_with_its_figures() -> None:
    en, fr = seeds()
    report = check(en, fr)
    body = [f for f in report.one_sided if f.paragraph_kind == "body"]
    assert [(f.side, f.n) for f in body] == [("right", 18)]
    finding = body[0]
    assert finding.text.startswith("Depuis 2014, le sommet de Wuzhen")
    figures = [(q.kind, q.value) for q in finding.figures]
    assert figures == [
        ("year", 2014),
        ("number", 10),
        ("number", 170),
        ("number", 30),
        ("number", 6),
    ]
    contexts = [figure_context(finding.text, q) for q in finding.figures]
    assert contexts == ["2014", "dix années", "170 institutions", "30 pays", "six continents"]
    shown = finding.to_dict()
    assert [f["context"] for f in shown["figures"]] == contexts


def test_seeds_other_one_sided_paragraphs_are_the_title_and_captions() -> None:
    en, fr = seeds()
    others = [
        (f.side, f.n, f.paragraph_kind)
        for f in check(en, fr).one_sided
        if f.paragraph_kind != "body"
    ]
    assert others == [
        ("right", 1, "title"),
        ("right", 3, "caption"),
        ("right", 10, "caption"),
        ("right", 15, "caption"),
    ]


def test_seeds_faithful_paragraphs_have_no_mismatch() -> None:
    """ "approximately 1,000" = "un millier", "74th" = "74e", "November 19-22" = "du 19 au
    22 novembre", "Wednesday" = "mercredi 20 novembre" in an article of 2024-11-20."""
    en, fr = seeds()
    assert check(en, fr).mismatches == []


def test_a_changed_figure_is_reported_on_both_sides() -> None:
    en, fr = seeds()
    fr = edited(fr, 7, "74e sur 193", "75e sur 193")
    mismatches = [(f.kind, f.side, f.n, f.text) for f in check(en, fr).mismatches]
    assert mismatches == [("number", "left", 5, "74th"), ("number", "right", 7, "75e")]


def test_a_wrong_weekday_is_reported() -> None:
    en, fr = seeds()
    fr = edited(fr, 2, "mercredi 20 novembre", "vendredi 22 novembre")
    found = {(f.side, f.text) for f in check(en, fr).mismatches}
    assert ("left", "Wednesday") in found
    assert ("right", "vendredi") in found


def test_the_translation_error_in_the_fdi_pair() -> None:
    en, fr = pair("fdi")
    mismatches = [(f.kind, f.side, f.n, f.text) for f in check(en, fr).mismatches]
    assert mismatches == [
        ("number", "left", 5, "$2.64 billion"),
        ("number", "right", 4, "2,46 milliards de dollars"),
    ]


def test_a_dropped_name_is_reported() -> None:
    en, fr = pair("marathon")
    fr = edited(fr, 9, "l'athlète kényan Kiprono Kemboi", "un athlète kényan")
    names = [(f.side, f.text) for f in check(en, fr).mismatches if f.kind == "name"]
    assert names == [("left", "Kiprono Kemboi")]


def test_translated_names_are_not_mismatches() -> None:
    """Red River = fleuve Rouge, South Korea = Corée du Sud, United States = États-Unis,
    Hà Nội = Hanoï, a Vietnamese name written without its accents."""
    for name in ("typhoon", "tourism", "marathon"):
        en, fr = pair(name)
        assert [f for f in check(en, fr).mismatches if f.kind == "name"] == [], name


def test_a_dropped_sentence_inside_a_linked_paragraph() -> None:
    en, fr = pair("marathon")
    sentences = [
        (f.side, f.n, f.s, f.text) for f in check(en, fr).one_sided if f.kind == "sentence"
    ]
    assert sentences == [("left", 7, 2, "Residents are advised to use alternative routes.")]


def test_findings_point_at_their_text() -> None:
    en, fr = pair("rice")
    report = check(en, fr)
    for index, findings in enumerate(report.link_findings):
        for f in findings:
            article = en if f.side == "left" else fr
            assert article.paragraph(f.n).text[f.start : f.end] == f.text
            assert f.link == index
    one_sided = {(f.side, f.n) for f in report.one_sided if f.paragraph_kind == "body"}
    assert one_sided == {("left", 8), ("right", 11)}
