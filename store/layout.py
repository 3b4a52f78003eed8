"""What a paragraph of wire copy is: headline, body, caption, credit or page clutter.

Agency copy as published on the web carries more than the story: section labels and
menus above it, photo captions in several styles (``Photo: VNA``, ``(Photo : AP)``,
``Photo d'illustration : VNA``, ``… — VNA/VNS Photo Name |``), credits written with any
dash or none (``— VNS``, ``-VNA``, ``.- VNA/VI``, ``By Kim Loan``), end marks (``./.``),
datelines (``HÀ NỘI —``, ``Hanoi (VNA) –``, ``Bangkok, 8 août (VNA) -``,
``VIETNAM, June 6 -``) and, after the closing credit, related links and page footers.
These rules recognise each by its form, never by the words of one story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.store.text import words

__all__ = [
    "AGENCY",
    "Dateline",
    "byline_credit",
    "caption_credit",
    "closing_credit",
    "credit_line",
    "ends_story",
    "glued_credits",
    "glued_lead",
    "image_marker",
    "is_caption",
    "is_junk",
    "is_short_label",
    "looks_like_title",
    "split_dateline",
    "stamp_line",
]

# An agency credit: upper-case tokens joined by "/" or "-" ("VNA/CVN", "PV-TTXVN", "VNS").
AGENCY = r"[A-Z][A-Z0-9]{1,11}(?:[/\-][A-Z][A-Z0-9]{1,11}){0,3}"
_AGENCY_LINE = re.compile(rf"^[—–-]?\s*({AGENCY})\s*[.|]?$")
# A credit that ends a paragraph: "… Africa. — VNS", "… said.-VNA", "… pays. - AVI".
_CLOSING_CREDIT = re.compile(
    rf"(?:(?<=[.!?…”\"»)%])\s*|\s+)[—–-]\s*({AGENCY})\s*\.?\s*$|\s+[—–]\s*({AGENCY})\s*$"
)
# The end mark of VNA copy, "./." (also ". /." and "/.").
_END_MARK = re.compile(r"(?:\.\s*/\.|(?<=\w)/\.)\s*$")
# How far from a paragraph's end a closing credit is first looked for, and a character
# no credit holds (closing_credit).
_CREDIT_TAIL = 80
_NOT_IN_CREDIT = re.compile(r"[^\s—–\-A-Z0-9/.]")

# The label that opens a photo credit: "Photo:", "Photo :", "Photo by", "Ảnh:",
# "Photo d'illustration :", "Crédit photo :", "Source:".
_PHOTO_LABEL = (
    r"(?:photo|ảnh|image|picture|crédit\s+photo|credit|source|illustration)"
    r"(?:\s+d['’]illustration)?"
)
_CREDIT_BODY = r"[^()|]{1,60}?"
_CAPTION_START = re.compile(rf"^\(?\s*{_PHOTO_LABEL}\s*(?:[:：/]|by\b)", re.IGNORECASE)
# A photo credit at the end of a caption: "(Photo: VNA)", ". Photo: VNA", "Photo by X.",
# "( Source: VNA)", "— VNA/VNS Photo Dương Giang |".
_CREDIT_AT_END = re.compile(
    rf"(?:\(\s*((?:{_PHOTO_LABEL})\s*(?:[:：]|by\b)\s*{_CREDIT_BODY})\s*\)"
    rf"|(?:(?<=[.!?…\s])|^)((?:photo|ảnh|crédit\s+photo)(?:\s+d['’]illustration)?\s*(?:[:：]|by\b)"
    rf"\s*{_CREDIT_BODY})"
    rf"|[—–]\s*({AGENCY}\s+(?:Photo|Ảnh)\b[^|]*?))"
    r"\s*\.?\s*\|?\s*$",
    re.IGNORECASE,
)
# A credit inside a caption that is printed twice: "Caption (Source: VNA) Caption (".
_CREDIT_INSIDE = re.compile(rf"\(\s*({_PHOTO_LABEL}\s*[:：]\s*{_CREDIT_BODY})\s*\)", re.IGNORECASE)
# Words that open a caption with no credit: "Illustrative image", "A screen shot of".
_CAPTION_OPENER = re.compile(
    r"^(?:illustrative\s+(?:image|photo)|illustration\s+photo|file\s+photo|"
    r"an?\s+screen\s?shot|screenshot|photo\s+d['’]illustration|image\s+d['’]illustration)\b",
    re.IGNORECASE,
)
# The image placeholder left by some sites' markup: "hinh anh 1", "ảnh 1".
_IMAGE_MARKER = re.compile(r"\s*(?:hinh anh|ảnh)\s+\d+\s*", re.IGNORECASE)
_IMAGE_MARKUP = re.compile(r"!\[[^\]]*\]\([^)]*\)|<img\b[^>]*>", re.IGNORECASE)

# A byline: "By Kim Loan", "By Minh Tam- Translated by Huyen Huong", "Par Minh Anh".
_BYLINE = re.compile(
    r"^\(?(?:by|par|bài|theo|reporting by|writing by|additional reporting by|"
    r"rédigé par|avec)\s+[A-ZÀ-Ỹ][^\n]{0,120}$",
    re.IGNORECASE,
)
# A time stamp: "June 27, 2012 2:03 PM GMT+7", "| 08:57 pm GMT+7", "04:58 pm PT".
_TIME = r"\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:GMT|UTC)[+-]?\d{0,2}|\s+[A-Z]{2,4}\b)?"
_STAMP_DATE = (
    r"(?:[A-Za-zÀ-ỹ]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}(?:er)?\s+[A-Za-zÀ-ỹ]{3,9}\.?\s+\d{4}"
    r"|\d{1,2}/\d{1,2}/\d{4})"
)
_STAMP = re.compile(rf"^(?:{_STAMP_DATE})?\s*[|,-]?\s*(?:{_TIME})?$", re.IGNORECASE)
# "Updated: November, 20/2024 - 08:14", "Publié le 12/10/2024", "Cập nhật: 12/10/2024 08:30".
_LABELLED_STAMP = re.compile(
    r"^(?:last\s+)?(?:updated?|published|posted|mis à jour|publié(?:\s+le)?|cập nhật)\s*:?\s*"
    r"(?=.*\d)[\w\s,./:|+-]{4,40}$",
    re.IGNORECASE,
)
_STAMP_IN_BYLINE = re.compile(rf"\s+(?:{_STAMP_DATE})\s*[|,-]?\s*(?:{_TIME})?\s*$", re.IGNORECASE)

# Page clutter: related links ("» …", ">> …"), menus, share buttons, navigation.
_LINK_MARK = re.compile(
    r"^(?:>>|»|›)\s*|^(?:read more|see also|related|lire aussi|xem thêm)\b\s*:?", re.IGNORECASE
)
_BULLET = re.compile(r"^\s*[•·▪●◦*]\s*")
_NAV = re.compile(
    r"^(?:(?:share|tweet|print|email|e-mail|partager|imprimer)(?:\s+(?:on|via|this|sur)\b.{0,30})?"
    r"|comments?|tags?|back to top|see more|voir plus|read more|lire la suite|other news|"
    r"autres actualités|latest|related news|top|follow us.{0,30}|suivez-nous.{0,30})\s*:?$",
    re.IGNORECASE,
)
_LETTER = re.compile(r"[^\W\d_]")

# A dateline: a place in capitals, or a capitalised place with an agency in brackets or
# a date, then a dash: "HÀ NỘI —", "Hanoi (VNA) –", "Bangkok, 8 août (VNA) -",
# "VIETNAM, June 6 -", "(VOVWORLD) -", "VGP –".
_PLACE = r"[^\W\d_][^\W\d_'’.\-]*(?:[ '’.\-][^\W\d_][^\W\d_'’.\-]*){0,3}"
_DAY_MONTH = r"\d{1,2}(?:er)?\s+[^\W\d_]{3,9}\.?(?:\s+\d{4})?"
_MONTH_DAY = r"[^\W\d_]{3,9}\.?\s+\d{1,2}(?:,?\s+\d{4})?"
# The agency in a dateline's brackets may be written in capitals or not: "(VNA)", "(Reuters)".
_BRACKET_AGENCY = r"[A-Z][A-Za-z0-9]{1,11}(?:[/\-][A-Z][A-Za-z0-9]{1,11}){0,3}"
# "HANOI, Vietnam (AP) —": a country after the place.
_COUNTRY = r"[A-Z][^\W\d_]+(?:\s[A-Z][^\W\d_]+)?"
_DASH = r"(?:--|[—–-])"
_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE})(?:,\s*(?P<date>{_DAY_MONTH}|{_MONTH_DAY}))?"
    rf"(?:,\s*(?P<country>{_COUNTRY})(?=\s*[(—–-]))?"
    rf"\s*(?:\((?P<agency>{_BRACKET_AGENCY})\))?\s*{_DASH}\s+(?=\S)"
)
_AGENCY_OPENER = re.compile(rf"^\(?(?P<agency>{AGENCY})\)?\s*{_DASH}\s+(?=\S)")
# News agencies whose name can open a story in capitals like a place ("VGP – As of…").
_KNOWN_AGENCIES = frozenset(
    "AFP AP ANSA ANTARA AVI BERNAMA CNA CVN DPA EFE IANS KYODO PTI REUTERS SGGP TASS TTXVN "
    "UPI VGP VNA VNS VOV VOVWORLD VTV XINHUA YONHAP".split()
)
# A caption glued to the lead by the page's markup: "… (Photo:AFP/VNA)Bangkok (VNA) – …".
_GLUED_CREDIT = re.compile(
    r"\(\s*((?:photo|ảnh|source)\s*[:：]\s*[^()|]{1,60}?)\s*\)", re.IGNORECASE
)

_MAX_TITLE_CHARS = 160


@dataclass(frozen=True, slots=True)
class Dateline:
    """The dateline that opens a story: where, when (as written) and the agency."""

    place: str | None
    date: str | None
    agency: str | None
    end: int

    @property
    def text(self) -> str | None:
        """The dateline as shown: ``Bangkok, 8 août``."""
        if self.place is None:
            return None
        return f"{self.place}, {self.date}" if self.date else self.place


def _is_acronym(word: str) -> bool:
    """Whether a word in capitals names an agency rather than a place ("VGP", "NDO", "TTO")."""
    if word.upper() in _KNOWN_AGENCIES:
        return True
    vowels = sum(ch in "AEIOUY" for ch in word)
    return word.isupper() and word.isalpha() and len(word) <= 4 and vowels <= 1


def split_dateline(text: str) -> Dateline | None:
    """The dateline at the start of ``text``, if it has one."""
    match = _DATELINE.match(text)
    if match:
        place, date, agency = match.group("place"), match.group("date"), match.group("agency")
        # A capitalised word and a dash open titles too ("Vietnam - Chile's partner"): a
        # place not in capitals needs an agency or a date to be a dateline.
        if _is_acronym(place) and not (agency or date):
            return Dateline(None, None, place, match.end())
        if place.isupper() or agency or date:
            if not place.isupper() and len(words(place)) > 3:
                return None
            return Dateline(place, date, agency, match.end())
    opener = _AGENCY_OPENER.match(text)
    if opener:
        return Dateline(None, None, opener.group("agency"), opener.end())
    return None


def glued_lead(text: str) -> tuple[str, Dateline] | None:
    """``(photo credit, dateline)`` of a caption glued to the story's lead, if any."""
    for match in _GLUED_CREDIT.finditer(text):
        dateline = split_dateline(text[match.end() :].lstrip())
        if dateline is not None and dateline.place is not None:
            return " ".join(match.group(1).split()), dateline
    return None


def glued_credits(text: str) -> list[str]:
    """Photo credits in brackets inside a body paragraph ("… (Photo: VNA)Head of …")."""
    return [" ".join(m.group(1).split()) for m in _GLUED_CREDIT.finditer(text)]


def credit_line(text: str) -> str | None:
    """The agency of a line that is only a credit ("VNA/CVN", "- VNA", "PV-TTXVN")."""
    match = _AGENCY_LINE.match(text)
    return match.group(1) if match else None


def byline_credit(text: str) -> str | None:
    """The byline of a line that is one ("By Dang Khoa", its time stamp left out)."""
    if not _BYLINE.match(text) or len(words(text)) > 24 or text.rstrip().endswith("."):
        return None
    return _STAMP_IN_BYLINE.sub("", text).strip(" |,-()")


def closing_credit(text: str) -> tuple[str, str] | None:
    """``(text before, agency)`` when a paragraph ends with an agency credit."""
    # A credit runs to the end and holds only spaces, dashes, capitals, digits, "/" and
    # ".": when the last characters hold any other, it starts among them, and only they
    # are searched (the whole paragraph, tried at every space, was the parser's cost).
    tail = len(text) - _CREDIT_TAIL
    if tail > 0 and _NOT_IN_CREDIT.search(text, tail):
        match = _CLOSING_CREDIT.search(text, tail)
    else:
        match = _CLOSING_CREDIT.search(text)
    if not match or match.start() == 0:
        return None
    return text[: match.start()].rstrip(), match.group(1) or match.group(2)


def ends_story(text: str) -> bool:
    """Whether a paragraph carries the story's end mark (``./.``)."""
    return "/." in text and _END_MARK.search(text) is not None


def stamp_line(text: str) -> bool:
    """Whether a paragraph is only a date and time stamp ("June 27, 2012 2:03 PM GMT+7")."""
    stripped = text.strip()
    return bool(re.search(r"\d", stripped)) and bool(
        _STAMP.match(stripped) or _LABELLED_STAMP.match(stripped)
    )


def image_marker(text: str) -> re.Match[str] | None:
    """The image placeholder in ``text`` ("… hinh anh 1Photo: VNA"), if any."""
    lower = text.lower()  # the search, tried at every character, only where it can match
    if "anh" not in lower and "ảnh" not in lower:
        return None
    return _IMAGE_MARKER.search(text)


def caption_credit(text: str) -> str | None:
    """The photo credit a caption carries, as written ("Photo: VNA", "VNA/VNS Photo X")."""
    start = _CAPTION_START.match(text)
    if start:
        return text.strip().strip("()|").strip().rstrip(".").strip() or None
    match = _CREDIT_AT_END.search(text) or _CREDIT_INSIDE.search(text)
    if match:
        credit = next(g for g in match.groups() if g)
        return " ".join(credit.split()).rstrip(".").strip()
    return None


def _printed_twice(text: str, credit: re.Match[str]) -> bool:
    """Whether the text after a credit repeats the caption before it (or its start)."""
    before = " ".join(text[: credit.start()].split())
    after = " ".join(text[credit.end() :].split()).rstrip(" (")
    return len(after) >= 20 and (before.startswith(after) or after.startswith(before))


def _doubled(text: str) -> bool:
    """Whether a paragraph is one caption printed twice (the second copy may be cut)."""
    flat = " ".join(text.split())
    again = flat.find(flat[:30], 30)
    if again < 0:
        return False
    first, second = flat[:again].strip(), flat[again:].strip()
    return first.startswith(second) or second.startswith(first)


def _may_end_in_credit(text: str) -> bool:
    """False when ``text`` lacks what every credit ``_CREDIT_AT_END`` finds holds: a
    bracket, "photo" or "ảnh" (its search, tried at every character, is then spared)."""
    if "(" in text:
        return True
    lower = text.lower()
    return "photo" in lower or "ảnh" in lower


def is_caption(text: str) -> bool:
    """Whether a paragraph is a photo caption (a photo credit line included)."""
    if len(text) > 400 and not (len(text) <= 800 and _doubled(text)):
        return False
    inside = _CREDIT_INSIDE.search(text)
    if inside and _printed_twice(text, inside):
        return True
    if _CAPTION_START.match(text) or (_may_end_in_credit(text) and _CREDIT_AT_END.search(text)):
        return True
    if _CAPTION_OPENER.match(text) and len(text) <= 200:
        return True
    # "Name of the person pictured |": a bar closes captions on some sites.
    stripped = text.rstrip()
    return stripped.endswith("|") and not re.search(r"[.!?…]\s*\|$", stripped)


def is_short_label(text: str) -> bool:
    """Whether a paragraph is a few words with no sentence: a section label or a button."""
    return len(words(text)) <= 3 and not re.search(r"[.!?…]$", text.strip())


def is_junk(text: str) -> bool:
    """Whether a paragraph is page clutter whatever its place: links, menus, markup, buttons."""
    stripped = text.strip()
    if not _LETTER.search(stripped):
        return True  # "|", "***", "---"
    if _IMAGE_MARKUP.fullmatch(stripped) or _LINK_MARK.match(stripped) or _NAV.match(stripped):
        return True
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) >= 3 and sum(bool(_BULLET.match(line)) for line in lines) >= len(lines) - 1:
        return True
    if not any(bullet in stripped for bullet in "•·▪●◦"):
        return False  # one item
    items = re.split(r"\s*[•·▪●◦]\s*", stripped)
    return len(items) >= 4 and all(len(words(item)) <= 5 for item in items if item)


def looks_like_title(text: str) -> bool:
    """Whether a paragraph can be a headline: short, no final stop, no dateline or credit."""
    return (
        len(text) <= _MAX_TITLE_CHARS
        and len(words(text)) <= 25
        and not re.search(r"[.,;:|]$", text.strip())
        and split_dateline(text + " x") is None
        and credit_line(text) is None
        and byline_credit(text) is None
        and not stamp_line(text)
    )
