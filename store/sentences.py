"""Sentences and quotations of English and French news text, as character spans.

The one sentence splitter of the store: search indexes its sentences, alignment
links them, the fact rules read a figure within its sentence and citations
widen a hit to it, so "a sentence" means the same thing everywhere.

A sentence ends at ``.``, ``!``, ``?`` or ``…`` (closing quotes and brackets may
follow, « … » with a space) before white space and a capital or a digit, or at a
full stop that runs two words together ("tonnes.Exports", as wire copy has
them). What does not end one:

* a decimal point or a full stop inside a word ("1.5 million", "vietnamplus.vn");
* a title before a name ("Mr. Long", "Dr.", "St.", "M. Macron", "Mme", "MM.");
* an initial ("Lê T. Long", "George W. Bush");
* a reference before its number ("No. 1", "Art. 5", "p. 12");
* a month or a dotted abbreviation ("Oct. 10", "the U.S. President") unless a
  sentence plainly starts after it ("… from the U.S. The ministry …");
* a company form before another ("Samsung Co. Ltd.");
* a full stop inside a quotation that a sentence holds and that closes later
  in the same paragraph ('He said "We did it. We go on." Then he left.' is two
  sentences). A quotation that opens a sentence is cut into its own sentences
  ('"We did it. We go on," he said.' is two), as translators and readers cut it.

Quotations are the text inside “…”, "…", « … », „…“ and ‘…’ or '…'
(apostrophes inside words such as "Nam's" are not quotes).
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsdesk.store.text import matches_at

__all__ = ["find_quotes", "is_abbreviation", "split_sentences"]

# Titles: before a name, never at a sentence's end (when written with a capital).
_TITLES = frozenset(
    """mr mrs ms dr prof assoc st mt messrs gen lt col maj capt cmdr sgt brig adm sen rep gov
    pres amb rev hon m mme mmes mlle mlles mm me mgr pr ste""".split()
)
# References: before their number ("No. 1", "p. 12", "n° 5").
_REFERENCES = frozenset("no nos nr art vol fig p pp ch sect para n°".split())
# Rarely end a sentence, more often go on with a day, a name or a number: they
# end one only before a word that starts sentences ("… in Oct. The …").
_MONTHS_AND_SUFFIXES = frozenset(
    """jan feb mar apr jun jul aug sep sept oct nov dec
    janv fév févr fevr avr juil déc jr sr dept bros ave rd blvd""".split()
)
# Company forms end a sentence unless another one follows ("Samsung Co. Ltd.").
_COMPANIES = frozenset("inc ltd co corp plc jsc llc".split())
# Never end a sentence: an example or a comparison follows.
_NEVER = frozenset("vs cf approx ca".split())
_ABBREVIATIONS = _TITLES | _REFERENCES | _MONTHS_AND_SUFFIXES | _COMPANIES | _NEVER | {"etc"}

# Words that open a sentence (as written there) and rarely follow an
# abbreviation inside one: "the U.S. The ministry", "Apple Inc. It said".
# Names are left out ("Le", "La", "An" and "Do" are Vietnamese names too).
_STARTERS = frozenset(
    """The This That These Those There Their They It Its He She His Her We Our I
    In On At As After Before During While When Where If But And Or So Yet However
    Meanwhile Moreover Furthermore According Also Although Though Since Such Some Many
    Most All Both Each Every Other Another Last Next Today Yesterday Currently Earlier
    Later Previously Overall Besides Despite Thanks For From With Without By To Under
    Over Among Following Instead Still Nevertheless Therefore Thus Then Now Here What
    Who Which How Why A
    Les Un Une Des Du Il Elle Ils Elles On Nous Je Ce Cet Cette Ces Selon Dans En Au
    Aux À Par Pour Sur Avec Sans Depuis Après Avant Pendant Lors Mais Et Donc Ainsi
    Cependant Toutefois Outre Enfin Aussi Notamment Parmi Son Sa Ses Leur Leurs Tous
    Toutes Plusieurs Certains Chaque Cela Ceci""".split()
)

# A run of terminal punctuation, optional closers, then white space; or a full
# stop between two letters (a word run into the next: "tonnes.Exports").
# (One leading character class lets the regex engine skip to the candidates.)
_BOUNDARY = re.compile(r"[.!?…](?:[.!?…]*(?:\s?[\"”»’')\]])*\s+|(?<=\.)(?=[^\W\d_]{2}))")
_OPENERS = "\"“«‘'([„"
_SPACES = " \u00a0\u202f"
# The word before a full stop, dots and hyphens inside it ("U.S", "É.-U", "n°").
# "[\w°][\w°]*", not "[\w°]+": the same matches, and a first character the search scans for.
_WORD_BEFORE = re.compile(r"[\w°][\w°]*(?:(?:\.-?|-)[\w°]+)*$")
_DOTTED = re.compile(r"[^\W\d_]\.(?:-?[^\W\d_]\.)*-?[^\W\d_]")
_ELISION = re.compile(r"(?:[CDJLNS]|Qu|Jusqu|Lorsqu|Puisqu)['’][^\W\d_]")
_FIRST_WORD = re.compile(r"[^\W\d_]+")
_ALNUM = re.compile(r"[^\W_]")


def is_abbreviation(word: str) -> bool:
    """Whether ``word`` (without its full stop) is an abbreviation that takes one
    ("Mr", "No", "Oct", "Inc", "U.S", "etc")."""
    return word.lower() in _ABBREVIATIONS or _DOTTED.fullmatch(word) is not None


def _opens_sentence(text: str, pos: int) -> bool:
    """Whether a sentence plainly starts at ``pos``: a word that opens sentences."""
    n = len(text)
    while pos < n and (text[pos] in _OPENERS or text[pos] in _SPACES):
        pos += 1
    if _ELISION.match(text, pos):
        return True  # "L'économie", "C'est", "Qu'il"
    word = _FIRST_WORD.match(text, pos)
    return word is not None and word.group() in _STARTERS


def _can_start(text: str, pos: int) -> bool:
    """Whether the text at ``pos`` can begin a sentence (a capital or a digit)."""
    n = len(text)
    while pos < n and (text[pos] in _OPENERS or text[pos] in _SPACES):
        pos += 1
    if pos >= n:
        return False
    ch = text[pos]
    return ch.isupper() or ch.isdigit() or (ch.isalpha() and not ch.islower())


def _full_stop_ends(text: str, dot: int, after: int) -> bool:
    """Whether the full stop at ``dot`` ends a sentence; the next one starts at ``after``."""
    lo = max(0, dot - 24)
    # A match runs up to the stop and holds no space: none starts at or before the last
    # space, so the search starts after it (the same match, fewer places tried).
    space = text.rfind(" ", lo, dot)
    found = _WORD_BEFORE.search(text, lo if space < 0 else space + 1, dot)
    if found is None:
        return True  # "2024." ends; so does a stop after a bracket or a quote
    token = found.group()
    if _DOTTED.fullmatch(token):
        return _opens_sentence(text, after)  # "U.S.", "a.m.", "É.-U."
    word = token.rsplit("-", 1)[-1].rsplit(".", 1)[-1]
    if not word[:1].isalpha():
        return True
    lower = word.lower()
    capital = word[0].isupper()
    if len(word) == 1 and capital:
        # An initial ("Lê T. Long", "Jean-P. Dupont"); not the end of "I/B/E/S."
        return found.start() > 0 and text[found.start() - 1] not in _SPACES + _OPENERS + "\n\t"
    if lower in _TITLES:
        return not capital
    if lower in _REFERENCES:
        if after < len(text) and text[after].isdigit():
            return False
        return _opens_sentence(text, after) if capital else True
    if lower in _MONTHS_AND_SUFFIXES:
        return _opens_sentence(text, after)
    if lower in _COMPANIES:
        following = _FIRST_WORD.match(text, after)
        return following is None or following.group().lower() not in _COMPANIES
    return lower not in _NEVER


def _run_on(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` runs two sentences together ("tonnes.Exports")."""
    return (
        dot >= 2
        and text[dot - 1].islower()
        and text[dot - 2].islower()
        and text[dot + 1].isupper()
        and text[dot + 2].islower()
        and not text[max(0, dot - 4) : dot].endswith("www")
    )


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the sentences of ``text``, trimmed of white space."""
    return list(_sentences(text))


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Spans of the quoted passages of ``text`` (inside the marks), by start.

    Only quotations of two words or more count. A quotation left open at the
    end of a paragraph that it began runs to the paragraph's end (news style
    for quotes that go on in the next paragraph).
    """
    return list(_quotes(text))


_TERMINALS = ".!?…"


def _boundaries(text: str) -> list[re.Match[str]]:
    """The matches of :data:`_BOUNDARY` in ``text``: each opens with a terminal mark,
    and most paragraphs hold a few (:func:`store.text.matches_at`)."""
    return matches_at(_BOUNDARY, text, _TERMINALS)


# Search, facts and citations read the same paragraphs one after another: the
# last ones' spans are kept (the functions are pure, so the caches never go stale).
@lru_cache(maxsize=1024)
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    quotes: tuple[tuple[int, int], ...] | None = None
    cuts: list[int] = []
    for match in _boundaries(text):
        stop, after = match.start(), match.end()
        if match.group()[0] == "." and after == stop + 1:  # no space after the stop
            if not _run_on(text, stop) or not _full_stop_ends(text, stop, after):
                continue
        else:
            if not _can_start(text, after):
                continue
            run_end = stop
            while run_end < after and text[run_end] in ".!?…":
                run_end += 1
            if run_end == stop + 1 and text[stop] == "." and not _full_stop_ends(text, stop, after):
                continue
        if quotes is None:
            quotes = _quotes(text)
        last = cuts[-1] if cuts else 0
        if any(
            q_start < stop < q_end - 1 and text[last : q_start - 1].strip(_OPENERS + " ")
            for q_start, q_end in quotes
        ):
            continue  # inside a quotation that a sentence holds: 'He said "… . …" today.'
        cuts.append(after)
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in [*cuts, len(text)]:
        span = _trim(text, start, cut)
        if span is not None:
            spans.append(span)
        start = cut
    return tuple(spans)


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if _ALNUM.search(text, start, end) is None:
        return None
    return start, end


_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"
_BEFORE_OPEN = set(" \t\n([{—–-/")
_AFTER_CLOSE = set(" \t\n.,;:!?)]}—–-/…")
_QUOTE_CHARS = re.compile("[\"“”„«»‘’']")
_TRAILING = " \t\n\u00a0\u202f,;:"
_QUOTED_WORD = re.compile(r"[^\W_]+")


def _quote_role(text: str, i: int) -> str:
    """'open', 'close', 'open1', 'close1' or '' for the quotation mark at ``i``."""
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in _DOUBLE_OPEN:
        return "open"
    if ch in _DOUBLE_CLOSE:
        return "close"
    if ch == '"':
        if before in _BEFORE_OPEN or before in _DOUBLE_OPEN:
            return "open"
        return "close"
    # Single marks: an apostrophe between letters is no quote.
    if before.isalnum() and after.isalnum():
        return ""
    if ch == "‘" or (ch == "'" and before in _BEFORE_OPEN and (after.isalnum() or after in '"“')):
        return "open1"
    if (before.isalnum() or before in '.,!?…"”') and (after in _AFTER_CLOSE or after in '"”»'):
        return "close1"
    return ""


@lru_cache(maxsize=1024)
def _quotes(text: str) -> tuple[tuple[int, int], ...]:
    found: list[tuple[int, int]] = []
    double: list[int] = []  # positions of open double marks
    single: list[int] = []
    for match in _QUOTE_CHARS.finditer(text):
        i = match.start()
        role = _quote_role(text, i)
        if role == "open":
            double.append(i)
        elif role == "close":
            if double:
                found.append((double.pop() + 1, i))
                single.clear()  # a single quote never spans a double's end
        elif role == "open1":
            single.append(i)
        elif role == "close1" and single:
            found.append((single.pop() + 1, i))
    if double and not text[: double[0]].strip():
        found.append((double[0] + 1, len(text)))
    spans: list[tuple[int, int]] = []
    for start, end in found:
        while start < end and text[start] in _TRAILING:
            start += 1
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        # Two words or more: a second word after the first (findall's count, without the list).
        first = _QUOTED_WORD.search(text, start, end)
        if first is not None and _QUOTED_WORD.search(text, first.end(), end) is not None:
            spans.append((start, end))
    return tuple(sorted(set(spans)))
