"""Hostile and malformed files next to good ones: good ones go in, bad ones are safe."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hostile import (
    HOSTILE_MARKUP,
    MUST_SHOW,
    NEVER_STORED,
    SKIPPED,
    hostile_database,
    write_hostile_corpus,
)

from newsdesk.store import Article, Store
from newsdesk.store.ingest import IngestReport
from newsdesk.tui.cli import main

SEED_IDS = {
    "000_c83c607eafd10b0c",
    "001_90cf4035eb27f56b",
    "002_956a9e9d0dc31da8",
    "003_9094b1ad625a1bb7",
    "004_724a446758bcd638",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, seeds_dir_module: Path) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("hostile")
    folder = root / "archive"
    made = write_hostile_corpus(folder / "hostile")
    good = folder / "good"
    good.mkdir()
    for seed in seeds_dir_module.glob("*.txt"):
        (good / seed.name).write_bytes(seed.read_bytes())
    db = root / "db.json"
    with Store.open(db) as store:
        report = store.ingest([folder])
        articles = {a.file: a for a in store.articles()}
    return {"made": made, "report": report, "articles": articles, "db": db, "folder": folder}


@pytest.fixture(scope="module")
def seeds_dir_module() -> Path:
    return Path(__file__).resolve().parent.parent / "seeds"


def _stored(corpus: dict[str, Any], case: str) -> Article:
    from newsdesk.store.ingest import safe_name

    path = corpus["made"][case]
    return corpus["articles"][safe_name(str(path.absolute()))]


def _strings(article: Article) -> Iterator[str]:
    yield from (article.id, article.file, article.title, article.dateline or "")
    yield from article.credits
    yield from (p.text for p in article.paragraphs)
    yield from (str(w) for w in article.extra.get("warnings", []))


def test_every_good_file_goes_in(corpus: dict[str, Any]) -> None:
    ids = {a.id for a in corpus["articles"].values()}
    assert ids >= SEED_IDS
    report: IngestReport = corpus["report"]
    assert set(report.added) >= SEED_IDS


def test_each_bad_file_is_stored_or_skipped_with_one_line_reason(corpus: dict[str, Any]) -> None:
    report: IngestReport = corpus["report"]
    skipped = {s.path: s.reason for s in report.skipped}
    stored_files = set(corpus["articles"])
    from newsdesk.store.ingest import safe_name

    for case, path in corpus["made"].items():
        name = safe_name(str(path.absolute()))
        if case == "symlink_loop_dir":
            continue  # a folder link: not followed, neither stored nor skipped
        if case in SKIPPED:
            assert name in skipped, case
            assert name not in stored_files, case
            reason = skipped[name]
            assert reason and "\n" not in reason and len(reason) < 120, (case, reason)
        else:
            assert name in stored_files, (case, skipped.get(name))
    assert report.skipped, "the report must say that some files were skipped"
    assert "skipped" in report.summary()


def test_skip_reasons_say_why(corpus: dict[str, Any]) -> None:
    from newsdesk.store.ingest import safe_name

    reasons = {s.path: s.reason for s in corpus["report"].skipped}

    def reason(case: str) -> str:
        return reasons[safe_name(str(corpus["made"][case].absolute()))]

    assert reason("empty") == "empty file"
    assert reason("blank").startswith("blank file")
    assert reason("binary") == "binary file (PNG image), not text"
    assert "50.0 MB" in reason("huge") and "limit" in reason("huge")
    assert "symbolic links" in reason("symlink_loop_file")
    assert "not a regular file" in reason("fifo")
    assert "utf-16" in reason("utf16_broken")


@pytest.mark.parametrize("case", sorted(MUST_SHOW))
def test_stored_text_is_the_literal_text(corpus: dict[str, Any], case: str) -> None:
    if case not in corpus["made"]:
        pytest.skip(f"{case} cannot be made on this platform")
    article = _stored(corpus, case)
    everything = "\n".join(_strings(article))
    for expected in MUST_SHOW[case]:
        assert expected in everything, (case, expected)


def test_nothing_stored_can_act_on_a_terminal(corpus: dict[str, Any]) -> None:
    for article in corpus["articles"].values():
        for text in _strings(article):
            bad = {ch for ch in text if ch in NEVER_STORED}
            assert not bad, (article.id, sorted(map(hex, map(ord, bad))))
            assert unicodedata.is_normalized("NFC", text), article.id


def test_decomposed_vietnamese_is_stored_composed(corpus: dict[str, Any]) -> None:
    nfd = _stored(corpus, "nfd_vietnamese")
    utf16 = _stored(corpus, "utf16_bom")  # the same text, composed, in another encoding
    assert [p.text for p in nfd.paragraphs] == [p.text for p in utf16.paragraphs]
    assert "Hà Nội" in nfd.title and len("Hà Nội") == 6


def test_markup_is_kept_as_literal_text(corpus: dict[str, Any]) -> None:
    article = _stored(corpus, "markup")
    assert article.paragraphs[1].text.startswith(HOSTILE_MARKUP)


def test_encodings_are_recorded(corpus: dict[str, Any]) -> None:
    assert _stored(corpus, "cp1252").extra["encoding"] == "cp1252"
    assert _stored(corpus, "utf16_bom").extra["encoding"] == "utf-16"
    assert "encoding" not in _stored(corpus, "utf8_bom_crlf").extra  # UTF-8 is the norm


def test_crlf_and_bom_leave_no_trace(corpus: dict[str, Any]) -> None:
    article = _stored(corpus, "utf8_bom_crlf")
    assert article.title == "A title after a BOM"
    assert [p.kind for p in article.paragraphs] == ["title", "body", "body"]
    assert article.paragraphs[2].text == "Second paragraph."


def test_impossible_header_date_is_not_stored_as_a_date(corpus: dict[str, Any]) -> None:
    article = _stored(corpus, "impossible_date")
    assert article.date is None
    assert article.title == "Budget approved"
    assert any("2024-13-45" in w for w in article.extra["warnings"])


def test_two_megabyte_line_is_one_paragraph(corpus: dict[str, Any]) -> None:
    article = _stored(corpus, "long_line")
    assert max(len(p.text) for p in article.paragraphs) >= 2_000_000


def test_file_names_become_safe_ids(corpus: dict[str, Any]) -> None:
    assert _stored(corpus, "spaces_unicode_name").id == "h name with spaces — ñ é 北京"
    assert _stored(corpus, "escape_in_name").id == "h_␛[31mred␛[0m_name"
    if "undecodable_name" in corpus["made"]:
        assert _stored(corpus, "undecodable_name").id == "h_caf\ufffd_latin1_name"


def test_second_ingest_changes_nothing(corpus: dict[str, Any], tmp_path: Path) -> None:
    db = tmp_path / "again.json"
    db.write_bytes(corpus["db"].read_bytes())
    with Store.open(db) as store:
        generation = store.generation()
        report = store.ingest([corpus["folder"]])
        assert report.added == [] and report.updated == []
        assert len(report.unchanged) == len(corpus["articles"])
        assert store.generation() == generation
        assert len(store.ids()) == len(set(store.ids()))


def test_cli_exit_code_says_some_were_skipped(
    corpus: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cli.json"
    db.write_bytes(corpus["db"].read_bytes())  # stored files are unchanged: a quick run
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "late.txt").write_text("Late news\n\nThe ferry left at noon.\n")
    status = main(["--db", str(db), "ingest", str(corpus["folder"]), str(tmp_path / "more")])
    captured = capsys.readouterr()
    assert status == 1
    skipped_lines = [line for line in captured.err.splitlines() if line.startswith("skipped ")]
    assert len(skipped_lines) == len(corpus["report"].skipped)
    assert "\x1b" not in captured.out + captured.err
    assert "1 added" in captured.out
    with Store.open(db) as store:
        assert set(store.ids()) >= SEED_IDS | {"late"}


def test_cli_shows_hostile_articles_without_control_characters(
    corpus: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    for case in ("ansi", "markup", "bidi", "cr_backspace", "nul"):
        article = _stored(corpus, case)
        assert main(["--db", str(corpus["db"]), "show", article.id]) == 0
        shown = capsys.readouterr().out
        assert not {ch for ch in shown if ch in NEVER_STORED}, case
        flat = " ".join(shown.split())  # `show` wraps long paragraphs
        assert " ".join(MUST_SHOW[case][0].split()) in flat, case
    assert main(["--db", str(corpus["db"]), "list"]) == 0
    listed = capsys.readouterr().out
    assert "␛[31mred␛[0m" in listed or "Escape in name" in listed
    assert "\x1b" not in listed


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_decomposed_vietnamese_is_found_by_search(corpus: dict[str, Any], form: str) -> None:
    search = pytest.importorskip("newsdesk.store.search")
    query = unicodedata.normalize(form, "'khởi công tuyến đường sắt")
    with Store.open(corpus["db"], read_only=True) as store:
        result = search.search(store, query)
        docs = {hit.doc for hit in result.hits}
    assert {"h_vietnamese_nfd", "h_utf16_bom"} <= docs, docs
    hit = next(h for h in result.hits if h.doc == "h_vietnamese_nfd")
    start, end = hit.spans[0]
    assert hit.text[start:end] == "khởi công tuyến đường sắt"


def test_hostile_text_is_searchable_as_literal_text(corpus: dict[str, Any]) -> None:
    search = pytest.importorskip("newsdesk.store.search")
    with Store.open(corpus["db"], read_only=True) as store:
        hits = search.search(store, "'@click=app.quit").hits
    assert [h.doc for h in hits] == ["h_markup"]
    assert "[@click=app.quit]" in hits[0].text


def test_hostile_database_names_every_stored_case(tmp_path: Path) -> None:
    db, ids = hostile_database(tmp_path)
    assert set(ids) == set(MUST_SHOW)  # every case that must be stored, and no other
    with Store.open(db, read_only=True) as store:
        assert store.get(ids["markup"]).paragraphs[1].text.startswith(HOSTILE_MARKUP)
