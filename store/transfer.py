"""Copying an archive between stores (a TinyDB file and PostgreSQL, either way).

What is copied is what cannot be derived again for free: every article as stored
(its file, sha256, translation partner and extra fields), the translation pairs
and the stored alignments. The facts and the search index are built again where
the copy lands, in the same write (on a server, every client then fetches them
instead of deriving them); the pairing features at the next ingest.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsdesk.store.errors import NewsdeskError
from newsdesk.store.progress import ProgressCallback
from newsdesk.store.target import Target, open_store, show_target

if TYPE_CHECKING:
    from newsdesk.store.db import Store
    from newsdesk.store.records import Article

__all__ = ["COPIED_TABLES", "Copied", "copy_archive"]

#: Derived tables whose rows are copied as they are (store.align.storage's names).
COPIED_TABLES = ("pairs", "alignments")
#: Articles written a transaction (a file store writes once at the end anyway).
_BATCH = 500


@dataclass(frozen=True, slots=True)
class Copied:
    """What a copy carried."""

    articles: int
    rows: dict[str, int]

    def summary(self) -> str:
        tables = ", ".join(f"{n} {name}" for name, n in self.rows.items())
        return f"{self.articles} articles copied ({tables})"


def _chunks(articles: Iterator[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _derive(store: Store, progress: ProgressCallback | None) -> None:
    """Build the destination's derived data (but the pairs, copied as they were) in
    the copy's write, so that a server archive shares it with every client at once."""
    from newsdesk.store.derived import ARTIFACTS
    from newsdesk.store.progress import report_step

    ids = store.ids()
    for artifact in ARTIFACTS:
        if artifact.update is not None and not set(artifact.tables) & set(COPIED_TABLES):
            report_step(progress, artifact.step or artifact.name)
            artifact.update(store, ids, {})


def _same(one: Target, other: Target) -> bool:
    if isinstance(one, str) or isinstance(other, str):
        return show_target(one) == show_target(other)
    return one.resolve() == other.resolve()


def copy_archive(
    source: Target,
    destination: Target,
    *,
    progress: ProgressCallback | None = None,
) -> Copied:
    """Copy every article, pair and alignment of ``source`` into an empty ``destination``.

    Raises ``NewsdeskError`` when the destination already holds articles (nothing
    is written then) or is the source itself.
    """
    if _same(source, destination):
        raise NewsdeskError(f"source and destination are the same archive: {show_target(source)}")
    with open_store(source, read_only=True) as src, open_store(destination) as dst:
        if not dst.is_empty():
            raise NewsdeskError(
                f"{show_target(destination)} already holds {len(dst)} articles; "
                "copy into an empty archive"
            )
        total = len(src)
        if not total:
            raise NewsdeskError(f"{show_target(source)} holds no articles; nothing to copy")
        rows: dict[str, list[dict[str, Any]]] = {
            name: [dict(row) for row in src.table(name).all()] for name in COPIED_TABLES
        }
        from newsdesk.store.align.pairing import PairFeatures, pair_features
        from newsdesk.store.align.storage import keep_features

        done = 0
        features: dict[str, PairFeatures] = {}  # the pairs come as they were, not found again
        with dst.batch():
            for chunk in _chunks(src.articles(), _BATCH):
                dst.put(chunk)
                features.update((a.id, pair_features(a)) for a in chunk)
                done += len(chunk)
                if progress:
                    progress(done, total, "copying articles")
            for name, table_rows in rows.items():
                if table_rows:
                    dst.table(name).insert_multiple(table_rows)
            _derive(dst, progress)
            keep_features(dst, features)
        from newsdesk.store.derived import after_write

        after_write(dst, True, progress)
        tidy = getattr(dst, "analyze", None)  # a server's archive: vacuum, statistics
        if callable(tidy):
            tidy(progress)
        return Copied(done, {name: len(r) for name, r in rows.items()})
