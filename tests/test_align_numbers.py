"""Corpus for store.numbers: what must parse (with its value) and what must not."""

from __future__ import annotations

import pytest

from newsdesk.store.numbers import Quantity, extract_quantities, parse_number, spelled_value


def one(text: str, lang: str) -> Quantity:
    found = extract_quantities(text, lang)
    assert len(found) == 1, found
    return found[0]


# (text, lang, kind, value, unit, span text)
MUST = [
    ("approximately 1,000 delegates", "en", "number", 1000, None, "1,000"),
    ("un millier de délégués", "fr", "number", 1000, None, "un millier"),
    ("1 000 délégués", "fr", "number", 1000, None, "1 000"),
    ("1\u00a0000 delegates", "en", "number", 1000, None, "1\u00a0000"),
    ("ranked 74th among", "en", "ordinal", 74, None, "74th"),
    ("74e sur", "fr", "ordinal", 74, None, "74e"),
    ("le 1er mars", "fr", "date", 1, None, "1er mars"),
    ("$6.64 billion in revenue", "en", "money", 6.64e9, "USD", "$6.64 billion"),
    ("6,64 milliards de dollars", "fr", "money", 6.64e9, "USD", "6,64 milliards de dollars"),
    ("a total of US$118 billion", "en", "money", 118e9, "USD", "US$118 billion"),
    ("118 milliards USD", "fr", "money", 118e9, "USD", "118 milliards USD"),
    ("up 9.9 per cent", "en", "percent", 9.9, "%", "9.9 per cent"),
    ("en hausse de 9,9 %", "fr", "percent", 9.9, "%", "9,9 %"),
    ("9,9 pour cent", "fr", "percent", 9.9, "%", "9,9 pour cent"),
    ("1.5 million jobs", "en", "number", 1.5e6, None, "1.5 million"),
    ("1,5 million d'emplois", "fr", "number", 1.5e6, None, "1,5 million"),
    ("51,000 tech companies", "en", "number", 51000, None, "51,000"),
    ("51.000 entreprises", "fr", "number", 51000, None, "51.000"),
    ("for ten years", "en", "number", 10, None, "ten"),
    ("pendant dix années", "fr", "number", 10, None, "dix"),
    ("on six continents", "en", "number", 6, None, "six"),
    ("twenty-five forums", "en", "number", 25, None, "twenty-five"),
    ("quatre-vingt-dix pays", "fr", "number", 90, None, "quatre-vingt-dix"),
    ("soixante-dix pays", "fr", "number", 70, None, "soixante-dix"),
    ("vingt et un pays", "fr", "number", 21, None, "vingt et un"),
    ("two hundred and fifty people", "en", "number", 250, None, "two hundred and fifty"),
    ("deux mille personnes", "fr", "number", 2000, None, "deux mille"),
    ("a million people", "en", "number", 1e6, None, "a million"),
    ("une dizaine de pays", "fr", "number", 10, None, "une dizaine"),
    ("a dozen countries", "en", "number", 12, None, "a dozen"),
    ("in 2014 the summit", "en", "year", 2014, None, "2014"),
    ("Depuis 2014, le sommet", "fr", "year", 2014, None, "2014"),
    ("on Wednesday", "en", "weekday", 2, None, "Wednesday"),
    ("a déclaré mercredi que", "fr", "weekday", 2, None, "mercredi"),
    ("the second forum", "en", "ordinal", 2, None, "second"),
    ("le deuxième forum", "fr", "ordinal", 2, None, "deuxième"),
    ("€5m grant", "en", "money", 5e6, "EUR", "€5m"),
    ("VND1.5 trillion", "en", "money", 1.5e12, "VND", "VND1.5 trillion"),
    ("20 millions d'euros", "fr", "money", 20e6, "EUR", "20 millions d'euros"),
]


@pytest.mark.parametrize(("text", "lang", "kind", "value", "unit", "span"), MUST)
def test_must_parse(
    text: str, lang: str, kind: str, value: float, unit: str | None, span: str
) -> None:
    q = one(text, lang)
    assert q.kind == kind
    assert q.value == pytest.approx(value)
    assert q.unit == unit
    assert text[q.start : q.end] == span == q.text


MUST_NOT = [
    ("one of the fastest-growing markets", "en"),
    ("l'un des marchés", "fr"),
    ("a strategic choice and a top priority", "en"),
    ("une tendance inévitable", "fr"),
    ("des milliers de personnes", "fr"),
    ("millions of people", "en"),
    ("It may rain", "en"),
    ("the G20 meeting", "en"),
    ("leur coopération", "fr"),
]


@pytest.mark.parametrize(("text", "lang"), MUST_NOT)
def test_must_not_parse(text: str, lang: str) -> None:
    assert extract_quantities(text, lang) == []


def test_date_ranges_match_across_languages() -> None:
    en = extract_quantities("the summit runs from November 19-22 and", "en")
    fr = extract_quantities("le sommet se déroule du 19 au 22 novembre et", "fr")
    assert [q.key for q in en] == [q.key for q in fr] == ["d:11-19", "d:11-22"]
    assert en[0].text == "November 19-22"
    assert fr[0].text == "du 19 au 22 novembre"


def test_single_dates_and_weekdays() -> None:
    fr = extract_quantities("rencontrera jeudi 21 novembre le secrétaire", "fr")
    assert [(q.kind, q.key) for q in fr] == [("weekday", "w:3"), ("date", "d:11-21")]
    en = extract_quantities("On October 12, Prime Minister", "en")
    assert [q.key for q in en] == ["d:10-12"]


def test_equivalents_share_keys() -> None:
    pairs = [
        ("approximately 1,000 delegates", "un millier de délégués"),
        ("74th", "74e"),
        ("$6.64 billion", "6,64 milliards de dollars"),
        ("9.9 per cent", "9,9 %"),
        ("Wednesday", "mercredi"),
        ("ten years", "dix années"),
        ("1,000", "1 000"),
    ]
    for en, fr in pairs:
        assert [q.key for q in extract_quantities(en, "en")] == [
            q.key for q in extract_quantities(fr, "fr")
        ], (en, fr)


def test_approximate_figures_are_marked() -> None:
    assert one("approximately 1,000 delegates", "en").approx
    assert one("environ 170 institutions", "fr").approx
    assert one("plus de 30 pays", "fr").approx
    assert not one("193 countries", "en").approx


def test_a_sentence_with_several_figures() -> None:
    text = (
        "Revenue from software and digital services is reported to be $6.64 billion "
        "(up 9.9 per cent), while tech product exports are expected to reach $100.8 billion "
        "(up 18.3 per cent)."
    )
    found = extract_quantities(text, "en")
    assert [(q.kind, q.value) for q in found] == [
        ("money", 6.64e9),
        ("percent", 9.9),
        ("money", 100.8e9),
        ("percent", 18.3),
    ]
    for q in found:
        assert text[q.start : q.end] == q.text


def test_parse_number_and_spelled_value() -> None:
    assert parse_number("1,000", "en") == 1000
    assert parse_number("9,9", "fr") == 9.9
    assert parse_number("1 000 000", "fr") == 1_000_000
    assert parse_number("abc") is None
    assert spelled_value(["quatre-vingts"], "fr") == 80
    assert spelled_value(["twenty-one"], "en") == 21
    assert spelled_value(["banana"], "en") is None
