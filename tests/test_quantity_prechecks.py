"""The cheap tests that let figure extraction skip its searches hold on any text."""

from __future__ import annotations

import re
import sys

from newsdesk.store.numbers import extract_quantities, read_quantities
from newsdesk.store.text import fold


def test_fold_keeps_every_digit_a_digit() -> None:
    # The digit test runs on the folded text: no \d of the text may fold to a non-digit.
    digit = re.compile(r"\d")
    chars = (chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    lost = [ch for ch in chars if digit.match(ch) and not digit.match(fold(ch))]
    assert lost == []


def test_letter_runs_hold_every_standing_word() -> None:
    text = "Hội nghị (Monday), mid-January; twenty-five đại biểu d'un l'an"
    _, runs = read_quantities(text, "en")
    words = {"hoi", "nghi", "monday", "mid", "january", "twenty", "five", "d", "un", "an"}
    assert {w.encode() for w in words} <= runs
    assert b"twenty-five" not in runs and b"mid-january" not in runs


def test_words_beside_punctuation_and_accents_are_read() -> None:
    found = extract_quantities("Thứ Hai (Monday), 12 January: twenty-five đại biểu.", "en")
    assert [(q.kind, q.text) for q in found] == [
        ("weekday", "Monday"),
        ("date", "12 January"),
        ("number", "twenty-five"),
    ]
