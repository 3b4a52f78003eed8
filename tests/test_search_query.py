"""The query language: every operator and filter, and malformed queries."""

from __future__ import annotations

import pytest

from newsdesk.store.errors import QueryError
from newsdesk.store.search.query import Clause, DateRange, Term, parse_query


def test_plain_words_form_one_fuzzy_phrase_folded() -> None:
    q = parse_query("Phạm  Minh CHÍNH")
    assert q.clauses == (Clause((Term("fuzzy", "pham minh chinh", ("pham", "minh", "chinh")),)),)
    assert not q.negatives


def test_each_operator() -> None:
    q = parse_query("'Điện ^prime taught$ 'word' \"a  Phrase\" !not ^both$")
    terms = [c.terms[0] for c in q.clauses]
    assert [(t.kind, t.text) for t in terms] == [
        ("exact", "dien"),
        ("prefix", "prime"),
        ("suffix", "taught"),
        ("word", "word"),
        ("phrase", "a  phrase"),
        ("equal", "both"),
    ]
    assert terms[4].words == ("a", "phrase")
    assert q.negatives == (Term("exact", "not", ("not",), negate=True),)


def test_negated_anchors_and_phrases() -> None:
    q = parse_query('!^the !end$ !"two words"')
    assert [(t.kind, t.text, t.negate) for t in q.negatives] == [
        ("prefix", "the", True),
        ("suffix", "end", True),
        ("phrase", "two words", True),
    ]


def test_or_binds_neighbouring_terms_and_plain_words_elsewhere_stay_fuzzy() -> None:
    q = parse_query("digital | numérique 'economy | ^trade transformation")
    kinds = [[(t.kind, t.text) for t in c.terms] for c in q.clauses]
    assert kinds == [
        [("fuzzy", "transformation")],
        [("fuzzy", "digital"), ("fuzzy", "numerique")],
        [("exact", "economy"), ("prefix", "trade")],
    ]


def test_curly_quotes_and_guillemets_are_phrases() -> None:
    assert parse_query("“digital data”").clauses[0].terms[0].kind == "phrase"
    assert parse_query("«transformation numérique»").clauses[0].terms[0].words == (
        "transformation",
        "numerique",
    )
    assert parse_query("‘exact").clauses[0].terms[0].kind == "exact"


def test_filters() -> None:
    q = parse_query("lang:FR,en doc:003 kind:quote date:2024 !lang:vi !doc:001")
    f = q.filters
    assert f.langs == ("fr", "en")
    assert f.not_langs == ("vi",)
    assert f.docs == ("003",)
    assert f.not_docs == ("001",)
    assert f.kinds == ("quote",)
    assert f.dates == (DateRange(20240000, 20241299),)
    assert not q.clauses


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("2024-10..2024-11", 20241000, 20241199),
        ("2024-10-12", 20241012, 20241012),
        ("2024-10", 20241000, 20241099),
        ("2023..", 20230000, 99999999),
        ("..2024-02-29", 0, 20240229),
    ],
)
def test_date_ranges(text: str, lo: int, hi: int) -> None:
    assert parse_query(f"date:{text}").filters.dates == (DateRange(lo, hi),)


def test_not_kind_means_the_other_kinds() -> None:
    assert parse_query("!kind:quote").filters.kinds == ("sentence", "caption")
    assert parse_query("!kind:caption").filters.kinds == ("sentence", "quote")


def test_unknown_keys_and_times_are_plain_words() -> None:
    q = parse_query("meeting at 19:30 note:this")
    assert q.clauses[0].terms[0].words == ("meeting", "at", "19", "30", "note", "this")
    assert parse_query("US$118").clauses[0].terms[0].words == ("us", "118")


def test_punctuation_only_word_is_an_exact_term() -> None:
    assert parse_query("$ digital").clauses[1].terms[0] == Term("exact", "$", ())


def test_empty_query() -> None:
    assert parse_query("   ").is_empty()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"unterminated', "unterminated quote"),
        ('""', "empty phrase"),
        ("!", "needs something after it"),
        ("^", "nothing to match"),
        ("'", "nothing after '"),
        ("| a", "| needs a term on each side"),
        ("a |", "| needs a term on each side"),
        ("a | | b", "| needs a term on each side"),
        ("lang:fr | digital", "filters cannot be joined"),
        ("digital | !economy", "cannot be joined with |"),
        ("lang:", "lang: needs a value"),
        ("lang:french", "language code"),
        ("kind:paragraph", "kind: is sentence, quote or caption"),
        ("date:2024-13", "no month 13"),
        ("date:2023-02-29", "not a real day"),
        ("date:24", "YYYY"),
        ("date:2024-11..2024-10", "ends before it starts"),
        ("date:..", "needs a start or an end"),
        (" ".join(["w"] * 65), "too many words"),
    ],
)
def test_malformed_queries_raise_a_short_query_error(query: str, message: str) -> None:
    with pytest.raises(QueryError) as err:
        parse_query(query)
    assert message in str(err.value)
    assert "\n" not in str(err.value)
    assert err.value.exit_code == 2
