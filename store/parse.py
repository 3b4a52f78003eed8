"""Parse one plain-text article into an :class:`~store.records.Article`.

The formats read: an optional `` date YYYY-MM[-DD]`` header; paragraphs split
by blank lines or, when a file has none, by single newlines; an optional
title line; a dateline ("HÀ NỘI —"); agency credits ("— VNA/VNS",
"PV-TTXVN"); photo captions ("Photo : VNA/CVN", "… — VNA/VNS Photo X |").
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from store.dates import infer_date, parse_header_date
from store.decode import decode_bytes
from store.lang import detect_language
from store.records import Article, Paragraph, ParagraphKind
from store.text import clean, words

__all__ = ["derive_title", "parse_bytes", "parse_file", "parse_text", "split_paragraphs"]

# An agency credit: upper-case tokens joined by "/" or "-" ("VNA/CVN", "PV-TTXVN", "VNS").
_AGENCY = r"[A-Z][A-Z0-9]{1,11}(?:[/\-][A-Z][A-Z0-9]{1,11}){0,3}"
_CREDIT_LINE = re.compile(rf"^[—–-]?\s*({_AGENCY})\s*$")
_TRAILING_CREDIT = re.compile(rf"\s+[—–]\s*({_AGENCY})\s*$")
_AGENCY_RE = re.compile(_AGENCY)
# "Photo : VNA/CVN", "Photo: Reuters", "Ảnh: TTXVN", "(Photo …)"
_CAPTION_START = re.compile(r"^\(?(?:photo|ảnh|image|picture|crédit photo)\s*[:：]", re.IGNORECASE)
# "… — VNA/VNS Photo Dương Giang |" or "… (Photo: VNA)"
_CAPTION_CREDIT = re.compile(
    rf"[—–]\s*((?:{_AGENCY})\s+(?:Photo|Ảnh)\b[^|]*?)\s*\|?\s*$|\((?:Photo|Ảnh)\s*[:：]\s*([^)]+)\)\s*$"
)
_DATELINE = re.compile(r"^([^\W\d_][^\n—–]{0,40}?)\s+[—–]\s+(?=\S)")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”»’)]*\s+(?=[\"“«‘(]?[A-ZÀ-Ỹ0-9])")

_MAX_TITLE_CHARS = 160
_DERIVED_TITLE_CHARS = 72


def split_paragraphs(text: str) -> list[str]:
    """Split article text into paragraph strings.

    With blank lines in the text they separate paragraphs and single newlines
    inside one are line wraps; without, every line is a paragraph.
    """
    if re.search(r"\n[ \t]*\n", text):
        blocks = re.split(r"\n[ \t]*\n", text)
        parts = [" ".join(line.strip() for line in b.split("\n") if line.strip()) for b in blocks]
    else:
        parts = [line.strip() for line in text.split("\n")]
    return [re.sub(r"[ \t]+", " ", p) for p in parts if p]


def _is_caption(text: str) -> bool:
    if len(text) > 400:
        return False
    return bool(
        _CAPTION_START.match(text) or _CAPTION_CREDIT.search(text) or text.rstrip().endswith("|")
    )


def _caption_credit(text: str) -> str | None:
    match = _CAPTION_CREDIT.search(text)
    if match:
        return (match.group(1) or match.group(2)).strip()
    start = _CAPTION_START.match(text)
    if start:
        rest = text[start.end() :].strip().rstrip(")").strip()
        return rest or None
    return None


def _looks_like_title(text: str) -> bool:
    return (
        len(text) <= _MAX_TITLE_CHARS
        and len(words(text)) <= 25
        and not re.search(r"[.,;:]$", text)
        and not _DATELINE.match(text)
        and not _CREDIT_LINE.match(text)
    )


def derive_title(paragraphs: list[Paragraph]) -> str:
    """A short title from the first sentence of the first body paragraph."""
    body = next((p.text for p in paragraphs if p.kind == "body"), "")
    if not body:
        body = next((p.text for p in paragraphs), "")
    first = _SENTENCE_END.split(body, maxsplit=1)[0].strip()
    if len(first) <= _DERIVED_TITLE_CHARS:
        return first.rstrip(".")
    cut = first[:_DERIVED_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:—– ")
    return cut + "…"


def parse_text(text: str, *, doc_id: str, file: str = "", sha256: str = "") -> Article:
    """Parse decoded article text into an article record."""
    text = clean(text)
    header, header_len, had_header = parse_header_date(text)
    warnings: list[str] = []
    if had_header and header is None:
        warnings.append(f"impossible header date: {text[:header_len].strip()!r}")
    raw_parts = split_paragraphs(text[header_len:])

    kinds: list[tuple[ParagraphKind, str]] = []
    credits: list[str] = []
    dateline: str | None = None
    for i, part in enumerate(raw_parts):
        if i == 0 and len(raw_parts) > 1 and _looks_like_title(part) and not _is_caption(part):
            kinds.append(("title", part))
            continue
        credit = _CREDIT_LINE.match(part)
        if credit:
            credits.append(credit.group(1))
            kinds.append(("credit", credit.group(1)))
            continue
        if _is_caption(part):
            caption_credit = _caption_credit(part)
            if caption_credit:
                credits.append(caption_credit)
            kinds.append(("caption", part))
            continue
        if dateline is None and not any(k == "body" for k, _ in kinds):
            match = _DATELINE.match(part)
            if match and match.group(1).isupper():
                dateline = match.group(1).strip()
                part = part[match.end() :]
        trailing = _TRAILING_CREDIT.search(part) if i == len(raw_parts) - 1 else None
        if trailing:
            kinds.append(("body", part[: trailing.start()].rstrip()))
            kinds.append(("credit", trailing.group(1)))
            credits.append(trailing.group(1))
            continue
        kinds.append(("body", part))

    paragraphs = [Paragraph(n, kind, t) for n, (kind, t) in enumerate(kinds, start=1) if t]
    paragraphs = [Paragraph(n, p.kind, p.text) for n, p in enumerate(paragraphs, start=1)]
    title_para = next((p for p in paragraphs if p.kind == "title"), None)
    title = title_para.text if title_para else derive_title(paragraphs)
    content = "\n".join(p.text for p in paragraphs if p.kind in ("title", "body"))
    date = infer_date(content, header)
    end_credits = [p.text for p in paragraphs if p.kind == "credit"]
    source_credit = end_credits[-1] if end_credits else (credits[-1] if credits else None)
    source_match = _AGENCY_RE.search(source_credit) if source_credit else None
    extra: dict[str, object] = {"warnings": warnings} if warnings else {}
    return Article(
        id=doc_id,
        file=file,
        lang=detect_language(content),
        title=title,
        title_derived=title_para is None,
        date=date.value,
        date_precision=date.precision,
        date_source=date.source,
        dateline=dateline,
        credits=list(dict.fromkeys(credits)),
        paragraphs=paragraphs,
        words=len(words(content)),
        source=source_match.group(0) if source_match else None,
        sha256=sha256,
        extra=extra,
    )


def parse_bytes(data: bytes, *, doc_id: str, file: str = "") -> Article:
    """Decode and parse a file's bytes; raises ``SkipFile`` with a reason."""
    text, encoding = decode_bytes(data)
    article = parse_text(text, doc_id=doc_id, file=file, sha256=hashlib.sha256(data).hexdigest())
    if encoding not in ("utf-8", "utf-8-sig"):
        article.extra["encoding"] = encoding
    return article


def parse_file(path: Path, doc_id: str | None = None) -> Article:
    """Parse the article in ``path``; its id is the file name without extension."""
    return parse_bytes(path.read_bytes(), doc_id=doc_id or path.stem, file=str(path))
