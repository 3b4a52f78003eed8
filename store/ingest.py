"""Ingest: walk files and folders, parse new or changed articles, store them."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from store.errors import NewsdeskError, SkipFile
from store.parse import parse_bytes
from store.records import Article

if TYPE_CHECKING:
    from store.db import Store

__all__ = ["IngestReport", "Skipped", "collect_files", "ingest_files"]


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


def _walk(folder: Path) -> Iterator[Path]:
    # followlinks=False: a symlink loop cannot trap the walk.
    for root, dirs, files in os.walk(folder, followlinks=False, onerror=None):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".txt") and not name.startswith("."):
                yield Path(root) / name


def collect_files(paths: list[Path], skipped: list[Skipped]) -> list[Path]:
    """Files named directly plus every ``*.txt`` below named folders, once each."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            if not os.access(path, os.R_OK | os.X_OK):
                skipped.append(Skipped(str(path), "folder is not readable"))
                continue
            for file in _walk(path):
                found.setdefault(file.absolute(), None)
        elif path.is_file():
            found.setdefault(path.absolute(), None)
        elif path.exists():
            skipped.append(Skipped(str(path), "not a regular file or folder"))
        else:
            raise NewsdeskError(f"no such file or folder: {path}")
    return list(found)


ProgressCallback = Callable[[int, int, str], None]


def _unique_id(stem: str, file: str, taken: dict[str, str]) -> str:
    """``stem``, or ``stem~hash`` when another file already holds that id."""
    owner = taken.get(stem)
    if owner is None or owner == file:
        return stem
    return f"{stem}~{hashlib.sha1(file.encode()).hexdigest()[:6]}"


def ingest_files(
    store: Store, paths: list[Path], progress: ProgressCallback | None = None
) -> IngestReport:
    """Parse ``paths`` into ``store``: new files are added, changed ones replaced."""
    report = IngestReport()
    files = collect_files(paths, report.skipped)
    known = store.known_files()
    taken = {doc_id: file for file, (doc_id, _) in known.items()}
    by_sha = {sha: (file, doc_id) for file, (doc_id, sha) in known.items()}
    fresh: list[Article] = []
    total = len(files)
    for i, path in enumerate(files, start=1):
        file = str(path)
        if progress:
            progress(i, total, file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            report.skipped.append(Skipped(file, f"cannot read: {exc.strerror or exc}"))
            continue
        sha = hashlib.sha256(data).hexdigest()
        if file in known and known[file][1] == sha:
            report.unchanged.append(known[file][0])
            continue
        if file not in known and sha in by_sha and by_sha[sha][1] == path.stem:
            # The same article seen before under another path (a moved folder).
            report.unchanged.append(by_sha[sha][1])
            continue
        doc_id = known[file][0] if file in known else _unique_id(path.stem, file, taken)
        try:
            article = parse_bytes(data, doc_id=doc_id, file=file)
        except SkipFile as exc:
            report.skipped.append(Skipped(file, str(exc)))
            continue
        taken[doc_id] = file
        (report.updated if file in known else report.added).append(doc_id)
        fresh.append(article)
    if fresh:
        with store.batch():
            store.put(fresh)
            from store.derived import update_derived

            update_derived(store, [a.id for a in fresh])
    return report
