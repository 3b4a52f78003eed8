"""Shortcuts that spare a pattern its scan (substring searches, set tests) find what it finds."""

from __future__ import annotations

import random
import re
import sys

from newsdesk.store import numbers, sentences
from newsdesk.store.facts.common import tokens
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


def _number_token_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """What number_word_tokens must find, written as the one pattern it replaces."""
    alt = "|".join(sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w'-])(?:{alt})(?:-(?:{alt}))*(?![\w'-])")


def test_number_word_tokens_are_those_of_the_pattern() -> None:
    # Texts of number words, other words, glued letters and digits, hyphens, apostrophes,
    # underscores and accents, in every order: the substring search finds the pattern's
    # tokens, no more, no fewer.
    rng = random.Random(7)
    for words, runs in (
        (numbers._EN_NUMBER_WORDS, numbers._EN_NUMBER_RUNS),
        (numbers._FR_NUMBER_WORDS, numbers._FR_NUMBER_RUNS),
    ):
        pattern = _number_token_pattern(words)
        pieces = [*sorted(words), "someone", "ones", "x", "é", "2", "_", "-", "'", " ", " ", ","]
        for _ in range(3000):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
            present = [r.decode() for r in read_quantities(text, "en")[1] & runs]
            expected = [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]
            assert numbers.number_word_tokens(text, present, words) == expected, text


def test_sentence_boundaries_are_those_of_the_pattern() -> None:
    # Terminal marks found by substring search, the pattern tried at each: the same
    # matches as the pattern's own scan, on texts of marks, closers, spaces and words.
    rng = random.Random(11)
    pieces = [".", "!", "?", "…", "..", '"', "”", "»", "’", ")", "]", " ", " ", "\u00a0"]
    pieces += ["Ab", "cd", "É", "x", "U.S", "7", "1.5", "tonnes.Exports", "\n"]
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        expected = [(m.start(), m.end()) for m in sentences._BOUNDARY.finditer(text)]
        assert [(m.start(), m.end()) for m in sentences._boundaries(text)] == expected, text


def test_standing_words_are_those_of_the_pattern() -> None:
    # Months and weekdays (and their plurals) found whole by substring search: the same
    # as the patterns "\b(?:months)\b" and "\b(weekdays)s?\b".
    rng = random.Random(5)
    months = sorted(numbers.FOLDED_MONTHS)
    days = sorted(numbers.FOLDED_WEEKDAYS)
    for words, runs, pattern in (
        (months, numbers._MONTH_RUNS, rf"\b(?:{'|'.join(months)})\b"),
        (days, numbers._WEEKDAY_RUNS, rf"\b(?:{'|'.join(days)})s?\b"),
    ):
        pieces = [*words, "s", "x", "é", "2", "_", "-", "'", " ", " ", ".", "ma", "ju"]
        for _ in range(3000):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
            present = [r.decode() for r in read_quantities(text, "en")[1] & runs]
            expected = [(m.start(), m.end()) for m in re.finditer(pattern, text)]
            found = numbers.standing_words(text, present)
            assert [(s, e) for s, e, _ in found] == expected, text


def test_figures_are_those_of_the_pattern() -> None:
    # Digits found by substring search in the folded text, the pattern tried at each:
    # the same matches as its scan of the text, with digits that fold (full-width),
    # characters that fold to digits (superscripts) and separators of every kind.
    rng = random.Random(3)
    pieces = ["1", "23", "456", ",", ".", " ", "\u00a0", "\u202f", "\u2009", "２", "²", "٣"]
    pieces += ["a", "é", "Đ", "¸", "-", "%"]
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        expected = [(m.start(), m.end()) for m in numbers._DIGITS.finditer(text)]
        found = numbers._Extractor(text, "en", None).figure_matches()
        assert [(m.start(), m.end()) for m in found] == expected, text


def test_a_capitalised_token_is_a_word() -> None:
    # Rules that want capitalised words read Para.cap_words() (capitalised and words):
    # a capitalised token is always a word, whatever the text around it.
    rng = random.Random(9)
    pieces = ["Ab", "e-Gov", "iPhone", "l'", "L'", "Mr.", "U.S.", "É", "x", ".", ",", "'", "-"]
    pieces += [" ", " ", "2", "«", "(", "Qu'il", "tonnes.Exports"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        assert all(t.is_word for t in tokens(text) if t.cap), text
