"""Parse one plain-text article into an :class:`~store.records.Article`.

The formats read: an optional `` date YYYY-MM[-DD]`` header; paragraphs split by
blank lines or, when a file has none, by single newlines (leading and trailing blank
lines ignored); then each paragraph is given its kind by :mod:`store.layout`:
headline, body, photo caption, credit, or page clutter ("junk", kept but not read
as the story). A dateline opening the story ("HÀ NỘI —", "Hanoi (VNA) –") moves to
the ``dateline`` field; a credit closing a paragraph ("— VNS", "-VNA") becomes a
credit paragraph of its own.
"""

from __future__ import annotations

import re
from pathlib import Path

from newsdesk.store.dates import DatedMention, infer_date, parse_header_date
from newsdesk.store.decode import decode_bytes, file_sha256
from newsdesk.store.lang import detect_language
from newsdesk.store.layout import (
    AGENCY,
    Dateline,
    byline_credit,
    caption_credit,
    closing_credit,
    credit_line,
    ends_story,
    glued_credits,
    glued_lead,
    image_marker,
    is_caption,
    is_junk,
    is_short_label,
    looks_like_title,
    split_dateline,
    stamp_line,
)
from newsdesk.store.records import Article, Paragraph, ParagraphKind
from newsdesk.store.sentences import split_sentences
from newsdesk.store.text import clean, words

__all__ = ["derive_title", "parse_bytes", "parse_file", "parse_text", "split_paragraphs"]

_AGENCY_RE = re.compile(AGENCY)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SPACES = re.compile(r"[ \t]+")
# Lines of one block that are each a whole paragraph: long, ending a sentence.
_PARAGRAPH_LINE = re.compile(r"^.{80,}[.!?…\"”»)]$")


def _block_paragraphs(block: str) -> list[str]:
    lines = [line.strip() for line in block.split("\n") if line.strip()]
    # A block of several long lines, each a finished sentence, is paragraphs set with
    # single newlines (mixed conventions); anything else is one paragraph, wrapped.
    if len(lines) >= 3 and all(_PARAGRAPH_LINE.match(line) for line in lines):
        return lines
    return [" ".join(lines)]


def split_paragraphs(text: str) -> list[str]:
    """Split article text into paragraph strings.

    With blank lines in the text they separate paragraphs and single newlines
    inside one are line wraps; without, every line is a paragraph. Blank lines
    before the first line and after the last do not count.
    """
    text = text.strip("\n \t")
    if _BLANK_LINE.search(text):
        parts = [p for block in _BLANK_LINE.split(text) for p in _block_paragraphs(block)]
    else:
        parts = [line.strip() for line in text.split("\n")]
    # Runs of spaces and tabs become one space (a lone space is left as it is).
    return [_SPACES.sub(" ", p) if "  " in p or "\t" in p else p for p in parts if p]


def derive_title(paragraphs: list[Paragraph]) -> str:
    """A title from the first sentence of the first body paragraph, whole.

    Shortening it to fit a screen is the display's job, not the record's.
    """
    body = next((p.text for p in paragraphs if p.kind == "body"), "")
    if not body:
        body = next((p.text for p in paragraphs if p.kind != "junk"), "")
    spans = split_sentences(body)
    first = body[: spans[0][1]] if spans else body
    first = first.strip().rstrip("| ").strip()
    # No full stop at a title's end, nor before the quotation mark that closes it.
    closed = first.rstrip('"”»’) ')
    if closed.endswith(".") and not closed.endswith(".."):
        first = closed[:-1] + first[len(closed) :]
    return first


class _Builder:
    """Paragraph kinds and the fields read on the way, in reading order."""

    def __init__(self) -> None:
        self.kinds: list[tuple[ParagraphKind, str]] = []
        self.credits: list[str] = []
        self.agencies: list[str] = []
        self.dateline: Dateline | None = None
        self.stamps: list[str] = []
        #: The headline when its paragraph holds more than the headline.
        self.title: str | None = None

    def add(self, kind: ParagraphKind, text: str) -> None:
        self.kinds.append((kind, text))

    def credit(self, credit: str, *, agency: bool) -> None:
        self.credits.append(credit)
        if agency:
            self.agencies.append(credit)

    def body_count(self) -> int:
        return sum(k == "body" for k, _ in self.kinds)

    def seen(self, *kinds: ParagraphKind) -> bool:
        return any(k in kinds for k, _ in self.kinds)


def _classify(parts: list[str]) -> _Builder:
    out = _Builder()
    ended = False  # the story's closing credit or end mark has been read
    for i, part in enumerate(parts):
        following = parts[i + 1] if i + 1 < len(parts) else ""
        agency = credit_line(part)
        byline = None if agency else byline_credit(part)
        if agency or byline:
            if byline and byline != part:
                out.stamps.append(part)  # "By Dang Khoa   March 4, 2019 | 08:57 pm GMT+7"
            out.add("credit", part if byline else agency or part)
            out.credit(byline or agency or part, agency=bool(agency))
            ended = ended or (bool(agency) and out.seen("body"))
            continue
        if ended or is_junk(part):
            out.add("junk", part)
            continue
        if stamp_line(part):
            out.stamps.append(part)
            out.add("junk", part)
            continue
        marker = image_marker(part)
        if marker:
            # "Headline hinh anh 1Photo: VNA": a headline glued to an image placeholder.
            after = part[marker.end() :]
            credit = caption_credit(after)
            headline = not out.seen("title", "body")
            if headline:
                out.title = part[: marker.start()].strip()
            only_credit = credit is not None and credit == after.strip().strip("()").strip()
            out.add("junk" if only_credit else "title" if headline else "caption", part)
            if credit:
                out.credit(credit, agency=False)
            continue
        story_started = out.seen("body")
        if is_caption(part) or (
            # A picture's caption with no credit sits right above the dateline.
            not story_started
            and len(part) <= 100
            and part.endswith(".")
            and split_dateline(following) is not None
        ):
            credit = caption_credit(part)
            if credit:
                out.credit(credit, agency=False)
            out.add("caption", part)
            continue
        if not story_started and not out.seen("title"):
            if is_short_label(part) and looks_like_title(following) and len(words(following)) >= 5:
                out.add("junk", part)  # a section label above the headline
                continue
            if following and looks_like_title(part):
                out.add("title", part)
                continue
        if out.dateline is None and out.body_count() < 2:
            # The lead opens with the dateline; a standfirst may come before it.
            dateline = split_dateline(part)
            if dateline is not None:
                out.dateline = dateline
                if dateline.agency:
                    out.credit(dateline.agency, agency=True)
                part = part[dateline.end :]
            elif glued := glued_lead(part):
                credit, out.dateline = glued
                out.credit(credit, agency=False)
                if out.dateline.agency:
                    out.credit(out.dateline.agency, agency=True)
        for credit in glued_credits(part):
            out.credit(credit, agency=False)
        closing = closing_credit(part)
        if closing:
            text, agency = closing
            out.add("body", text)
            out.add("credit", agency)
            out.credit(agency, agency=True)
            ended = True
            continue
        out.add("body", part)
        ended = ends_story(part)
    return out


def _mentions(out: _Builder) -> list[DatedMention]:
    """The article's own date as its text states it: dateline and time stamps."""
    found: list[DatedMention] = []
    if out.dateline is not None and out.dateline.date:
        found.append(DatedMention(out.dateline.date, "dateline"))
    found += [DatedMention(stamp, "stamp") for stamp in out.stamps]
    return found


def parse_text(text: str, *, doc_id: str, file: str = "", sha256: str = "") -> Article:
    """Parse decoded article text into an article record."""
    text = clean(text)
    header, header_len, had_header = parse_header_date(text)
    warnings: list[str] = []
    if had_header and header is None:
        warnings.append(f"impossible header date: {text[:header_len].strip()!r}")
    out = _classify(split_paragraphs(text[header_len:]))

    paragraphs = [Paragraph(n, kind, t) for n, (kind, t) in enumerate(out.kinds, start=1) if t]
    paragraphs = [Paragraph(n, p.kind, p.text) for n, p in enumerate(paragraphs, start=1)]
    title_para = next((p for p in paragraphs if p.kind == "title"), None)
    headline = out.title or (title_para.text if title_para else None)
    title = headline or derive_title(paragraphs)
    content = "\n".join(p.text for p in paragraphs if p.kind in ("title", "body"))
    lead = next((p.text for p in paragraphs if p.kind == "body"), "")
    date = infer_date(content, header, mentions=_mentions(out), lead=lead)
    source = out.agencies[-1] if out.agencies else None
    source_match = _AGENCY_RE.search(source) if source else None
    extra: dict[str, object] = {"warnings": warnings} if warnings else {}
    return Article(
        id=doc_id,
        file=file,
        lang=detect_language(content),
        title=title,
        title_derived=headline is None,
        date=date.value,
        date_precision=date.precision,
        date_source=date.source,
        dateline=out.dateline.text if out.dateline else None,
        credits=list(dict.fromkeys(out.credits)),
        paragraphs=paragraphs,
        words=len(words(content)),
        source=source_match.group(0) if source_match else source,
        sha256=sha256,
        extra=extra,
    )


def parse_bytes(data: bytes, *, doc_id: str, file: str = "") -> Article:
    """Decode and parse a file's bytes; raises ``SkipFile`` with a reason."""
    text, encoding = decode_bytes(data)
    article = parse_text(text, doc_id=doc_id, file=file, sha256=file_sha256(data))
    if encoding not in ("utf-8", "utf-8-sig"):
        article.extra["encoding"] = encoding
    return article


def parse_file(path: Path, doc_id: str | None = None) -> Article:
    """Parse the article in ``path``; its id is the file name without extension."""
    return parse_bytes(path.read_bytes(), doc_id=doc_id or path.stem, file=str(path))
