"""The article's own date: from its header, refined or inferred from its text."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from newsdesk.store.records import DatePrecision, DateSource
from newsdesk.store.text import fold

__all__ = [
    "FOLDED_MONTHS",
    "FOLDED_WEEKDAYS",
    "MONTHS",
    "MONTH_NAMES",
    "WEEKDAYS",
    "WEEKDAY_NAMES",
    "ArticleDate",
    "DatedMention",
    "find_month_days",
    "find_weekdays",
    "infer_date",
    "main_year",
    "parse_header_date",
]

#: Month names by language, January first (the store's one month table).
MONTH_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
}  # fmt: skip
#: Weekday names by language, Monday first.
WEEKDAY_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
}
_MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                        "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}  # fmt: skip

#: Month word (lower case: names, English abbreviations, French names unaccented) → number.
MONTHS: dict[str, int] = {
    **{name: n for names in MONTH_NAMES.values() for n, name in enumerate(names, 1)},
    **_MONTH_ABBREVIATIONS,
    **{fold(name): n for n, name in enumerate(MONTH_NAMES["fr"], 1)},
}
#: Weekday word (lower case) → number, Monday 0.
WEEKDAYS: dict[str, int] = {
    name: n for names in WEEKDAY_NAMES.values() for n, name in enumerate(names)
}
#: :data:`MONTHS` and :data:`WEEKDAYS` keyed by :func:`store.text.fold` of the word.
FOLDED_MONTHS: dict[str, int] = {fold(k): v for k, v in MONTHS.items()}
FOLDED_WEEKDAYS: dict[str, int] = {fold(k): v for k, v in WEEKDAYS.items()}

# "October 12", "Oct. 12", "(October 10)"
# A word then a day number (or the reverse); the word is looked up in MONTHS.
_MONTH_DAY = re.compile(r"\b([^\W\d_]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b")
# "12 October", "20 novembre", "1er mai"
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:er|st|nd|rd|th)?\s+([^\W\d_]{3,9})\b")
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d.,$])\b(19[5-9]\d|20\d\d)\b(?![.,]\d)")
# Years named as a goal ("a vision to 2030", "until 2025") do not date an article.
_TARGET_BEFORE = re.compile(
    r"\b(?:to|until|by|towards|through|vision|year|jusqu'en|jusqu’en|d'ici|d’ici|horizon)\s+$",
    re.IGNORECASE,
)
# "June 27, 2012", "Nov. 1, 2013", "March 4 2019"; "28 juin 2019", "1er mai", "8 août".
_FULL_MDY = re.compile(r"\b([^\W\d_]{3,9}\.?)\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b")
_FULL_DMY = re.compile(r"\b(\d{1,2})(?:er|st|nd|rd|th)?\s+([^\W\d_]{3,9}\.?)(?:,?\s+(\d{4}))?\b")
# The lead's own day: "on March 3, 2022", "on Monday, March 3, 2022", "le 3 mars 2022".
_ON_DATE = re.compile(
    r"\b(?:on|le)\s+(?:[^\W\d_]+day,?\s+|(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|"
    r"dimanche)\s+)?((?:[^\W\d_]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+|\d{1,2}(?:er)?\s+"
    r"[^\W\d_]{3,9}\.?,?\s+)\d{4})\b",
    re.IGNORECASE,
)
_HEADER = re.compile(r"^\s*date\s+(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\b[ \t]*")


@dataclass(frozen=True, slots=True)
class DatedMention:
    """Where the text states its own date: a dateline's date or a time stamp, as written."""

    text: str
    kind: str


@dataclass(frozen=True, slots=True)
class ArticleDate:
    """A date as precise as known, and where it came from."""

    value: str | None
    precision: DatePrecision | None
    source: DateSource | None


UNKNOWN = ArticleDate(None, None, None)


def parse_header_date(text: str) -> tuple[tuple[int, int, int | None] | None, int, bool]:
    """Read a `` date YYYY-MM[-DD]`` header at the start of ``text``.

    Returns ``(year, month, day)`` or None, the length of the header, and
    whether a header was present at all (an impossible date is a header whose
    value is None).
    """
    match = _HEADER.match(text)
    if not match:
        return None, 0, False
    year, month = int(match.group(1)), int(match.group(2))
    day = int(match.group(3)) if match.group(3) else None
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        return None, match.end(), True
    return (year, month, day), match.end(), True


def find_month_days(text: str) -> list[tuple[int, int, int]]:
    """Every (position, month, day) mention such as "October 12" or "20 novembre"."""
    found: list[tuple[int, int, int]] = []
    for m in _MONTH_DAY.finditer(text):
        month_word = m.group(1).lower()
        if month_word not in MONTHS or (month_word == "may" and m.group(1)[0] == "m"):
            continue  # not a month, or the verb "may"
        found.append((m.start(), MONTHS[month_word], int(m.group(2))))
    for m in _DAY_MONTH.finditer(text):
        month_word = m.group(2).lower()
        if month_word in MONTHS:
            found.append((m.start(), MONTHS[month_word], int(m.group(1))))
    return sorted(f for f in found if 1 <= f[2] <= 31)


def find_weekdays(text: str) -> list[int]:
    """Weekday numbers (Monday = 0) mentioned in ``text``, in order."""
    return [WEEKDAYS[m.group(1).lower()] for m in _WEEKDAY.finditer(text)]


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _stated(text: str, *, need_year: bool = False) -> tuple[int | None, int, int] | None:
    """``(year or None, month, day)`` of the first date written out in ``text``."""
    found: list[tuple[int, tuple[int | None, int, int]]] = []
    for pattern, order in ((_FULL_MDY, "mdy"), (_FULL_DMY, "dmy")):
        for match in pattern.finditer(text):
            groups = dict(zip(order, match.groups(), strict=True))
            month = MONTHS.get(groups["m"].lower().rstrip("."))
            if month is None or (groups["m"] == "may") or (need_year and not groups["y"]):
                continue
            year = int(groups["y"]) if groups["y"] else None
            found.append((match.start(), (year, month, int(groups["d"]))))
            break
    return min(found)[1] if found else None


def _weekday_agreement(text: str, year: int, month: int | None) -> dt.date | None:
    """The first day named in ``text`` (of ``month``, when given) whose weekday is named too."""
    weekdays = set(find_weekdays(text))
    if not weekdays:
        return None
    for _, m, d in find_month_days(text):
        date = _valid(year, m, d) if month in (None, m) else None
        if date is not None and date.weekday() in weekdays:
            return date
    return None


def _day(date: dt.date, source: DateSource) -> ArticleDate:
    return ArticleDate(date.isoformat(), "day", source)


def infer_date(
    text: str,
    header: tuple[int, int, int | None] | None,
    *,
    mentions: Iterable[DatedMention] = (),
    lead: str = "",
) -> ArticleDate:
    """Date an article from its header and from what its text says of its own date.

    A date read from the text needs evidence that it is the article's own: a
    dateline or time stamp (``mentions``), a full date in the lead paragraph, or a
    weekday that agrees with a day and year the text names. A year or a day
    mentioned anywhere else is not enough: the date is then unknown, as a wrong
    date is worse than none.
    """
    stated = [s for s in (_stated(m.text) for m in mentions) if s is not None]
    if header is not None:
        year, month, day = header
        if day is not None:
            return ArticleDate(f"{year:04d}-{month:02d}-{day:02d}", "day", "header")
        # A month header: refine with the dateline's day, or a weekday that agrees.
        for s_year, s_month, s_day in stated:
            date = _valid(year, s_month, s_day)
            if date and s_month == month and s_year in (None, year):
                return _day(date, "text")
        agreed = _weekday_agreement(text, year, month)
        if agreed:
            return _day(agreed, "text")
        return ArticleDate(f"{year:04d}-{month:02d}", "month", "header")

    for s_year, s_month, s_day in stated:
        date = _valid(s_year, s_month, s_day) if s_year else None
        if date:
            return _day(date, "text")
    for match in _ON_DATE.finditer(lead):
        lead_date = _stated(match.group(1), need_year=True)
        if lead_date and lead_date[0]:
            date = _valid(lead_date[0], lead_date[1], lead_date[2])
            if date:
                return _day(date, "text")
    story_year = main_year(text)
    if story_year is not None:
        agreed = _weekday_agreement(text, story_year, None)
        if agreed:
            return _day(agreed, "text")
    return UNKNOWN


def main_year(text: str) -> int | None:
    """The year ``text`` names most (goal years such as "by 2030" left out), if one leads.

    It is what the story speaks of, not evidence of the article's own date.
    """
    years = Counter(
        int(m.group(1))
        for m in _YEAR.finditer(text)
        if not _TARGET_BEFORE.search(text, max(0, m.start() - 16), m.start())
    )
    ranked = years.most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None
