"""Property tests: the parser, the decoder and the query parser never raise on any input."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile import NEVER_STORED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.store import Article, QueryError, SkipFile, Store, parse_bytes, parse_text
from newsdesk.store.decode import decode_bytes
from newsdesk.store.ingest import safe_name
from newsdesk.store.text import clean

# Pieces that steer random text into the parser's interesting corners.
_PIECES = [
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    " date 2024-10-12 ",
    " date 2024-13-45",
    " date 0000-00",
    "HÀ NỘI — ",
    "PARIS — ",
    " — VNA/VNS",
    "PV-TTXVN",
    "Photo: VNA/CVN",
    " — VNA/VNS Photo Dương Giang |",
    "(Photo: Reuters)",
    "October 12",
    "20 novembre",
    "on Monday",
    "Hà Nội",
    "Ha\u0300 No\u0323i",
    "[bold]",
    "[@click=app.quit]",
    "\x1b[31m",
    "\x1b]52;c;aGk=\x07",
    "\u202e",
    "\u200b",
    "\x00",
    "\b",
    "\ufeff",
    "ﬁ",
    "İ",
    "ß",
    "“quoted”",
    ".",
    "!",
    "A",
    "The council met.",
]

article_text = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=40)), max_size=40).map(
    "".join
)


def _all_strings(article: Article) -> Iterator[str]:
    yield from (article.title, article.lang, article.dateline or "", *article.credits)
    yield from (p.text for p in article.paragraphs)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(article_text)
def test_parse_text_never_raises_and_stores_only_safe_text(text: str) -> None:
    article = parse_text(text, doc_id="x")
    assert [p.n for p in article.paragraphs] == list(range(1, len(article.paragraphs) + 1))
    assert all(p.text for p in article.paragraphs)
    for value in _all_strings(article):
        assert not {ch for ch in value if ch in NEVER_STORED}, repr(value)
        assert unicodedata.is_normalized("NFC", value)
    if article.date is not None:
        assert len(article.date) in (4, 7, 10)


@settings(max_examples=200)
@given(st.text())
def test_parse_text_never_raises_on_any_text(text: str) -> None:
    parse_text(text, doc_id="x")


@settings(max_examples=300)
@given(st.binary(max_size=2000))
def test_bytes_either_parse_or_are_skipped_with_a_reason(data: bytes) -> None:
    try:
        article = parse_bytes(data, doc_id="x")
    except SkipFile as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    for value in _all_strings(article):
        assert not {ch for ch in value if ch in NEVER_STORED}


@settings(max_examples=300)
@given(
    st.text().map(lambda t: t.encode("utf-16"))
    | st.text().map(lambda t: t.encode("cp1252", "ignore"))
    | st.binary()
)
def test_decoding_never_raises_anything_but_skipfile(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data)
    except SkipFile:
        return
    assert text.strip("\ufeff \t\r\n\x0b\x0c\x00") and encoding  # never blank


@given(st.text())
def test_clean_is_idempotent(text: str) -> None:
    once = clean(text)
    assert clean(once) == once


@given(st.text(st.characters(codec="utf-8") | st.sampled_from(["\udce9", "\ud800", "\n", "\x1b"])))
def test_file_names_become_printable(name: str) -> None:
    shown = safe_name(name)
    assert not {ch for ch in shown if ch in NEVER_STORED or ch in "\n\t"}
    shown.encode("utf-8")  # no lone surrogates left


# -- the search query language ---------------------------------------------

search = pytest.importorskip("newsdesk.store.search")

_QUERY_PIECES = [
    " ", "'", '"', "^", "$", "!", "|", "lang:", "lang:fr", "doc:", "kind:quote", "kind:",
    "date:", "date:2024", "date:2024-10..2024-11", "date:..", "date:2024-13", "..",
    "digital", "Việt", "Nam", "x", "\\", "(", ")", "*", "\x00", "\x1b",
]  # fmt: skip
query_text = st.lists(
    st.one_of(st.sampled_from(_QUERY_PIECES), st.text(max_size=8)), max_size=12
).map("".join)


@settings(max_examples=500)
@given(query_text)
def test_parse_query_never_raises_anything_but_query_error(raw: str) -> None:
    try:
        search.parse_query(raw)
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    db = tmp_path_factory.mktemp("props") / "db.json"
    with Store.open(db) as store:
        store.ingest([Path(__file__).resolve().parent.parent / "seeds"])
        yield store


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=query_text)
def test_search_never_raises_anything_but_query_error(seeded: Store, raw: str) -> None:
    try:
        result = search.search(seeded, raw)
    except QueryError:
        return
    assert result is not None
