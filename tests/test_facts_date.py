"""Date rules: resolved against the article's date (2024-11-20, a Wednesday)."""

from __future__ import annotations

import datetime as dt

import pytest
from facts_corpus import facts_of, has

from newsdesk.store.facts.date import resolve_weekday

MUST = [
    ("Long said on Wednesday that people come first.", {"date": "2024-11-20", "end": None}),
    (
        "The Deputy PM will have a meeting with Wang Hao on Thursday.",
        {"date": "2024-11-21", "event": "meeting"},
    ),
    ("Bình said at the forum in Bình Dương on Thursday.", {"date": "2024-11-14"}),
    (
        "The summit runs from November 19-22.",
        {"date": "2024-11-19", "end": "2024-11-22", "event": "summit"},
    ),
    ("Le sommet se déroule du 19 au 22 novembre.", {"date": "2024-11-19", "end": "2024-11-22"}),
    (
        "Il a déclaré mercredi 20 novembre que les citoyens comptent.",
        {"date": "2024-11-20", "text": "mercredi 20 novembre"},
    ),
    ("Le vice-Premier ministre rencontrera jeudi le gouverneur.", {"date": "2024-11-21"}),
    ("The drill took place yesterday.", {"date": "2024-11-19"}),
    ("The results will be published tomorrow.", {"date": "2024-11-21"}),
    ("The decree took effect on July 1.", {"date": "2024-07-01"}),
    ("The ceremony is set for January 5.", {"date": "2025-01-05"}),
    ("He will submit a draft in January 2025.", {"date": "2025-01", "precision": "month"}),
    ("The plan was approved last September.", {"date": "2024-09", "precision": "month"}),
    ("The plan was approved last December.", {"date": "2023-12", "precision": "month"}),
    ("Le plan sera lancé en mars prochain.", {"date": "2025-03", "precision": "month"}),
    ("Talks are due next Monday.", {"date": "2024-11-25"}),
    ("The minister met him last Friday.", {"date": "2024-11-15"}),
    (
        "The annual National Digital Transformation Day (October 10) aims to speed up the work.",
        {"date": "2024-10-10", "event": "National Digital Transformation Day"},
    ),
    ("The conference ends on Sunday (November 24).", {"date": "2024-11-24"}),
]

MUST_NOT = [
    "Today's results are only initial results.",
    "The programme runs until 2025 with a vision to 2030.",
    "Revenue rose in the first nine months of 2024.",
    "The market may grow 20 per cent.",
]


@pytest.mark.parametrize(("text", "fields"), MUST)
def test_must_parse(text: str, fields: dict[str, object]) -> None:
    found = facts_of(text, "date")
    assert has(found, **fields), [f.fields for f in found]


@pytest.mark.parametrize("text", MUST_NOT)
def test_must_not_parse(text: str) -> None:
    assert facts_of(text, "date") == []


def test_the_same_day_is_the_last_day_named_before() -> None:
    found = facts_of(
        "Long spoke on Wednesday.\n\nThe summit runs from November 19-22.\n\n"
        "On the same day, Long received Lu Dongliang.",
        "date",
    )
    assert has(found, text="the same day", date="2024-11-20")


def test_a_weekday_that_contradicts_its_date_is_flagged() -> None:
    (fact,) = facts_of("Il a parlé jeudi 20 novembre.", "date")
    assert fact.get("date") == "2024-11-20" and fact.get("weekday_mismatch") is True


@pytest.mark.parametrize(
    ("weekday", "tense", "hint", "expected"),
    [
        (2, 0, "", "2024-11-20"),  # the article's own weekday
        (3, 0, "", "2024-11-21"),  # nearest
        (1, 0, "", "2024-11-19"),
        (3, -1, "", "2024-11-14"),  # "said on Thursday"
        (1, 1, "", "2024-11-26"),  # "will … on Tuesday"
        (2, 0, "next", "2024-11-27"),
        (2, 0, "last", "2024-11-13"),
    ],
)
def test_resolve_weekday(weekday: int, tense: int, hint: str, expected: str) -> None:
    assert resolve_weekday(dt.date(2024, 11, 20), weekday, tense, hint).isoformat() == expected


def test_no_day_resolution_without_an_article_day() -> None:
    assert facts_of("Long spoke on Wednesday.", "date", date="2024-11") == []
