"""The facts pane's view of the corpus: every article's facts a page at a time, and what the
ledger, people and chart tabs show, built once per state of the facts.

Reading every article's facts costs seconds and hundreds of MB on a large archive
(10k articles: 265,000 facts, 3 s and +293 MB before the ledger and people are
built). The pane shows far less: a screenful of facts, the first lines of the
ledger and of the people list, a person's mentions, the chart's series, counts.
So the view is built once per state of the facts (:func:`view_key`: the
database's generation and article count, the facts file's stamp) into a file
beside the database (``db.facts-view``, store.sidecars.FACTS_VIEW; in the cache
folder for a server's archive), and opening it maps the file and reads its
header: what the pane holds then does not grow with the archive.

The view copies no fact: it refers to the lines of the facts file
(store.facts.storage) it was built from, whose stamp is part of the key, so
those lines stay where they were for as long as the view is current (the file
is replaced whole or appended to, never rewritten in place), and an open view
holds the file open. A page reads and parses the few article lines it needs.
Facts differ from their stored row only where :func:`store.facts.people.canonicalise`
changed a name; the view keeps those changes. At 10,000 generated articles the
view is 1.2 MB beside a 48 MB facts file (17.4 MB when it copied every fact), and
a page of 200 facts reads in 0.6 to 3 ms as before.

The file, in order:

* the rows the facts file does not hold as they are (kept in memory by a
  read-only store, in the database's old table), a compressed JSON line each,
  then where each starts (``int64``, one more than there are rows);
* the fields canonicalising changed, a JSON object per changed fact, in
  compressed blocks of :data:`BLOCK`, then where each block starts (``int64``);
* for each article (sorted by id): the position of its first fact (``uint32``,
  one more than there are articles: then how many facts), where its line lies in
  the facts file (``int64``; ``-1 - k``: the view's own row ``k``), its length
  (``uint32``);
* the positions of the changed facts (``uint32``, ascending);
* for each kind, the position of every :data:`STRIDE`-th of its facts (``uint32``);
* each fact's kind (a byte: its place in :data:`store.facts.model.KINDS`);
* for each person listed, the positions of their mentions (``uint32``);
* the header (JSON, compressed): :data:`VIEW_VERSION`, the key, the facts file's
  path, where each part lies, the counts, the ledger's first :data:`ROWS_KEPT`
  lines, as many people (most mentioned first), the ranking series;
* where the header starts (8 bytes, little-endian), then :data:`MAGIC`.

Numbers are in the machine's byte order (part of the key). On a large archive
(:data:`CHILD_AT` articles and more) the view is built in a process of its own,
so the app never holds every fact; where the database's folder cannot be
written the view goes to a temporary file, mapped and unlinked at once.
"""

from __future__ import annotations

import bisect
import contextlib
import mmap
import os
import struct
import subprocess
import sys
import tempfile
import threading
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import orjson

from newsdesk.store.errors import NewsdeskError
from newsdesk.store.facts.ledger import Discrepancy, Group, Ledger, Point
from newsdesk.store.facts.model import KINDS, Fact
from newsdesk.store.facts.packing import unpack_fact
from newsdesk.store.facts.people import Person
from newsdesk.store.sidecars import FACTS, FACTS_VIEW, on_reset
from newsdesk.store.storage import file_stamp, write_atomic, write_error

if TYPE_CHECKING:
    from newsdesk.store.db import Store

__all__ = [
    "CHILD_AT",
    "MAGIC",
    "ROWS_KEPT",
    "VIEW_VERSION",
    "FactsView",
    "LedgerEntry",
    "LedgerValue",
    "PersonEntry",
    "facts_view",
    "view_key",
    "write_view",
]

#: Bumped whenever the file's layout or what it holds changes.
VIEW_VERSION = 3
MAGIC = b"NDFVIEW1"
#: Ledger lines and people the header lists (the pane shows 500 of each).
ROWS_KEPT = 500
#: Values of a ledger group kept, and documents of each value.
VALUES_KEPT = 10
DOCS_KEPT = 5
#: Changed facts' fields a compressed block holds.
BLOCK = 64
#: Every how many facts of a kind the view marks where one lies.
STRIDE = 64
#: zlib's level: the fastest (the file is built while the pane waits).
_LEVEL = 1
#: zlib's level for the header (ledger, people, series: read whole at each opening).
_HEADER_LEVEL = 6
#: Articles from which the view is built in a process of its own.
CHILD_AT = 2_000

#: A fact's place: article, paragraph, start and end of its evidence.
Where = tuple[str, int, int, int]

_lock = threading.Lock()
_views: dict[str, FactsView] = {}


@on_reset
def _forget() -> None:
    """Drop the views held open (store.sidecars.reset_caches)."""
    with _lock:
        _views.clear()


@dataclass(frozen=True, slots=True)
class LedgerValue:
    """One value of a ledger group: the first :data:`DOCS_KEPT` articles stating it
    (sorted) and how many do."""

    value: str
    docs: tuple[str, ...]
    doc_count: int


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One line of the ledger: a group of facts about one thing (``what`` empty),
    or a translation discrepancy (``what``: "only-left", "only-right", "different")."""

    kind: str
    conflict: bool = False
    #: A group's label, its first :data:`VALUES_KEPT` values (sorted) and how many.
    label: str = ""
    values: tuple[LedgerValue, ...] = ()
    value_count: int = 0
    #: A discrepancy's articles, what differs, each side's value (None: that side
    #: has no such fact) and the evidence of its one fact when only one side has it.
    left: str = ""
    right: str = ""
    what: str = ""
    left_value: str | None = None
    right_value: str | None = None
    text: str = ""
    #: Where Enter leads: a group's first source of the value it lists first.
    source: Where | None = None

    @property
    def discrepancy(self) -> bool:
        return bool(self.what)


@dataclass(frozen=True, slots=True)
class PersonEntry:
    """One person of the people list: name, mentions, articles, quotes, distinct roles."""

    name: str
    mentions: int
    docs: int
    quotes: int
    roles: tuple[str, ...]


def view_key(store: Store) -> list[Any]:
    """What a view must carry to be current for ``store``."""
    stamp = file_stamp(store.sidecar_path(FACTS))
    from newsdesk.store.facts.storage import FACTS_VERSION

    return [
        VIEW_VERSION,
        FACTS_VERSION,
        sys.byteorder,
        store.generation(),
        len(store),
        list(stamp) if stamp else None,
    ]


# -- building ------------------------------------------------------------------
def _where(fact: Fact) -> Where:
    return (fact.doc, fact.para, fact.start, fact.end)


def _group_entry(group: Group) -> LedgerEntry:
    values = group.values()
    first = next(iter(values), None)
    fact = next((f for f in group.facts if group.value_of(f) == first), group.facts[0])
    return LedgerEntry(
        kind=group.kind,
        conflict=group.conflict,
        label=group.label,
        values=tuple(
            LedgerValue(value, tuple(docs[:DOCS_KEPT]), len(docs))
            for value, docs in list(values.items())[:VALUES_KEPT]
        ),
        value_count=len(values),
        source=_where(fact),
    )


def _gap_entry(gap: Discrepancy) -> LedgerEntry:
    from newsdesk.store.facts.ledger import fact_value

    fact = gap.left_fact or gap.right_fact
    return LedgerEntry(
        kind=gap.kind,
        left=gap.left,
        right=gap.right,
        what=gap.what,
        left_value=fact_value(gap.left_fact) if gap.left_fact else None,
        right_value=fact_value(gap.right_fact) if gap.right_fact else None,
        text=fact.text if fact else "",
        source=_where(fact) if fact else None,
    )


def _ledger_entries(ledger: Ledger) -> tuple[list[LedgerEntry], int]:
    """The ledger's lines (conflicts, translation gaps, agreements), the first
    :data:`ROWS_KEPT`, and how many there are."""
    conflicts = [g for g in ledger.groups if g.conflict]
    agreeing = [g for g in ledger.groups if not g.conflict]
    items: list[Group | Discrepancy] = [*conflicts, *ledger.discrepancies, *agreeing]
    entries = [
        _gap_entry(item) if isinstance(item, Discrepancy) else _group_entry(item)
        for item in items[:ROWS_KEPT]
    ]
    return entries, len(items)


def _person_entry(person: Person) -> PersonEntry:
    return PersonEntry(
        name=person.name,
        mentions=len(person.mentions),
        docs=len(person.docs),
        quotes=person.quotes,
        roles=tuple(dict.fromkeys(str(r["role"]) for r in person.roles)),
    )


def _series(series: dict[str, list[Point]]) -> list[Any]:
    return [
        [label, [[p.year, p.rank, [[r, docs] for r, docs in p.ranks.items()]] for p in points]]
        for label, points in series.items()
    ]


def _pad(size: int) -> bytes:
    return b"\0" * (-size % 8)


def _blocks(lines: Iterator[bytes], per_block: int, starts: array[int]) -> Iterator[bytes]:
    """``lines`` in compressed blocks of ``per_block``, each block's offset (from the
    first) added to ``starts``, then where the last one ends."""
    size = 0
    held: list[bytes] = []
    for line in lines:
        held.append(line)
        if len(held) == per_block:
            block = zlib.compress(b"\n".join(held), _LEVEL)
            starts.append(size)
            size += len(block)
            yield block
            held = []
    if held:
        block = zlib.compress(b"\n".join(held), _LEVEL)
        starts.append(size)
        size += len(block)
        yield block
    starts.append(size)


def _patch(raw: Fact, fact: Fact) -> dict[str, Any]:
    """The fields canonicalising changed (store.facts.people.canonicalise)."""
    return {k: v for k, v in fact.fields.items() if k not in raw.fields or raw.fields[k] != v}


@dataclass(slots=True)
class _Source:
    """What the view is built from: each article's row and where the facts file holds
    it, the facts as stored and as made canonical."""

    rows: list[tuple[str, dict[str, Any]]]
    places: dict[str, tuple[int, int]]
    facts_path: Path
    raw: list[Fact]
    facts: list[Fact]


def _parts(
    source: _Source,
    key: list[Any],
    ledger: Ledger,
    persons: list[Person],
    series: dict[str, list[Point]],
) -> Iterator[bytes]:
    """The view file's bytes, a part at a time."""
    facts = source.facts
    listed = {p.key: n for n, p in enumerate(persons[:ROWS_KEPT])}
    codes: dict[str, int] = {kind: n for n, kind in enumerate(KINDS)}
    kind_of = bytearray(len(facts))
    counts: dict[str, int] = dict.fromkeys(KINDS, 0)
    marks: dict[str, array[int]] = {kind: array("I") for kind in KINDS}
    mentions: list[array[int]] = [array("I") for _ in listed]
    changed = array("I")
    # Patches and rows are encoded as their block is written: orjson's bytes keep
    # room to spare (31,000 patches held as bytes took 123 MB at 10k).
    patches: list[dict[str, Any]] = []
    for i, (raw, f) in enumerate(zip(source.raw, facts, strict=True)):
        if f is not raw:
            changed.append(i)
            patches.append(_patch(raw, f))
        code = codes.get(f.kind)
        if code is None:
            code = codes[f.kind] = len(codes)
            counts[f.kind] = 0
            marks[f.kind] = array("I")
        kind_of[i] = code
        if counts[f.kind] % STRIDE == 0:
            marks[f.kind].append(i)
        counts[f.kind] += 1
        if f.kind == "person":
            n = listed.get(str(f.fields.get("key")))
            if n is not None:
                mentions[n].append(i)
    first = array("I")
    at = array("q")
    length = array("I")
    own: list[dict[str, Any]] = []
    count = 0
    for doc, row in source.rows:
        first.append(count)
        count += len(row.get("facts", ()))
        place = source.places.get(doc)
        if place is None:  # not in the facts file as it is: the row is kept here
            at.append(-1 - len(own))
            length.append(0)
            own.append({**row, "doc": doc})
        else:
            at.append(place[0])
            length.append(place[1])
    first.append(count)
    header: dict[str, Any] = {
        "version": VIEW_VERSION,
        "key": key,
        "n": len(facts),
        "facts": str(source.facts_path),
        "articles": len(source.rows),
        "block": BLOCK,
    }
    size = 0
    own_starts = array("q")
    patch_starts = array("q")
    for name, blocks, starts in (
        ("own", _blocks(map(orjson.dumps, own), 1, own_starts), own_starts),
        ("patches", _blocks(map(orjson.dumps, patches), BLOCK, patch_starts), patch_starts),
    ):
        at_first = size
        for block in blocks:
            size += len(block)
            yield block
        yield _pad(size)
        size += len(_pad(size))
        header[name] = [at_first, size, len(starts) - 1]
        header[name + "_starts"] = size
        yield starts.tobytes()
        size += len(starts) * starts.itemsize
    arrays: dict[str, array[int]] = {
        "first": first,
        "at": at,
        "length": length,
        "changed": changed,
    }
    for name, values in arrays.items():
        yield _pad(size)
        size += len(_pad(size))
        header[name] = [size, len(values)]
        yield values.tobytes()
        size += len(values) * values.itemsize
    header["kinds"] = {}
    for kind, positions in marks.items():
        header["kinds"][kind] = [codes[kind], counts[kind], size, len(positions)]
        yield positions.tobytes()
        size += len(positions) * positions.itemsize
    header["kind_of"] = size
    yield bytes(kind_of)
    size += len(kind_of)
    header["mentions"] = []
    for positions in mentions:
        header["mentions"].append([size, len(positions)])
        yield positions.tobytes()
        size += len(positions) * positions.itemsize
    entries, total = _ledger_entries(ledger)
    header["ledger"] = entries
    header["ledger_total"] = total
    header["conflicts"] = sum(1 for g in ledger.groups if g.conflict)
    header["people"] = [_person_entry(p) for p in persons[:ROWS_KEPT]]
    header["people_total"] = len(persons)
    header["series"] = _series(series)
    yield zlib.compress(orjson.dumps(header), _HEADER_LEVEL)
    yield struct.pack("<Q", size) + MAGIC


def write_view(store: Store, path: Path) -> None:
    """Build the view of ``store``'s facts into ``path`` (in this process)."""
    from newsdesk.store.facts.ledger import build_ledger, ranking_series
    from newsdesk.store.facts.people import canonicalise, people
    from newsdesk.store.facts.storage import corpus_rows, locate_rows, row_facts
    from newsdesk.store.gcpause import paused_gc

    with paused_gc():
        rows = corpus_rows(store)
        key = view_key(store)  # after corpus_rows: it may have extracted stale facts
        facts_path = store.sidecar_path(FACTS).resolve()
        stamp, places = locate_rows(facts_path, rows)
        if stamp is None or list(stamp) != key[-1]:
            places = {}  # the file changed meanwhile: every row is kept in the view
        raw = [f for doc, row in rows for f in row_facts(doc, row)]
        facts = canonicalise(raw)
        source = _Source(rows, places, facts_path, raw, facts)
        pairs = {s.id: s.pair for s in store.summaries() if s.pair}
        ledger = build_ledger(facts, pairs)
        persons = people(facts)
        series = ranking_series(facts)
        try:
            write_atomic(
                path,
                _parts(source, key, ledger, persons, series),
                keep_backup=False,
                mode_of=store.path,
            )
        except OSError as exc:
            raise write_error(exc, "facts view", path) from None


def _build_in_child(store: Store, path: Path) -> None:
    """Build the view in a process of its own (the app never holds every fact)."""
    url = getattr(store, "url", None)
    request = {
        "target": str(url) if url else str(store.path),
        "out": str(path),
        "read_only": store.read_only,
    }
    # The target on standard input, not the command line: a URL may hold a password.
    result = subprocess.run(
        [sys.executable, "-m", __name__],
        input=orjson.dumps(request),
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise NewsdeskError(
            "could not read every article's facts: " + (lines[-1] if lines else "no reason given")
        )


def _build_once(store: Store, path: Path) -> FactsView | None:
    out, temporary = path, False
    if not os.access(path.parent, os.W_OK):
        fd, name = tempfile.mkstemp(prefix="newsdesk-facts-view-")
        os.close(fd)
        out, temporary = Path(name), True
    try:
        if len(store) >= CHILD_AT:
            _build_in_child(store, out)
        else:
            write_view(store, out)
        return FactsView.open(out)
    finally:
        if temporary:  # mapped (or failed): the name is no longer needed
            out.unlink(missing_ok=True)


def _build(store: Store, path: Path) -> FactsView:
    """Build the view and open it; once more when the facts file changed meanwhile
    (another process's ingest: the view no longer opens against it)."""
    view = _build_once(store, path) or _build_once(store, path)
    if view is None:
        raise NewsdeskError(f"the facts view {path} could not be read back")
    return view


def facts_view(store: Store) -> FactsView:
    """The view of ``store``'s facts: held, read from its file, or built now (seconds
    on a large archive: call it off the interface's thread)."""
    with _lock:
        key = view_key(store)
        where = str(store.path)
        held = _views.get(where)
        if held is not None and held.key == key:
            return held
        path = store.sidecar_path(FACTS_VIEW)
        view = FactsView.open(path)
        if view is None or view.key != key:
            view = _build(store, path)
        _views[where] = view
        return view


# -- reading ---------------------------------------------------------------------
def _open_facts(path: Path, stamp: list[int] | None) -> BinaryIO | None:
    """The facts file a view refers to, opened; ValueError when it is not the one
    the view was built from (then the view is out of date)."""
    if stamp is None:
        return None
    try:
        handle = path.open("rb")
    except OSError:
        raise ValueError("no facts file") from None
    st = os.fstat(handle.fileno())
    if [st.st_ino, st.st_mtime_ns, st.st_size] != list(stamp):
        handle.close()
        raise ValueError("another facts file")
    return handle


def _ledger_entry(data: dict[str, Any]) -> LedgerEntry:
    source = data.get("source")
    return LedgerEntry(
        **{
            **data,
            "values": tuple(
                LedgerValue(v["value"], tuple(v["docs"]), int(v["doc_count"]))
                for v in data.get("values", ())
            ),
            "source": (str(source[0]), *map(int, source[1:])) if source else None,
        }
    )


def _points(data: list[Any]) -> list[Point]:
    return [
        Point(int(year), int(rank), {int(r): list(docs) for r, docs in ranks})
        for year, rank, ranks in data
    ]


class FactsView:
    """An open view file: counts, pages of facts, an article's facts, the ledger's and
    the people's first lines, a person's mentions, the ranking series.

    The file is mapped, not read, and the facts file it refers to is held open: a
    page of facts costs about a millisecond (the few article lines it needs are
    read and parsed), and the view holds nothing per fact. Reads may come from any
    thread.
    """

    def __init__(self, data: mmap.mmap, header: dict[str, Any], facts: BinaryIO | None) -> None:
        self._data = data
        self._facts_file = facts
        view = memoryview(data)
        n = int(header["n"])
        self.key: list[Any] = header["key"]
        self._per_block = int(header["block"])

        def ints(name: str, wide: bool = False) -> memoryview[int]:
            at, count = header[name]
            if wide:
                return view[int(at) : int(at) + 8 * int(count)].cast("q")
            return view[int(at) : int(at) + 4 * int(count)].cast("I")

        self._first = ints("first")
        self._at = ints("at", wide=True)
        self._length = ints("length")
        self._changed = ints("changed")
        if len(self._first) != int(header["articles"]) + 1 or self._first[-1] != n:
            raise ValueError("a damaged view")
        own_at, _own_end, own_count = header["own"]
        self._own = (
            int(own_at),
            view[int(header["own_starts"]) :][: 8 * (own_count + 1)].cast("q"),
        )
        patch_at, _patch_end, patch_count = header["patches"]
        self._patches = (
            int(patch_at),
            view[int(header["patches_starts"]) :][: 8 * (patch_count + 1)].cast("q"),
        )
        #: The article read last (number, id, language, packed facts) and the block of
        #: patches read last: a page reads a few of each in turn.
        self._last: tuple[int, str, str, list[Any]] = (-1, "", "", [])
        self._last_patches: tuple[int, list[bytes]] = (-1, [])
        #: Each kind's byte, count, and the position of every STRIDE-th fact of it.
        self._kinds = {
            kind: (bytes([code]), int(count), view[int(at) : int(at) + 4 * int(marks)].cast("I"))
            for kind, (code, count, at, marks) in header["kinds"].items()
        }
        #: Where each fact's kind (a byte) lies.
        self._kind_of = int(header["kind_of"])
        self._mentions = [
            view[int(at) : int(at) + 4 * int(count)].cast("I") for at, count in header["mentions"]
        ]
        self.size = n
        #: The ledger's first lines, how many it has, how many groups conflict.
        self.ledger = [_ledger_entry(d) for d in header["ledger"]]
        self.ledger_total = int(header["ledger_total"])
        self.conflicts = int(header["conflicts"])
        #: The most mentioned people (most first), and how many people there are.
        self.persons = [PersonEntry(**{**d, "roles": tuple(d["roles"])}) for d in header["people"]]
        self.people_total = int(header["people_total"])
        #: Each ranking indicator's points by year (store.facts.ledger.ranking_series).
        self.series = {str(label): _points(points) for label, points in header["series"]}

    @classmethod
    def open(cls, path: Path) -> FactsView | None:
        """The view in ``path``; None when it is missing, damaged or of another version,
        or when the facts file it refers to is not the one it was built from."""
        try:
            with path.open("rb") as handle:
                data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # ValueError: an empty file cannot be mapped
            return None
        facts: BinaryIO | None = None
        try:
            size = len(data)
            if size < 16 or data[-8:] != MAGIC:
                raise ValueError("no view")
            (head,) = struct.unpack("<Q", data[-16:-8])
            header = orjson.loads(zlib.decompress(data[head : size - 16]))
            if not isinstance(header, dict) or header.get("version") != VIEW_VERSION:
                raise ValueError("another version")
            facts = _open_facts(Path(header["facts"]), header["key"][-1])
            return cls(data, header, facts)
        except (
            ValueError,
            KeyError,
            TypeError,
            IndexError,
            struct.error,
            zlib.error,
            orjson.JSONDecodeError,
        ):
            if facts is not None:
                facts.close()
            with contextlib.suppress(BufferError):  # parts of it may still be viewed
                data.close()
            return None

    # -- facts ---------------------------------------------------------------
    def _line(self, number: int) -> bytes:
        """Article ``number``'s row as a JSON line."""
        at = self._at[number]
        if at < 0:  # kept in the view
            start, starts = self._own
            k = -1 - at
            return zlib.decompress(self._data[start + starts[k] : start + starts[k + 1]])
        if self._facts_file is None:
            raise NewsdeskError("the facts view lost its facts file")
        size = self._length[number]
        line = os.pread(self._facts_file.fileno(), size, at)
        if len(line) != size:
            raise NewsdeskError("the facts file changed under its view")
        return line

    def _article(self, number: int) -> tuple[int, str, str, list[Any]]:
        held = self._last  # one read: another thread may replace it
        if held[0] != number:
            row = orjson.loads(self._line(number))
            held = (number, str(row["doc"]), str(row.get("lang", "en")), row.get("facts", []))
            self._last = held
        return held

    def _patch(self, j: int) -> dict[str, Any]:
        """The fields canonicalising changed in the ``j``-th changed fact."""
        number, at = divmod(j, self._per_block)
        held, lines = self._last_patches  # one read: another thread may replace it
        if held != number:
            start, starts = self._patches
            block = self._data[start + starts[number] : start + starts[number + 1]]
            lines = zlib.decompress(block).split(b"\n")
            self._last_patches = (number, lines)
        patch: dict[str, Any] = orjson.loads(lines[at])
        return patch

    def _facts_at(self, positions: Iterable[int]) -> list[Fact]:
        """The facts at ``positions`` (ascending): each article's line read once."""
        first, changed = self._first, self._changed
        end_changed = len(changed)
        out: list[Fact] = []
        add = out.append
        start = end = j = 0
        doc = lang = ""
        items: list[Any] = []
        for i in positions:
            if not start <= i < end:
                number = bisect.bisect_right(first, i) - 1
                start, end = first[number], first[number + 1]
                _n, doc, lang, items = self._article(number)
                j = bisect.bisect_left(changed, i)
            fact = unpack_fact(doc, lang, items[i - start])
            while j < end_changed and changed[j] < i:
                j += 1
            if j < end_changed and changed[j] == i:
                fact = fact.with_fields(**self._patch(j))
            add(fact)
        return out

    def _doc(self, number: int) -> str:
        return self._article(number)[1]

    def count(self, kind: str | None = None) -> int:
        """How many facts the corpus holds (of ``kind``)."""
        if kind is None:
            return self.size
        held = self._kinds.get(kind)
        return held[1] if held is not None else 0

    def page(self, kind: str | None, offset: int, limit: int) -> list[Fact]:
        """At most ``limit`` facts (of ``kind``) from position ``offset`` on, in the
        order of :func:`store.facts.storage.load_facts`."""
        total = self.count(kind)
        rows = range(max(0, offset), min(total, max(0, offset) + max(0, limit)))
        if kind is None:
            return self._facts_at(rows)
        return self._facts_at(self._positions(kind, rows))

    def _positions(self, kind: str, rows: range) -> list[int]:
        """The positions of the facts of ``kind`` numbered ``rows``: from the last
        marked one before them, the next bytes of that kind."""
        if not rows:
            return []
        code, _count, marks = self._kinds[kind]
        number = rows.start - rows.start % STRIDE
        base = self._kind_of
        at = base + marks[number // STRIDE]
        end = base + self.size
        out = []
        while True:
            if number >= rows.start:
                out.append(at - base)
                if len(out) == len(rows):
                    return out
            number += 1
            at = self._data.find(code, at + 1, end)
            if at < 0:
                raise NewsdeskError("the facts view is damaged")

    def doc_facts(self, doc: str) -> list[Fact]:
        """The facts of article ``doc`` (names canonical across the corpus), in text order."""
        articles = range(len(self._first) - 1)
        number = bisect.bisect_left(articles, doc, key=self._doc)
        if number == len(articles) or self._doc(number) != doc:
            return []
        return self._facts_at(range(self._first[number], self._first[number + 1]))

    def mentions(self, person: int, limit: int | None = None) -> list[dict[str, Any]]:
        """The first ``limit`` mentions of :attr:`persons` ``[person]``, as
        :class:`store.facts.people.Person` lists them."""
        if not 0 <= person < len(self._mentions):
            return []
        positions: Sequence[int] = self._mentions[person]
        if limit is not None:
            positions = positions[:limit]
        out = []
        for f in self._facts_at(positions):
            out.append(
                {
                    "doc": f.doc,
                    "para": f.para,
                    "span": [f.start, f.end],
                    "text": f.text,
                    "role": f.get("role"),
                }
            )
        return out


def main() -> int:
    """Build a view in this process: ``{target, out, read_only}`` as JSON on standard input."""
    from newsdesk.store.target import db_target, open_store

    request = orjson.loads(sys.stdin.buffer.read())
    try:
        with open_store(
            db_target(request["target"]), read_only=bool(request["read_only"])
        ) as store:
            write_view(store, Path(request["out"]))
    except NewsdeskError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
