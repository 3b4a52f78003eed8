"""Search's fact filters: ``by:NAME`` (quotes by a speaker) and ``kind:fact``."""

from __future__ import annotations

import unicodedata

import pytest

from newsdesk.store import QueryError, Store
from newsdesk.store.search import parse_query, search


def test_by_finds_quotes_of_one_speaker_in_every_spelling(seeded_store: Store) -> None:
    hits = search(seeded_store, "by:chinh", limit=50).hits
    docs = {h.doc[:3] for h in hits}
    # Phạm Minh Chính is quoted in 004 (accented) and 003 ("Pham Minh Chinh").
    assert docs == {"003", "004"}
    assert any("trend and movement of the era" in h.text for h in hits)
    assert any("locality decides" in h.text for h in hits)
    # Lê Thành Long's and Nguyễn Hòa Bình's words are not Chính's.
    assert not any(h.doc.startswith(("000", "001", "002")) for h in hits)


def test_by_with_words_and_accents(seeded_store: Store) -> None:
    hits = search(seeded_store, "driving force by:Bình", limit=10).hits
    assert hits and all(h.doc.startswith("002") for h in hits)
    assert "important driving force" in hits[0].text
    assert search(seeded_store, "driving force by:binh", limit=10).hits[0].text == hits[0].text


def test_kind_fact_keeps_passages_that_state_a_fact(seeded_store: Store) -> None:
    hits = search(seeded_store, "kind:fact 193", limit=20).hits
    assert {h.doc[:3] for h in hits} >= {"000", "001", "002"}
    # A sentence with no fact in it is not returned even when it matches the words.
    plain = search(seeded_store, "kind:fact patience resilience intelligence", limit=5).hits
    everything = search(seeded_store, "patience resilience intelligence", limit=5).hits
    assert everything and everything[0].doc.startswith("002")
    assert all("patience" not in h.text for h in plain)


@pytest.mark.parametrize("bad", ["by:", "!by:chinh", "kind:facts"])
def test_bad_fact_filters_are_query_errors(bad: str) -> None:
    with pytest.raises(QueryError):
        parse_query(bad)


def test_decomposed_query_is_normalised(seeded_store: Store) -> None:
    query = unicodedata.normalize("NFD", "Phạm Minh Chính")
    hits = search(seeded_store, query, limit=5).hits
    assert hits and hits[0].doc.startswith("004")
