"""The article record: what the parser produces and the store keeps.

``Article.to_dict()`` is the public JSON shape (``newsdesk show --json``);
later features add fields, never rename them.

The stored shape (``to_record``) packs the paragraphs into one compressed
string, ``body``: a 10k-article archive's database is then a third of the
size, opens three times faster and takes a fraction of the memory, because
the list, ids and metadata are all that most reads need. Records written
before (a ``paragraphs`` list) are read as they are.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import orjson

ParagraphKind = Literal["title", "body", "caption", "credit", "junk"]
DatePrecision = Literal["day", "month", "year"]
DateSource = Literal["header", "text"]

PARAGRAPH_KINDS: tuple[ParagraphKind, ...] = ("title", "body", "caption", "credit", "junk")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph: its number (from 1), kind and exact text (NFC)."""

    n: int
    kind: ParagraphKind
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "kind": self.kind, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paragraph:
        return cls(n=int(data["n"]), kind=data["kind"], text=str(data["text"]))


def pack_paragraphs(paragraphs: list[Paragraph]) -> str:
    """Paragraphs as stored: ``[[kind, text], …]`` in JSON, zlib-compressed, base64."""
    raw = orjson.dumps([[p.kind, p.text] for p in paragraphs])
    return base64.b64encode(zlib.compress(raw, 6)).decode("ascii")


def unpack_paragraphs(packed: str) -> list[Paragraph]:
    """The paragraphs of a stored ``body`` (numbered from 1); ValueError when damaged."""
    try:
        items = orjson.loads(zlib.decompress(base64.b64decode(packed, validate=True)))
    except (binascii.Error, zlib.error, orjson.JSONDecodeError) as exc:
        raise ValueError(f"damaged paragraphs: {exc}") from None
    if not isinstance(items, list):
        raise ValueError("damaged paragraphs: not a list")
    return [Paragraph(n, kind, str(text)) for n, (kind, text) in enumerate(items, start=1)]


@dataclass(frozen=True, slots=True)
class Article:
    """A parsed article with its metadata and paragraphs."""

    id: str
    file: str
    lang: str
    title: str
    title_derived: bool
    date: str | None
    date_precision: DatePrecision | None
    date_source: DateSource | None
    dateline: str | None
    credits: list[str]
    paragraphs: list[Paragraph]
    words: int
    source: str | None = None
    sha256: str = ""
    pair: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def body(self) -> list[Paragraph]:
        """The body paragraphs only."""
        return [p for p in self.paragraphs if p.kind == "body"]

    def paragraph(self, n: int) -> Paragraph:
        """Paragraph number ``n`` (1-based)."""
        return self.paragraphs[n - 1]

    def to_dict(self) -> dict[str, Any]:
        """The public JSON shape of an article."""
        return {
            **_listed_fields(self),
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "words": self.words,
        }

    def to_record(self) -> dict[str, Any]:
        """The stored shape: the public fields (paragraphs packed) plus bookkeeping."""
        record = self.to_dict()
        del record["paragraphs"]
        record["body"] = pack_paragraphs(self.paragraphs)
        record["sha256"] = self.sha256
        record["extra"] = dict(self.extra)
        return record

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Article:
        return cls(
            id=str(data["id"]),
            file=str(data["file"]),
            lang=str(data["lang"]),
            title=str(data["title"]),
            title_derived=bool(data["title_derived"]),
            date=data.get("date"),
            date_precision=data.get("date_precision"),
            date_source=data.get("date_source"),
            dateline=data.get("dateline"),
            credits=list(data.get("credits", [])),
            paragraphs=(
                unpack_paragraphs(data["body"])
                if "body" in data
                else [Paragraph.from_dict(p) for p in data.get("paragraphs", [])]
            ),
            words=int(data.get("words", 0)),
            source=data.get("source"),
            sha256=str(data.get("sha256", "")),
            pair=data.get("pair"),
            extra=dict(data.get("extra", {})),
        )


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """What the document list needs: an article without its paragraphs."""

    id: str
    file: str
    lang: str
    title: str
    title_derived: bool
    date: str | None
    date_precision: DatePrecision | None
    date_source: DateSource | None
    dateline: str | None
    credits: list[str]
    words: int
    source: str | None
    pair: str | None

    def to_dict(self) -> dict[str, Any]:
        return {**_listed_fields(self), "words": self.words}

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> ArticleSummary:
        get = data.get  # positional and one lookup each: the catalog builds 10,000 at start-up
        return cls(
            str(data["id"]),
            str(data["file"]),
            str(data["lang"]),
            str(data["title"]),
            bool(data["title_derived"]),
            get("date"),
            get("date_precision"),
            get("date_source"),
            get("dateline"),
            list(get("credits", ())),
            int(get("words", 0)),
            get("source"),
            get("pair"),
        )


def _listed_fields(item: Article | ArticleSummary) -> dict[str, Any]:
    """The fields an article and its summary share, in their JSON order (words apart)."""
    return {
        "id": item.id,
        "file": item.file,
        "lang": item.lang,
        "title": item.title,
        "title_derived": item.title_derived,
        "date": item.date,
        "date_precision": item.date_precision,
        "date_source": item.date_source,
        "dateline": item.dateline,
        "credits": list(item.credits),
        "source": item.source,
        "pair": item.pair,
    }


def files_digest(files: Mapping[str, tuple[str, str]]) -> str:
    """A digest of every article's id, sha256 and file (``{file: (id, sha256)}``), which
    a search index carries to say which articles it holds."""
    digest = hashlib.blake2b(digest_size=12)
    for file, (doc_id, sha) in sorted(files.items()):
        digest.update(f"{doc_id}\0{sha}\0{file}\n".encode())
    return digest.hexdigest()
