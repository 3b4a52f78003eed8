"""Language-normalised quantities ("anchors") found in English and French text.

A translation keeps its figures even when it rewrites them: "1,000" is
"1 000" and "un millier", "74th" is "74e", "$6.64 billion" is "6,64
milliards de dollars", "9.9 per cent" is "9,9 %", "November 19-22" is "du 19
au 22 novembre", "Wednesday" is "mercredi". :func:`extract_quantities` finds
them all with the character span each came from, and gives each a
language-independent :attr:`Quantity.key` so two texts can be compared.

Rules per kind and language live in small tables below; the corpus of
examples that must and must not parse is ``tests/test_align_numbers.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from newsdesk.store.dates import FOLDED_MONTHS, FOLDED_WEEKDAYS
from newsdesk.store.text import fold, matches_at

__all__ = [
    "Quantity",
    "QuantityKind",
    "extract_quantities",
    "leading_runs",
    "parse_number",
    "quantity_keys",
    "read_quantities",
    "spelled_value",
    "word_start_alt",
]

QuantityKind = Literal["number", "ordinal", "percent", "money", "year", "date", "weekday"]


@dataclass(frozen=True, slots=True, init=False)
class Quantity:
    """One figure in a text.

    ``value`` is the number itself (money in base units: "$6.64 billion" is
    6.64e9 with ``unit`` "USD"; a date's value is its day of month; a
    weekday's is 0 for Monday). ``start``/``end`` delimit ``text`` in the
    source string. ``spelled`` marks figures written in words ("ten", "un
    millier"); ``approx`` marks hedged ones ("approximately", "environ",
    "plus de").
    """

    kind: QuantityKind
    value: float
    start: int
    end: int
    text: str
    unit: str | None = None
    month: int | None = None
    spelled: bool = False
    approx: bool = False

    def __init__(
        self,
        kind: QuantityKind,
        value: float,
        start: int,
        end: int,
        text: str,
        unit: str | None = None,
        month: int | None = None,
        spelled: bool = False,
        approx: bool = False,
    ) -> None:
        # The __init__ dataclass would write does the same, interpreted: compiled, this
        # one costs a fraction of it (figures are built for every paragraph).
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "unit", unit)
        object.__setattr__(self, "month", month)
        object.__setattr__(self, "spelled", spelled)
        object.__setattr__(self, "approx", approx)

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def key(self) -> str:
        """A language-independent key: equal keys are the same fact.

        Numbers, ordinals, percents, money and years compare by value only
        (a translator may write "74th" or "74e", "$6.64bn" or "6,64
        milliards"); dates by month and day; weekdays by number.
        """
        if self.kind == "date":
            return f"d:{self.month}-{int(self.value)}"
        if self.kind == "weekday":
            return f"w:{int(self.value)}"
        return f"v:{_norm(self.value)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value": self.value,
            "unit": self.unit,
            "month": self.month,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "spelled": self.spelled,
            "approx": self.approx,
            "key": self.key,
        }


def _norm(value: float) -> str:
    return f"{value:.10g}"


# -- word tables ------------------------------------------------------------
# Folded (lower case, no accents) so they match fold(text).

_EN_UNITS = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_FR_UNITS = {
    "zero": 0, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60,
}  # fmt: skip
# Nouns that count a group: "a dozen", "une dizaine", "deux centaines".
_MULTIPLIERS = {
    "dozen": 12, "dozens": 12, "douzaine": 12, "douzaines": 12, "dizaine": 10, "dizaines": 10,
    "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "centaine": 100, "centaines": 100,
}  # fmt: skip
# "one"/"un"/"une" alone are articles and pronouns far more often than
# figures: they count only before a scale word ("un million", "one billion").
_EN_ONE = {"one", "a", "an"}
_FR_ONE = {"un", "une"}
_EN_HUNDRED = {"hundred"}
_FR_HUNDRED = {"cent", "cents"}
_EN_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_FR_SCALES = {
    "mille": 10**3, "millier": 10**3, "milliers": 10**3, "million": 10**6, "millions": 10**6,
    "milliard": 10**9, "milliards": 10**9, "billion": 10**12, "billions": 10**12,
}  # fmt: skip
# Scale words after digits: "1.5 million", "6,64 milliards", "$20.5bn".
_EN_DIGIT_SCALES = {
    "thousand": 10**3, "million": 10**6, "millions": 10**6, "billion": 10**9,
    "billions": 10**9, "trillion": 10**12, "bn": 10**9, "mn": 10**6, "tn": 10**12,
}  # fmt: skip
_FR_DIGIT_SCALES = {
    "mille": 10**3, "million": 10**6, "millions": 10**6, "milliard": 10**9,
    "milliards": 10**9, "mds": 10**9, "md": 10**9, "billion": 10**12, "billions": 10**12,
}  # fmt: skip
# Approximate quantity nouns: "une dizaine" (about ten).
_APPROX_NOUNS = {
    "dozen", "dozens", "dizaine", "dizaines", "douzaine", "douzaines", "quinzaine",
    "vingtaine", "trentaine", "centaine", "centaines", "millier", "milliers",
}  # fmt: skip

_EN_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "twentieth": 20, "hundredth": 100,
}  # fmt: skip
_FR_ORDINALS = {
    "premier": 1, "premiere": 1, "premiers": 1, "premieres": 1, "deuxieme": 2,
    "troisieme": 3, "quatrieme": 4, "cinquieme": 5, "sixieme": 6, "septieme": 7,
    "huitieme": 8, "neuvieme": 9, "dixieme": 10, "onzieme": 11, "douzieme": 12,
    "vingtieme": 20, "centieme": 100,
}  # fmt: skip

_APPROX_STRICT = re.compile(
    r"(?:approximately|about|around|nearly|almost|some|roughly|over|more than|less than|"
    r"fewer than|up to|at least|close to|an estimated|estimated|environ|pres de|quelque|"
    r"plus de|moins de|presque|jusqu'a|au moins|pas moins de|autour de)\s+$"
)

# Currencies: folded spellings → ISO code. "$" alone is taken as USD.
_CURRENCY_PREFIX = re.compile(r"((?<![a-z])(?:usd|eur|gbp|vnd|rmb|cny)\s?|us\s?\$|\$|€|£|¥)$")
_CURRENCY_CODES = {
    "us$": "USD", "us $": "USD", "$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR",
    "£": "GBP", "gbp": "GBP", "¥": "JPY", "vnd": "VND", "rmb": "CNY", "cny": "CNY",
}  # fmt: skip
_CURRENCY_AFTER = re.compile(
    r"\s*(?:(?:de |d')?(?:dollars? (?:americains?|us|des etats-unis)|dollars?|euros?|"
    r"livres? sterling|yuans?|yens?|dongs?)|us dollars?|usd|eur|vnd|vnd|dong|€|\$|£)(?![\w])"
)
_CURRENCY_WORDS = {
    "dollar": "USD", "euro": "EUR", "livre": "GBP", "yuan": "CNY", "yen": "JPY",
    "dong": "VND", "usd": "USD", "eur": "EUR", "vnd": "VND", "€": "EUR", "$": "USD",
    "£": "GBP",
}  # fmt: skip
_PERCENT_AFTER = re.compile(
    r"\s*(?:%|per ?cent|pour ?cent|pct|percentage points?|points? de pourcentage)(?![\w])"
)
_SCALE_AFTER = re.compile(r"\s*(?:de\s+)?([a-z]+)")


def _trie(words: Iterable[str]) -> str:
    """A pattern matching exactly ``words``, factored by common prefixes."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + pattern(node[ch]) for ch in sorted(node) if ch]
        if not alts:
            return ""
        body = "(?:" + "|".join(alts) + ")" if len(alts) > 1 else alts[0]
        return f"(?:{body})?" if "" in node else body

    return pattern(tree)


def word_start_alt(words: Iterable[str], not_before: str) -> str:
    """``(?<!not_before)(?:words)`` with the look-behind placed after each first letter.

    Branches that open with a letter let the regex engine skip to the letters
    that can begin a word instead of trying the look-behind at every position.
    ``words`` must start with word characters.
    """
    found = sorted(set(words))
    branches = []
    for first in sorted({w[0] for w in found}):
        rests = [w[1:] for w in found if w[0] == first]
        tail = _trie([r for r in rests if r])
        if tail and "" in rests:
            tail = f"(?:{tail})?"
        branches.append(f"{re.escape(first)}(?<!{not_before}.){tail}")
    return "(?:" + "|".join(branches) + ")"


_MONTH_ALT = "|".join(sorted(FOLDED_MONTHS, key=len, reverse=True))
_WEEKDAY_ALT = "|".join(sorted(FOLDED_WEEKDAYS, key=len, reverse=True))
_DAY = r"(\d{1,2})(?:st|nd|rd|th|er|re)?(?![\d])"
_RANGE_SEP = r"\s*(?:-|to|and|through|au|a|et)\s*"
# "November 19-22", "Nov. 19 to 22", "November 19"
_DATE_MONTH_FIRST = re.compile(rf"\b({_MONTH_ALT})\.?\s+{_DAY}(?:{_RANGE_SEP}{_DAY})?")
# "du 19 au 22 novembre", "19-22 November", "20 novembre", "1er mai"
_DATE_DAY_FIRST = re.compile(
    rf"(?<![\d.,])(?:(?:du|from|between|entre le|entre)\s+)?{_DAY}(?:{_RANGE_SEP}{_DAY})?"
    rf"\s+(?:of\s+)?({_MONTH_ALT})\b"
)
_ANY_DIGIT = re.compile(r"\d")
_ASCII_DIGITS = "0123456789"


def _has_digit(text: str) -> bool:
    """Whether ``text`` holds a character ``\\d`` matches (a few substring tests when ASCII)."""
    if text.isascii():  # in ASCII text \d is [0-9]
        return any(digit in text for digit in _ASCII_DIGITS)
    return _ANY_DIGIT.search(text) is not None


# Runs of ASCII letters. Every word the searches below look for (months, weekdays, number
# words) is made of such letters and must stand alone (no word character before it, none
# or a hyphen after it), so it is one whole run: when no run is one of those words, the
# search cannot match, and one set test spares it.
_LETTER_RUNS = re.compile(r"[a-z]+")
# For bytes.translate: a-z kept, every other byte made a space.
_NOT_LETTERS = bytes(code if ord("a") <= code <= ord("z") else ord(" ") for code in range(256))


def _is_word_char(ch: str) -> bool:
    r"""Whether ``ch`` is a word character (``\w``)."""
    return ch.isalnum() or ch == "_"


def standing_words(text: str, words: Iterable[str]) -> list[tuple[int, int, str]]:
    r"""Where each of ``words`` stands whole in ``text`` (``\bword\b``): ``(start, end, word)``.

    In text order. Found by substring search: with the few words a text can hold
    (those among its letter runs), cheaper than a pattern of them all tried along it.
    ``words`` are made of word characters.
    """
    found: list[tuple[int, int, str]] = []
    size = len(text)
    for word in words:
        n = len(word)
        pos = text.find(word)
        while pos >= 0:
            end = pos + n
            if (pos == 0 or not _is_word_char(text[pos - 1])) and (
                end == size or not _is_word_char(text[end])
            ):
                found.append((pos, end, word))
            pos = text.find(word, end)  # one found inside this one follows a letter
    found.sort()
    return found


def leading_runs(words: Iterable[str]) -> frozenset[bytes]:
    """The runs of :data:`_LETTER_RUNS` that begin with each of ``words`` (ASCII bytes)."""
    runs = set()
    for word in words:
        m = _LETTER_RUNS.match(word)
        if m is None:
            raise ValueError(f"{word!r} does not open with a letter")
        runs.add(m.group().encode("ascii"))
    return frozenset(runs)


_MONTH_RUNS = leading_runs(FOLDED_MONTHS)
# "(weekday)s?\b": a weekday and its plural.
_WEEKDAY_RUNS = leading_runs([*FOLDED_WEEKDAYS, *(f"{day}s" for day in FOLDED_WEEKDAYS)])

# Digits with any grouping; interpreted per language by _read_digits.
# "\d\d*", not "\d+": the same matches, and a first character the search can scan for.
_DIGITS = re.compile(r"\d\d*(?:[,.\u00a0\u202f\u2009 ]\d+)*")
# Letters glued before a figure make it part of a name ("G20", "ST25"), except currency codes.
_GLUED_CURRENCY = ("US$", "USD", "VND", "VNĐ", "EUR", "RMB", "GBP")
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th|e|er|re|eme|ieme|ème|ième|è|ᵉ)(?![\w])")


def _joins(ch: str) -> bool:
    r"""Whether ``ch`` may stand next to a number word inside one token (``[\w'-]``)."""
    return ch.isalnum() or ch in "_'-"


# Number words standing alone, and with the joiner that may link them ("and", "et").
_EN_ALONE_WORDS = frozenset(
    (*_EN_UNITS, *(_EN_ONE - {"a", "an"}), *_EN_HUNDRED, *_EN_SCALES, *_MULTIPLIERS, *_EN_ORDINALS)
)
_FR_ALONE_WORDS = frozenset(
    (*_FR_UNITS, *_FR_ONE, *_FR_HUNDRED, *_FR_SCALES, *_MULTIPLIERS, *_FR_ORDINALS)
)
_EN_NUMBER_WORDS = _EN_ALONE_WORDS | {"and"}
_FR_NUMBER_WORDS = _FR_ALONE_WORDS | {"et"}
# Every number word is a run of letters a-z (no hyphen): a token of them is one whole run
# of _LETTER_RUNS per word, so the words a text holds are among its letter runs.
_EN_ALONE_RUNS = leading_runs(_EN_ALONE_WORDS)
_FR_ALONE_RUNS = leading_runs(_FR_ALONE_WORDS)
_EN_NUMBER_RUNS = leading_runs(_EN_NUMBER_WORDS)
_FR_NUMBER_RUNS = leading_runs(_FR_NUMBER_WORDS)


def number_word_tokens(
    folded: str, present: Iterable[str], words: frozenset[str]
) -> list[tuple[int, int, str]]:
    r"""Tokens of number words in ``folded``: ``(start, end, text)`` in text order.

    A token is a whole run of ``[\w'-]`` characters made of ``words`` joined by hyphens
    ("twenty-one", "and"), as ``(?<![\w'-])W(?:-W)*(?![\w'-])`` finds them; ``present``
    holds the words that can open one (those among the text's letter runs). Each is
    looked for by substring: cheaper than a pattern of every word tried along the text.
    """
    found: list[tuple[int, int, str]] = []
    size = len(folded)
    for word in present:
        n = len(word)
        pos = folded.find(word)
        while pos >= 0:
            end = pos + n
            # A token opens here when nothing joins on before, and the word ends here.
            if (pos == 0 or not _joins(folded[pos - 1])) and (
                end == size or folded[end] == "-" or not _joins(folded[end])
            ):
                while end < size and _joins(folded[end]):
                    end += 1
                text = folded[pos:end]
                if end == pos + n or all(part in words for part in text.split("-")):
                    found.append((pos, end, text))
            # An occurrence starting inside this one follows a letter: it opens no token.
            pos = folded.find(word, pos + n)
    found.sort()
    return found


# Words that count ("two", "hundred", "million", "dozen"), and those with "one"/"un".
_COUNTING = {
    "en": frozenset((*_EN_UNITS, *_EN_HUNDRED, *_EN_SCALES, *_MULTIPLIERS)),
    "fr": frozenset((*_FR_UNITS, *_FR_HUNDRED, *_FR_SCALES, *_MULTIPLIERS)),
}
_NUMBER_PARTS = {"en": _COUNTING["en"] | _EN_ONE, "fr": _COUNTING["fr"] | _FR_ONE}
_ARTICLE_BEFORE = re.compile(r"(?<![\w'-])(?:a|an|one|un|une) $")
_ARTICLE_TOKEN = re.compile(r"[a-z]+")
# Words a scale may follow: an article before them belongs to the figure ("a million").
_TAKES_ARTICLE = {
    "en": frozenset((*_EN_SCALES, *_EN_HUNDRED, *_MULTIPLIERS)),
    "fr": frozenset((*_FR_SCALES, *_FR_HUNDRED, *_MULTIPLIERS)),
}
_RUN_OF_DIGITS = re.compile(r"\d+")
_SHORT_SCALE = re.compile(r"(?:bn|m|tn)(?![\w])")
_EN_GROUP_SEPS = frozenset({",", "\u00a0", "\u202f", "\u2009"})
_FR_GROUP_SEPS = frozenset({" ", ".", "\u00a0", "\u202f", "\u2009"})


# -- helpers -------------------------------------------------------------------


def _lang(lang: str) -> str:
    return "fr" if lang.lower().startswith("fr") else "en"


def _read_digits(raw: str, lang: str) -> tuple[Decimal, int] | None:
    """Read the number at the start of ``raw``; return (value, characters used).

    English: "," groups thousands, "." is the decimal point. French: space,
    no-break space or "." group thousands, "," is the decimal comma. A
    no-break or thin space groups in both.
    """
    group_seps = _EN_GROUP_SEPS if lang == "en" else _FR_GROUP_SEPS
    decimal_sep = "." if lang == "en" else ","
    m = _RUN_OF_DIGITS.match(raw)
    if m is None:
        return None
    digits = m.group()
    pos = m.end()
    if len(digits) <= 3:
        while pos + 4 <= len(raw) and raw[pos] in group_seps:
            nxt = _RUN_OF_DIGITS.match(raw, pos + 1)
            if nxt is None or len(nxt.group()) != 3:
                break
            digits += nxt.group()
            pos += 4
    if pos + 1 < len(raw) and raw[pos] == decimal_sep and raw[pos + 1].isdigit():
        frac = _RUN_OF_DIGITS.match(raw, pos + 1)
        assert frac is not None
        # "1,000,5" is no decimal: a decimal part follows no group of three.
        digits += "." + frac.group()
        pos += 1 + len(frac.group())
    try:
        return Decimal(digits), pos
    except InvalidOperation:  # pragma: no cover - regex guarantees digits
        return None


def parse_number(text: str, lang: str = "en") -> float | None:
    """The number written in digits in ``text`` ("1,000" → 1000.0, "9,9" fr → 9.9)."""
    read = _read_digits(text.strip(), _lang(lang))
    if read is None or read[1] != len(text.strip()):
        return None
    return float(read[0])


def spelled_value(words: Iterable[str], lang: str = "en") -> int | None:
    """The value of number words ("twenty-five", "quatre-vingt-dix", "deux mille")."""
    lg = _lang(lang)
    units = _EN_UNITS if lg == "en" else _FR_UNITS
    ones = _EN_ONE if lg == "en" else _FR_ONE
    hundreds = _EN_HUNDRED if lg == "en" else _FR_HUNDRED
    scales = _EN_SCALES if lg == "en" else _FR_SCALES
    total, current, seen = 0, 0, False
    for word in words:
        for tok in fold(word).split("-"):
            if not tok or tok in ("et", "and"):
                continue
            if tok in _MULTIPLIERS:
                current = max(current, 1) * _MULTIPLIERS[tok]
            elif tok in units:
                value = units[tok]
                if lg == "fr" and value == 20 and current == 4:
                    current = 80  # quatre-vingt(s)
                else:
                    current += value  # dix-sept, soixante-dix, vingt-cinq
            elif tok in ones:
                current += 1
            elif tok in hundreds:
                current = max(current, 1) * 100
            elif tok in scales:
                total += max(current, 1) * scales[tok]
                current = 0
            else:
                return None
            seen = True
    return total + current if seen else None


# -- extraction ------------------------------------------------------------------


def _is_number_word(word: str, parts: frozenset[str]) -> bool:
    """True for a number word, its hyphenated parts all in ``parts``."""
    if "-" not in word:
        return word in parts
    return all(p in parts for p in word.split("-"))


class _Extractor:
    def __init__(self, text: str, lang: str, folded: str | None) -> None:
        self.text = text
        self.folded = fold(text) if folded is None else folded
        self.lang = _lang(lang)
        self.taken = bytearray(len(text))
        self.found: list[Quantity] = []
        self._runs: frozenset[bytes] | None = None
        self._digits: bool | None = None

    def has_digits(self) -> bool:
        """Whether the text holds a digit (``\\d``).

        Tested on the folded text, mostly ASCII: fold() keeps every ``\\d`` a ``\\d``
        in its place (tests/test_scan_shortcuts.py checks all of Unicode).
        """
        if self._digits is None:
            self._digits = _has_digit(self.folded)
        return self._digits

    def runs(self) -> frozenset[bytes]:
        """The letter runs of the folded text (:data:`_LETTER_RUNS`), as ASCII bytes."""
        if self._runs is None:
            folded = self.folded
            if folded.isascii():  # every other byte made a space, split() gives the runs
                self._runs = frozenset(folded.encode("ascii").translate(_NOT_LETTERS).split())
            else:
                self._runs = frozenset(w.encode("ascii") for w in _LETTER_RUNS.findall(folded))
        return self._runs

    def free(self, start: int, end: int) -> bool:
        return self.taken.find(1, start, end) < 0  # no character taken

    def take(self, start: int, end: int) -> None:
        self.taken[start:end] = b"\x01" * (end - start)

    def approx(self, start: int) -> bool:
        before = self.folded[max(0, start - 24) : start]
        return bool(_APPROX_STRICT.search(before))

    def add(
        self,
        kind: QuantityKind,
        value: float,
        start: int,
        end: int,
        *,
        unit: str | None = None,
        month: int | None = None,
        spelled: bool = False,
        approx: bool | None = None,
    ) -> None:
        if approx is None:
            approx = self.approx(start)
        self.found.append(
            Quantity(
                kind=kind,
                value=value,
                start=start,
                end=end,
                text=self.text[start:end],
                unit=unit,
                month=month,
                spelled=spelled,
                approx=approx,
            )
        )

    # dates and weekdays ------------------------------------------------------
    def dates(self) -> None:
        folded = self.folded
        if not self.has_digits():
            return  # every date holds a day number
        months = self.runs() & _MONTH_RUNS
        if not months:
            return  # and a month word
        for start, end, _ in standing_words(folded, [m.decode("ascii") for m in months]):
            lo, hi = max(0, start - 40), min(len(folded), end + 30)
            for pattern, month_group, day_groups in (
                (_DATE_DAY_FIRST, 3, (1, 2)),
                (_DATE_MONTH_FIRST, 1, (2, 3)),
            ):
                for m in pattern.finditer(folded, lo, hi):
                    if m.start(month_group) == start and self.free(m.start(), m.end()):
                        self.date(m, month_group, day_groups, pattern is _DATE_DAY_FIRST)

    def date(
        self, m: re.Match[str], month_group: int, day_groups: tuple[int, int], day_first: bool
    ) -> None:
        month_word = m.group(month_group)
        if month_word == "may" and not self.text[m.start(month_group)].isupper():
            return  # the verb "may"
        if month_word == "mars" and self.lang == "en":
            return
        month = FOLDED_MONTHS[month_word]
        days = [int(m.group(g)) for g in day_groups if m.group(g)]
        if not all(1 <= d <= 31 for d in days):
            return
        if len(days) == 2 and days[1] <= days[0]:
            days = days[:1]
            end = m.end() if day_first else m.end(day_groups[0])
        else:
            end = m.end()
        start = m.start(day_groups[0]) if day_first and len(days) == 1 else m.start()
        for day in days:
            self.add("date", float(day), start, end, month=month, approx=False)
        self.take(start, end)

    def weekdays(self) -> None:
        days = self.runs() & _WEEKDAY_RUNS
        if not days:
            return  # no weekday standing alone
        for start, end, word in standing_words(self.folded, [d.decode("ascii") for d in days]):
            if self.free(start, end):
                day = FOLDED_WEEKDAYS.get(word)
                if day is None:
                    day = FOLDED_WEEKDAYS[word[:-1]]  # a plural: "Mondays"
                self.add("weekday", float(day), start, end, approx=False)
                self.take(start, end)

    # digits --------------------------------------------------------------
    def figure_matches(self) -> Iterable[re.Match[str]]:
        """The matches of :data:`_DIGITS` in the text, as ``finditer`` gives them.

        Where the folded text is ASCII, each ``\\d`` of the text lies where it has a
        digit 0-9 (folding keeps every ``\\d`` one): the pattern is tried only at
        those, found by substring search, in text order past the last match.
        """
        folded = self.folded
        if not folded.isascii():
            return _DIGITS.finditer(self.text)
        return matches_at(_DIGITS, self.text, _ASCII_DIGITS, folded)

    def digit_numbers(self) -> None:
        text = self.text
        if not self.has_digits():
            return  # every figure opens with a digit
        for m in self.figure_matches():
            pos = m.start()
            glued = pos and (text[pos - 1].isalnum() or text[pos - 1] in "_.,")
            if glued and not text[max(0, pos - 3) : pos].endswith(_GLUED_CURRENCY):
                continue
            limit = m.end()
            while pos < limit:
                if not self.free(pos, pos + 1):
                    pos += 1
                    continue
                read = _read_digits(self.text[pos:limit], self.lang)
                if read is None:
                    pos += 1
                    continue
                value, used = read
                self.digit_quantity(pos, pos + used, value)
                pos += used
                # skip a separator that did not join
                while pos < limit and not self.text[pos].isdigit():
                    pos += 1

    def digit_quantity(self, start: int, end: int, value: Decimal) -> None:
        folded = self.folded
        raw = self.text[start:end]
        # currency before: "$6.64", "US$118", "VND1.5"
        unit: str | None = None
        before = folded[max(0, start - 5) : start]
        cur = _CURRENCY_PREFIX.search(before)
        q_start = start
        if cur:
            unit = _CURRENCY_CODES.get(cur.group(1).replace(" ", "").strip(), "USD")
            q_start = start - len(cur.group(1))
        # ordinal suffix: "74th", "74e", "1er"
        suffix = _ORDINAL_SUFFIX.match(folded, end)
        if suffix and unit is None and "." not in raw and "," not in raw:
            self.add("ordinal", float(value), start, suffix.end())
            self.take(start, suffix.end())
            return
        q_end = end
        scale = 1
        scale_match = _SCALE_AFTER.match(folded, end)
        scales = _EN_DIGIT_SCALES if self.lang == "en" else _FR_DIGIT_SCALES
        if scale_match and scale_match.group(1) in scales:
            # "de" only joins a scale in "6,64 milliards de dollars", not before it.
            if not scale_match.group(0).lstrip().startswith("de "):
                scale = scales[scale_match.group(1)]
                q_end = scale_match.end()
        elif unit and _SHORT_SCALE.match(folded[end : end + 3]):
            word = re.match(r"(?:bn|m|tn)", folded[end:])
            assert word is not None
            scale = {"bn": 10**9, "m": 10**6, "tn": 10**12}[word.group()]
            q_end = end + len(word.group())
        total = float(value * scale)
        percent = _PERCENT_AFTER.match(folded, q_end)
        if percent and unit is None:
            self.add("percent", total, q_start, percent.end(), unit="%")
            self.take(q_start, percent.end())
            return
        after = _CURRENCY_AFTER.match(folded, q_end)
        if after:
            cur_word = after.group(0).strip()
            for name, code in _CURRENCY_WORDS.items():
                if name in cur_word:
                    unit = code
                    break
            q_end = after.end()
        if unit is not None:
            self.add("money", total, q_start, q_end, unit=unit)
            self.take(q_start, q_end)
            return
        digits_only = raw.isdigit()
        if digits_only and len(raw) == 4 and 1900 <= int(raw) <= 2099 and scale == 1:
            self.add("year", total, start, end, approx=False)
        else:
            self.add("number", total, start, q_end)
        self.take(start, q_end)

    # words --------------------------------------------------------------------
    def spelled_numbers(self) -> None:
        lg = self.lang
        units = _EN_UNITS if lg == "en" else _FR_UNITS
        ones = _EN_ONE if lg == "en" else _FR_ONE
        hundreds = _EN_HUNDRED if lg == "en" else _FR_HUNDRED
        scales = _EN_SCALES if lg == "en" else _FR_SCALES
        ordinals = _EN_ORDINALS if lg == "en" else _FR_ORDINALS
        counting = _COUNTING[lg]
        parts_ok = _NUMBER_PARTS[lg]
        joiner = "and" if lg == "en" else "et"
        takes_article = _TAKES_ARTICLE[lg]

        runs = self.runs()
        if runs.isdisjoint(_EN_ALONE_RUNS if lg == "en" else _FR_ALONE_RUNS):
            return  # no number word standing alone: no figure spelled out
        words = _EN_NUMBER_WORDS if lg == "en" else _FR_NUMBER_WORDS
        present = [
            r.decode("ascii") for r in runs & (_EN_NUMBER_RUNS if lg == "en" else _FR_NUMBER_RUNS)
        ]
        tokens = number_word_tokens(self.folded, present, words)
        if all(tok[2] == joiner for tok in tokens):
            return  # only "and"s joined to other words ("and-so")
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            word = tok[2]
            if word in ordinals:
                if self.free(tok[0], tok[1]):
                    self.add("ordinal", float(ordinals[word]), tok[0], tok[1], spelled=True)
                    self.take(tok[0], tok[1])
                i += 1
                continue
            if not _is_number_word(word, parts_ok):
                i += 1
                continue
            run = [tok]
            # "a million", "un millier": take the article in front of a scale word.
            article = _ARTICLE_BEFORE.search(self.folded, max(0, tok[0] - 4), tok[0])
            if article and word.split("-")[0] in takes_article:
                art = _ARTICLE_TOKEN.match(self.folded, article.start())
                assert art is not None
                run = [(art.start(), art.end(), art.group()), tok]
            j = i + 1
            while j < len(tokens):
                gap = self.folded[tokens[j - 1][1] : tokens[j][0]]
                nxt = tokens[j][2]
                if gap != " ":
                    break
                if nxt == joiner and j + 1 < len(tokens):
                    # "two hundred and fifty", "vingt et un": a joiner needs number words
                    # on both sides and a hundred/scale (en) or a ten (fr) before it.
                    prev = run[-1][2].split("-")[-1]
                    after = tokens[j + 1][2]
                    ok_prev = (
                        prev in hundreds or prev in scales
                        if lg == "en"
                        else (prev in units and units[prev] >= 20)
                    )
                    gap2 = self.folded[tokens[j][1] : tokens[j + 1][0]]
                    if ok_prev and gap2 == " " and _is_number_word(after, parts_ok):
                        run.extend([tokens[j], tokens[j + 1]])
                        j += 2
                        continue
                    break
                if not _is_number_word(nxt, parts_ok):
                    break
                run.append(tokens[j])
                j += 1
            i = j
            parts = [p for t in run for p in t[2].split("-")]
            # "one", "un", "une", "a" count only before a scale ("un millier", "a million").
            while run and all(p in ones for p in run[0][2].split("-")):
                rest = [p for t in run[1:] for p in t[2].split("-")]
                if rest and rest[0] in takes_article:
                    break
                run = run[1:]
            if not run:
                continue
            parts = [p for t in run for p in t[2].split("-")]
            if not any(p in counting for p in parts):
                continue
            if len(parts) == 1 and (parts[0] in scales or parts[0] in _MULTIPLIERS):
                continue  # "millions of", "des milliers", "dozens": no count
            value = spelled_value([t[2] for t in run], lg)
            if value is None:
                continue
            start, end = run[0][0], run[-1][1]
            if not self.free(start, end):
                continue
            has_scale = any(p in scales or p in hundreds for p in parts)
            pct = _PERCENT_AFTER.match(self.folded, end)
            if pct:
                self.add("percent", float(value), start, pct.end(), unit="%", spelled=True)
                self.take(start, pct.end())
                continue
            cur = _CURRENCY_AFTER.match(self.folded, end)
            if cur and has_scale:
                unit = next((c for n, c in _CURRENCY_WORDS.items() if n in cur.group(0)), "USD")
                self.add("money", float(value), start, cur.end(), unit=unit, spelled=True)
                self.take(start, cur.end())
                continue
            approx = any(p in _APPROX_NOUNS for p in parts) or self.approx(start)
            self.add("number", float(value), start, end, spelled=True, approx=approx)
            self.take(start, end)

    def run(self) -> list[Quantity]:
        self.dates()
        self.weekdays()
        self.digit_numbers()
        self.spelled_numbers()
        found = sorted(self.found, key=_span)
        # Only quantities sharing a span (the days of one date range) are ordered by key,
        # which formats a value: the others need no key.
        for i in range(1, len(found)):
            if found[i].start == found[i - 1].start and found[i].end == found[i - 1].end:
                found.sort(key=lambda q: (q.start, q.end, q.key))
                break
        return found


def _span(q: Quantity) -> tuple[int, int]:
    return (q.start, q.end)


def read_quantities(
    text: str, lang: str, folded: str | None = None
) -> tuple[list[Quantity], frozenset[bytes]]:
    """:func:`extract_quantities`, with the runs of ASCII letters of the folded text.

    The runs are ASCII bytes (``b"january"``): bytes are quicker to cut out of the text.

    Every whole word made of letters a–z (no word character on either side) is one
    of the runs: a set test of them is a cheap necessary condition of finding one.
    """
    if not text:
        return [], frozenset()
    extractor = _Extractor(text, lang, folded)
    found = extractor.run()
    return found, extractor.runs()


def extract_quantities(text: str, lang: str, folded: str | None = None) -> list[Quantity]:
    """Every figure, date and weekday in ``text`` (``lang``: "en", "fr"; others read as "en").

    ``folded``, when the caller has it, is ``fold(text)``.

    Quantities come in text order; spans never overlap except the two days
    of one date range ("du 19 au 22 novembre"), which share their span.
    """
    if not text:
        return []
    return _Extractor(text, lang, folded).run()


def quantity_keys(text: str, lang: str) -> set[str]:
    """The set of :attr:`Quantity.key` values in ``text``."""
    return {q.key for q in extract_quantities(text, lang)}
