"""The article's own date: from its header, refined or inferred from its text."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from store.records import DatePrecision, DateSource

__all__ = [
    "MONTHS",
    "WEEKDAYS",
    "ArticleDate",
    "find_month_days",
    "find_weekdays",
    "infer_date",
    "parse_header_date",
]

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
    "dimanche": 6,
}  # fmt: skip

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
_HEADER = re.compile(r"^\s*date\s+(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\b[ \t]*")


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


def infer_date(text: str, header: tuple[int, int, int | None] | None) -> ArticleDate:
    """Date an article from its header and its text."""
    if header is not None:
        year, month, day = header
        if day is not None:
            return ArticleDate(f"{year:04d}-{month:02d}-{day:02d}", "day", "header")
        # A month header: refine with a day of that month named in the text.
        for _, m_month, m_day in find_month_days(text):
            if m_month == month and _valid(year, month, m_day):
                return ArticleDate(f"{year:04d}-{month:02d}-{m_day:02d}", "day", "text")
        return ArticleDate(f"{year:04d}-{month:02d}", "month", "header")

    years = Counter(
        int(m.group(1))
        for m in _YEAR.finditer(text)
        if not _TARGET_BEFORE.search(text, max(0, m.start() - 16), m.start())
    )
    month_days = find_month_days(text)
    weekdays = set(find_weekdays(text))
    if not years:
        return UNKNOWN
    ranked_years = [y for y, _ in years.most_common()]
    # Prefer a year in which a mentioned month-day falls on a mentioned weekday.
    if weekdays:
        for year in sorted(years, key=lambda y: (-years[y], y)):
            for _, month, day in month_days:
                date = _valid(year, month, day)
                if date and date.weekday() in weekdays:
                    return ArticleDate(date.isoformat(), "day", "text")
    year = ranked_years[0]
    for _, month, day in month_days:
        date = _valid(year, month, day)
        if date:
            return ArticleDate(date.isoformat(), "day", "text")
    return ArticleDate(f"{year:04d}", "year", "text")
