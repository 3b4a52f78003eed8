"""Ingest: walk files and folders, parse new or changed articles, store them."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk.store.decode import MAX_FILE_BYTES, file_sha256
from newsdesk.store.derived import PreparedData, prepare_article, update_derived
from newsdesk.store.errors import NewsdeskError, SkipFile
from newsdesk.store.gcpause import paused_gc
from newsdesk.store.parallel import parallel_map
from newsdesk.store.parse import parse_bytes
from newsdesk.store.progress import ProgressCallback, report_step
from newsdesk.store.text import clean

if TYPE_CHECKING:
    from newsdesk.store.db import Store

__all__ = [
    "IngestReport",
    "Skipped",
    "collect_files",
    "ingest_files",
    "read_article_bytes",
    "safe_name",
]

_SURROGATE = re.compile("[\ud800-\udfff]")


def safe_name(name: str) -> str:
    """A file name or path made safe to store and print.

    Undecodable bytes (kept by Python as lone surrogates) become U+FFFD, and
    control, bidi and zero-width characters, newlines and tabs included,
    become visible symbols or go, as in article text.
    """
    if _SURROGATE.search(name):
        try:
            name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        except UnicodeEncodeError:
            name = _SURROGATE.sub("\ufffd", name)
    return clean(name).replace("\n", "\u240a").replace("\t", "\u2409")


def read_article_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, else ``SkipFile``.

    Never blocks on a FIFO or device and never reads more than ``limit + 1``
    bytes, so a huge file costs neither memory nor time.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise SkipFile(f"cannot read: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise SkipFile("not a regular file (device, pipe or socket)")
        if st.st_size > limit:
            raise SkipFile(_too_big(st.st_size, limit))
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while we read
            raise SkipFile(_too_big(size, limit))
        return b"".join(chunks)
    except OSError as exc:
        raise SkipFile(f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _too_big(size: int, limit: int) -> str:
    return (
        f"file is {size / 1_048_576:.1f} MB, over the {limit // 1_048_576} MB limit for one article"
    )


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that did not go in, and why."""

    path: str
    reason: str


@dataclass(slots=True)
class IngestReport:
    """What one ingest did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.skipped)} skipped"
        )


def _walk(folder: Path, skipped: list[Skipped]) -> Iterator[Path]:
    def unreadable(exc: OSError) -> None:
        where = exc.filename if exc.filename is not None else folder
        reason = exc.strerror or str(exc)
        skipped.append(Skipped(safe_name(str(where)), f"folder not read: {reason}"))

    inside = folder.resolve()
    # followlinks=False: a symlink loop (or a link to / ) cannot trap the walk.
    for root, dirs, files in os.walk(folder, followlinks=False, onerror=unreadable):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".txt") and not name.startswith("."):
                path = Path(root) / name
                if _leaves(path, inside):
                    reason = (
                        f"symbolic link to a file outside {safe_name(str(folder))}, not followed"
                    )
                    skipped.append(Skipped(safe_name(str(path)), reason))
                    continue
                yield path


def _leaves(path: Path, folder: Path) -> bool:
    """True when ``path`` is a symbolic link to a file outside ``folder`` (resolved).

    A link could otherwise bring any file the user can read (``/etc/passwd``, a
    private key) into the archive, to be served or exported. A broken link is
    left to the reader, which says so.
    """
    if not path.is_symlink():
        return False
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return not target.is_relative_to(folder)


def collect_files(paths: list[Path], skipped: list[Skipped]) -> list[Path]:
    """Files named directly plus every ``*.txt`` below named folders, once each.

    A named path that does not exist raises ``NewsdeskError`` before anything
    is written; unreadable folders, broken links and links from a named folder
    to files outside it are skipped with a reason (a file named directly is
    read even through a link: the user chose it).
    """
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for file in _walk(path, skipped):
                found.setdefault(file.absolute(), None)
        elif path.is_file():
            found.setdefault(path.absolute(), None)
        elif path.is_symlink():
            skipped.append(Skipped(safe_name(str(path)), "broken symbolic link or link loop"))
        elif path.exists():
            skipped.append(Skipped(safe_name(str(path)), "not a regular file or folder"))
        else:
            raise NewsdeskError(f"no such file or folder: {safe_name(str(path))}")
    return list(found)


def _unique_id(stem: str, file: str, taken: dict[str, str]) -> str:
    """``stem``, or ``stem~hash`` when another file already holds that id."""
    owner = taken.get(stem)
    if owner is None or owner == file:
        return stem
    return f"{stem}~{hashlib.sha1(file.encode()).hexdigest()[:6]}"


def ingest_files(
    store: Store, paths: list[Path], progress: ProgressCallback | None = None
) -> IngestReport:
    """Parse ``paths`` into ``store``: new files are added, changed ones replaced.

    The whole ingest holds the store's write lock and ends in one atomic
    write, so a crash or a concurrent ingest leaves every article either as
    it was or as this ingest made it.
    """
    report = IngestReport()
    report_step(progress, "finding files")
    files = collect_files(paths, report.skipped)
    if not files:
        return report
    with store.batch():
        _ingest_locked(store, files, report, progress)
        if report.changed:
            report_step(progress, "writing the database")  # when the batch ends
    return report


def _ingest_locked(
    store: Store, files: list[Path], report: IngestReport, progress: ProgressCallback | None
) -> None:
    seen: list[tuple[Path, str, str]] = []  # each file read: path, name, sha256
    for i, path in enumerate(files, 1):
        if progress:
            progress(i, len(files), "reading files")
        file = safe_name(str(path))
        try:
            data = read_article_bytes(path)
        except SkipFile as exc:
            report.skipped.append(Skipped(file, str(exc)))
            continue
        seen.append((path, file, file_sha256(data)))
    known = _known_files(store, seen)
    by_id = {doc_id: (file, sha) for file, (doc_id, sha) in known.items()}
    taken = {doc_id: file for doc_id, (file, _) in by_id.items()}
    jobs: deque[_Job] = deque()
    for path, file, sha in seen:
        if file in known and known[file][1] == sha:
            report.unchanged.append(known[file][0])
            continue
        stem = safe_name(path.stem)
        if file not in known and stem in by_id and by_id[stem][1] == sha:
            # The same article seen before under another path (a moved folder).
            report.unchanged.append(stem)
            continue
        stem = stem or "article"
        doc_id = known[file][0] if file in known else _unique_id(stem, file, taken)
        taken[doc_id] = file
        jobs.append(_Job(path, doc_id, file, file in known))
    with paused_gc():  # the prepared data of every article: millions of objects, no cycles
        _store_prepared(store, jobs, report, progress)


#: Up to this many files are looked up by path and name whatever the archive's size.
LOOKED_UP = 256


def _known_files(store: Store, seen: list[tuple[Path, str, str]]) -> dict[str, tuple[str, str]]:
    """What the archive knows of the files ``seen`` (store.known_files): the articles at
    their paths and those whose ids their names would take; every article's when the
    files are many, and many beside the archive."""
    if len(seen) > LOOKED_UP and len(seen) * 4 >= len(store):
        return store.known_files()
    return store.files_named(
        (file for _, file, _ in seen), (safe_name(path.stem) or "article" for path, _, _ in seen)
    )


def _store_prepared(
    store: Store, jobs: deque[_Job], report: IngestReport, progress: ProgressCallback | None
) -> None:
    """Parse and prepare ``jobs`` (over every core when large), then store them.

    Each job is taken off ``jobs`` as it is sent to be parsed; each article comes
    back packed as its stored record.
    """
    fresh: list[dict[str, object]] = []  # records: each article packed as it comes
    prepared = PreparedData(store)  # facts go to their file in chunks, not held
    total = len(jobs)
    sent: deque[tuple[str, str, bool]] = deque()  # (id, file, update) of each job sent

    def take() -> Iterator[_Job]:
        while jobs:
            job = jobs.popleft()
            sent.append((job.doc_id, job.file, job.update))
            yield job

    # Parsing and per-article derived data (facts) run on every core for a large ingest.
    for i, outcome in enumerate(parallel_map(_prepare, take(), total), 1):
        doc_id, file, update = sent.popleft()
        if progress:
            progress(i, total, "parsing articles")
        if isinstance(outcome, str):
            report.skipped.append(Skipped(file, outcome))
            continue
        record, extras = outcome
        (report.updated if update else report.added).append(doc_id)
        fresh.append(record)
        prepared.add(doc_id, extras)
    if fresh:
        prepared.finish()
        report_step(progress, "storing articles")
        ids = [str(r["id"]) for r in fresh]
        store.put_records(fresh)
        del fresh
        update_derived(store, ids, prepared, progress)


@dataclass(frozen=True, slots=True)
class _Job:
    """One file to parse: where it is, the id it gets, and whether it replaces one.

    Its bytes are read again where it is parsed, not held from the first read
    (which only decided whether the file is new or changed): a large ingest
    would otherwise hold every file it reads until it is parsed.
    """

    path: Path
    doc_id: str
    file: str
    update: bool


def _prepare(job: _Job) -> tuple[dict[str, object], dict[str, object]] | str:
    """Parse one file and run the per-article stages: the article's stored record and
    the stages' results, or a skip reason on failure."""
    # The rules build thousands of short-lived objects an article, none in cycles:
    # reference counting frees them; the collector would only rescan the heap.
    with paused_gc():
        try:
            data = read_article_bytes(job.path)
            article = parse_bytes(data, doc_id=job.doc_id, file=job.file)
        except SkipFile as exc:
            return str(exc)
        return article.to_record(), prepare_article(article)
