"""Articles cut into the passages search looks at, and those cuts gathered compactly.

:func:`cut_article` is the slow, pure-Python part of indexing, done per article
so an ingest can do it in its worker processes, beside parsing. :class:`Segments`
holds many articles' cuts the way the index holds them — the paragraphs' text in
one buffer, passages and their word ids in flat arrays, each word once — so an
ingest adds each cut as it arrives and keeps no object per article
(:class:`GatheredCuts`); :mod:`store.search.index` builds the index from them.
"""

from __future__ import annotations

import mmap
import os
import tempfile
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsdesk.store.records import Article
from newsdesk.store.search.segment import Passage, caption_span, passages
from newsdesk.store.search.tokens import TOKEN_RE
from newsdesk.store.text import fold

__all__ = [
    "KIND_CODES",
    "SEARCHED_KINDS",
    "ArticleCut",
    "GatheredCuts",
    "Segments",
    "Texts",
    "cut_article",
]

KIND_CODES = ("sentence", "quote", "caption")
#: Paragraph kinds that are searched (credits are agency names only).
SEARCHED_KINDS = frozenset({"title", "body", "caption"})


@dataclass(frozen=True, slots=True)
class ArticleCut:
    """One article cut into passages and their folded words (picklable)."""

    id: str
    lang: str
    date: str | None
    sha256: str
    #: (paragraph number, text as UTF-8) of each searched paragraph
    paragraphs: list[tuple[int, bytes]]
    #: (index into ``paragraphs``, start, end, 0 sentence / 1 quote, number of words)
    passages: list[tuple[int, int, int, int, int]]
    #: every passage's folded words in order, joined by spaces (one string keeps
    #: an ingest's thousands of cuts small in memory)
    words: str

    def to_dict(self) -> dict[str, Any]:
        """The cut as JSON data (for the delta file)."""
        return {
            "id": self.id,
            "lang": self.lang,
            "date": self.date,
            "sha256": self.sha256,
            "paragraphs": [[n, text.decode()] for n, text in self.paragraphs],
            "passages": self.passages,
            "words": self.words,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ArticleCut:
        return cls(
            id=str(data["id"]),
            lang=str(data["lang"]),
            date=None if data["date"] is None else str(data["date"]),
            sha256=str(data["sha256"]),
            paragraphs=[(int(n), str(text).encode()) for n, text in data["paragraphs"]],
            passages=[
                (int(a), int(b), int(c), int(d), int(e)) for a, b, c, d, e in data["passages"]
            ],
            words=str(data["words"]),
        )


def _para_passages(kind: str, text: str) -> list[Passage]:
    """What search looks at in one paragraph: a caption whole (its credit cut off),
    other paragraphs by sentence and quotation."""
    if kind != "caption":
        return passages(text)
    span = caption_span(text)
    return [Passage(span[0], span[1], "caption")] if span else []


def cut_article(article: Article) -> ArticleCut:
    """``article`` cut into passages and words for the index."""
    paragraphs: list[tuple[int, bytes]] = []
    cuts: list[tuple[int, int, int, int, int]] = []
    all_words: list[str] = []
    for para in article.paragraphs:
        if para.kind not in SEARCHED_KINDS or not para.text.strip():
            continue
        par = len(paragraphs)
        paragraphs.append((para.n, para.text.encode()))
        folded = fold(para.text)
        for passage in _para_passages(para.kind, para.text):
            words = TOKEN_RE.findall(folded, passage.start, passage.end)
            if words:
                kind = KIND_CODES.index(passage.kind)
                cuts.append((par, passage.start, passage.end, kind, len(words)))
                all_words.extend(words)
    lang = article.lang or "und"
    return ArticleCut(
        article.id, lang, article.date, article.sha256, paragraphs, cuts, " ".join(all_words)
    )


class Texts:
    """Paragraphs' UTF-8 text, one after another: in memory, or, given a ``folder``,
    in an unnamed temporary file there (an ingest's, beside the database), so the
    text of a whole corpus is not held in memory while it is indexed."""

    #: Text kept in memory before it is written to the file.
    _BUFFER = 1 << 20

    def __init__(self, folder: Path | None = None) -> None:
        self._memory = bytearray()
        self._size = 0
        self._file = None
        if folder is not None:
            try:  # closed by close() or whole(), or with this object
                self._file = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115
            except OSError:  # a folder it cannot write in: the text stays in memory
                folder = None
        self._folder = folder

    def __len__(self) -> int:
        return self._size

    def append(self, data: bytes | bytearray | memoryview) -> None:
        self._memory += data
        self._size += len(data)
        if self._file is not None and len(self._memory) >= self._BUFFER:
            self._flush()

    def _flush(self) -> None:
        if self._file is not None and self._memory:
            self._file.write(self._memory)
            self._file.flush()
            self._memory = bytearray()

    def slice(self, start: int, end: int) -> bytes:
        """The text from byte ``start`` to ``end``."""
        if self._file is None:
            return bytes(self._memory[start:end])
        self._flush()
        return os.pread(self._file.fileno(), end - start, start)

    def whole(self) -> bytes | bytearray | mmap.mmap:
        """All the text, handed over (this object then holds none): the buffer, or the
        file mapped (its pages read as they are used)."""
        if self._file is None:
            memory, self._memory, self._size = self._memory, bytearray(), 0
            return memory
        self._flush()
        try:
            if not self._size:
                return b""
            return mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ)
        finally:
            self.close()

    def reordered(self, starts: Sequence[int], ends: Sequence[int]) -> Texts:
        """The pieces ``[starts[i], ends[i])`` one after another, kept as this text is;
        this one is emptied."""
        out = Texts(self._folder)
        if self._file is None:
            view = memoryview(self._memory)
            for start, end in zip(starts, ends, strict=True):
                out.append(view[start:end])
            view.release()
        else:
            self._flush()
            for start, end in zip(starts, ends, strict=True):
                out.append(os.pread(self._file.fileno(), end - start, start))
        self.close()
        return out

    def close(self) -> None:
        """Let go of the text (the temporary file goes with it)."""
        self._memory = bytearray()
        self._size = 0
        if self._file is not None:
            self._file.close()
            self._file = None


class Segments:
    """Articles' passages and words, in the order they were added (flat arrays).

    Documents are numbered as added, paragraphs and passages in document order
    then their own, words as first seen (:mod:`store.search.index` sorts them
    all when it builds the index). Every array grows in place; nothing is kept
    per article but its id, language, date and hash. With a ``folder``, the text
    waits in a temporary file there (:class:`Texts`).
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.docs: list[str] = []
        self.langs: list[str] = []
        self.dates: list[str | None] = []
        self.shas: list[str] = []
        #: each document's first paragraph, passage and word (one more at the end)
        self.doc_par = array("q", [0])
        self.doc_pas = array("q", [0])
        self.doc_tok = array("q", [0])
        self.par_doc = array("i")
        self.par_n = array("i")
        #: every paragraph's UTF-8 text, one after another
        self.text = Texts(folder)
        #: where each paragraph's text ends in ``text``
        self.par_end = array("q")
        self.p_par = array("i")
        self.p_start = array("i")
        self.p_end = array("i")
        self.p_kind = array("b")
        #: each passage's number of words, and every passage's word ids in order
        self.fwd_len = array("i")
        self.fwd = array("i")
        self.word_ids: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.docs)

    def add(self, cut: ArticleCut) -> None:
        """Append one article's cut."""
        doc = len(self.docs)
        self.docs.append(cut.id)
        self.langs.append(cut.lang)
        self.dates.append(cut.date)
        self.shas.append(cut.sha256)
        first_par = len(self.par_doc)
        for n, text in cut.paragraphs:
            self.par_doc.append(doc)
            self.par_n.append(n)
            self.text.append(text)
            self.par_end.append(len(self.text))
        if cut.passages:
            # The passages' words follow one another in ``cut.words``: number them all at once.
            pars, starts, ends, kinds, counts = zip(*cut.passages, strict=True)
            self.p_par.extend([first_par + par for par in pars])
            self.p_start.extend(starts)
            self.p_end.extend(ends)
            self.p_kind.extend(kinds)
            self.fwd_len.extend(counts)
            word_ids = self.word_ids
            cut_words = cut.words.split(" ")
            for word in set(cut_words).difference(word_ids):
                word_ids[word] = len(word_ids)
            self.fwd.extend(map(word_ids.__getitem__, cut_words))
        self.doc_par.append(len(self.par_doc))
        self.doc_pas.append(len(self.p_par))
        self.doc_tok.append(len(self.fwd))

    def cut(self, doc: int, words: list[str] | None = None) -> ArticleCut:
        """Document number ``doc`` as a cut again (``words``: the words by id, when known)."""
        words = list(self.word_ids) if words is None else words
        par_lo, par_hi = self.doc_par[doc], self.doc_par[doc + 1]
        pas_lo, pas_hi = self.doc_pas[doc], self.doc_pas[doc + 1]
        tok_lo, tok_hi = self.doc_tok[doc], self.doc_tok[doc + 1]
        paragraphs = []
        for p in range(par_lo, par_hi):
            start = self.par_end[p - 1] if p else 0
            paragraphs.append((self.par_n[p], self.text.slice(start, self.par_end[p])))
        cuts = [
            (
                self.p_par[i] - par_lo,
                self.p_start[i],
                self.p_end[i],
                self.p_kind[i],
                self.fwd_len[i],
            )
            for i in range(pas_lo, pas_hi)
        ]
        text = " ".join(words[t] for t in self.fwd[tok_lo:tok_hi])
        return ArticleCut(
            self.docs[doc], self.langs[doc], self.dates[doc], self.shas[doc], paragraphs, cuts, text
        )


class GatheredCuts(Mapping[str, ArticleCut]):
    """An ingest's cuts by article id, gathered into :class:`Segments` as they arrive.

    Reading one gives it back as an :class:`ArticleCut`; the search stage takes
    the segments whole (:meth:`take`) to build the index from them.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder
        self._segments = Segments(folder)
        self._number: dict[str, int] = {}

    def add(self, doc_id: str, cut: ArticleCut) -> None:
        """Article ``doc_id``'s cut (a later one for the same id replaces it)."""
        if doc_id in self._number:  # not from an ingest, which cuts each article once
            kept = {d: self[d] for d in self._number if d != doc_id}
            self._segments.text.close()
            self._segments, self._number = Segments(self._folder), {}
            for other, old in kept.items():
                self.add(other, old)
        self._number[doc_id] = len(self._segments)
        self._segments.add(cut)

    def __getitem__(self, doc_id: str) -> ArticleCut:
        return self._segments.cut(self._number[doc_id])

    def __iter__(self) -> Iterator[str]:
        return iter(self._number)

    def __len__(self) -> int:
        return len(self._number)

    def sha256(self, doc_id: str) -> str | None:
        """The hash of the article whose cut is held as ``doc_id``, None when none is."""
        number = self._number.get(doc_id)
        return None if number is None else self._segments.shas[number]

    def take(self) -> Segments:
        """The segments of every cut, no longer held here (this mapping is then empty)."""
        segments = self._segments
        self._segments, self._number = Segments(), {}
        return segments
