"""Check a database and restore its backup.

:func:`check_database` reads a database file without changing it and reports
findings: does it parse, its schema version, whether every article record is
readable and safe, the generation counter, derived data (through the checks
of :mod:`store.derived`), the backup and leftovers of
interrupted writes. :func:`restore_backup` puts the backup back, keeping the
file it replaces.
"""

from __future__ import annotations

import os
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsdesk.store.db import SCHEMA_VERSION, Store
from newsdesk.store.derived import CHECKS, rebuild
from newsdesk.store.errors import DatabaseError
from newsdesk.store.findings import Finding, Level
from newsdesk.store.lock import WriteLock
from newsdesk.store.migrate import stored_version
from newsdesk.store.records import PARAGRAPH_KINDS, Article
from newsdesk.store.storage import (
    backup_path,
    load_database_file,
    stale_temp_files,
    write_atomic,
    write_error,
)

__all__ = [
    "DERIVED_CHECKS",
    "DoctorReport",
    "Finding",
    "check_database",
    "check_records",
    "rebuild_derived",
    "restore_backup",
]

Tables = dict[str, dict[str, Any]]

#: Checks of derived data (store.derived.CHECKS). Each gets a read-only store and
#: returns findings (none when all is in step).
DERIVED_CHECKS = CHECKS

# Characters that must never be stored: they could act on a terminal.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_MAX_SHOWN = 5


@dataclass(slots=True)
class DoctorReport:
    """Everything :func:`check_database` found about one file."""

    #: The file, or a server archive's URL without its password.
    path: Path | str
    findings: list[Finding] = field(default_factory=list)
    articles: int = 0

    @property
    def healthy(self) -> bool:
        """True when nothing failed (warnings allowed)."""
        return all(f.level != "fail" for f in self.findings)

    def add(self, level: Level, message: str) -> None:
        self.findings.append(Finding(level, message))

    def lines(self) -> list[str]:
        """Human-readable lines, one per finding."""
        return [f"{f.level:<4}  {f.message}" for f in self.findings]

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "healthy": self.healthy,
            "articles": self.articles,
            "findings": [{"level": f.level, "message": f.message} for f in self.findings],
        }


def _record_problems(key: str, record: dict[str, Any]) -> list[str]:
    label = f"article {record.get('id', f'#{key}')!r}"
    try:
        article = Article.from_record(record)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        return [f"{label} is not readable ({type(exc).__name__}: {exc})"]
    problems: list[str] = []
    numbers = [p.n for p in article.paragraphs]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(f"{label} has paragraphs numbered {numbers[:8]}, not 1…n")
    if any(p.kind not in PARAGRAPH_KINDS for p in article.paragraphs):
        problems.append(f"{label} has a paragraph of unknown kind")
    texts = [article.title, article.id, article.file] + [p.text for p in article.paragraphs]
    if any(_UNSAFE.search(t) for t in texts):
        problems.append(f"{label} holds raw control or bidi characters")
    if not all(unicodedata.is_normalized("NFC", t) for t in texts):
        problems.append(f"{label} holds text that is not NFC")
    return problems


def check_records(tables: Tables) -> tuple[int, list[str]]:
    """The number of article records and every problem found in them."""
    records = tables.get("articles") or {}
    problems: list[str] = []
    seen: set[str] = set()
    for key, record in records.items():
        problems.extend(_record_problems(key, record))
        doc_id = str(record.get("id"))
        if doc_id in seen:
            problems.append(f"article id {doc_id!r} is stored twice")
        seen.add(doc_id)
    return len(records), problems


def _add_problems(report: DoctorReport, what: str, problems: list[str]) -> None:
    if not problems:
        return
    shown = problems[:_MAX_SHOWN]
    more = f" (and {len(problems) - _MAX_SHOWN} more)" if len(problems) > _MAX_SHOWN else ""
    report.add("fail", f"{what}: {'; '.join(shown)}{more}")


def _check_backup(report: DoctorReport, path: Path, *, main_ok: bool) -> None:
    bak = backup_path(path)
    if not bak.exists():
        report.add("ok" if main_ok else "fail", f"no backup yet ({bak.name} appears after a write)")
        return
    try:
        tables, _ = load_database_file(bak)
    except DatabaseError as exc:
        report.add("warn" if main_ok else "fail", f"backup unusable: {exc}")
        return
    count, problems = check_records(tables)
    if problems:
        report.add("warn" if main_ok else "fail", f"backup {bak} has damaged records")
    elif main_ok:
        report.add("ok", f"backup {bak.name} is readable ({count} articles)")
    else:
        report.add(
            "warn",
            f"backup {bak} is readable ({count} articles): "
            "restore it with `newsdesk doctor --restore`",
        )


def check_database(path: Path | str) -> DoctorReport:
    """Check the database at ``path`` (or the PostgreSQL archive at that URL) without
    changing anything."""
    if isinstance(path, str):
        from newsdesk.store.pg.doctor import check_server
        from newsdesk.store.pg.url import describe

        findings, count = check_server(path)
        return DoctorReport(describe(path), findings, count)
    report = DoctorReport(path)
    if not path.exists():
        report.add("fail", f"no database at {path}")
        return report
    try:
        tables, _ = load_database_file(path)
    except DatabaseError as exc:
        report.add("fail", str(exc))
        _check_backup(report, path, main_ok=False)
        return report
    report.add("ok", f"{path} is a whole, valid JSON file")

    version = stored_version(tables)
    if version == SCHEMA_VERSION:
        report.add("ok", f"schema version {version}")
    elif version is None:
        report.add("warn", "the database is empty")
    elif version < SCHEMA_VERSION:
        report.add(
            "warn",
            f"schema version {version}: it is migrated to {SCHEMA_VERSION} "
            "the next time newsdesk writes to it",
        )
    else:
        report.add(
            "fail", f"schema version {version} is newer than this newsdesk ({SCHEMA_VERSION})"
        )
        return report

    count, problems = check_records(tables)
    report.articles = count
    if problems:
        _add_problems(report, f"{len(problems)} problem(s) in {count} articles", problems)
    else:
        report.add("ok", f"all {count} articles are readable")

    try:
        store = Store(path, read_only=True)
    except DatabaseError as exc:
        report.add("fail", f"cannot open it: {exc}")
        return report
    try:
        raw_generation = store.get_meta("generation")
        if raw_generation is not None and (
            not isinstance(raw_generation, int) or raw_generation < 0
        ):
            report.add("fail", f"generation counter is {raw_generation!r}, not a count")
        else:
            report.add("ok", f"generation {store.generation()}")
        derived: list[Finding] = []
        for check in DERIVED_CHECKS:
            try:
                derived.extend(check(store))
            except Exception as exc:
                name = getattr(check, "__name__", "check")
                derived.append(Finding("fail", f"derived-data check {name} failed: {exc}"))
        report.findings.extend(derived)
        if not derived:
            report.add("ok", f"derived data in step ({len(DERIVED_CHECKS)} checks)")
    finally:
        store.close()

    leftovers = stale_temp_files(path)
    if leftovers:
        report.add(
            "warn",
            f"{len(leftovers)} temporary file(s) left by an interrupted write "
            "(harmless; removed by the next write)",
        )
    _check_backup(report, path, main_ok=True)
    return report


def restore_backup(
    path: Path | str,
    *,
    lock_timeout: float | None = None,
    on_lock_wait: Callable[[str], None] | None = None,
) -> Path | None:
    """Put ``<db>.bak`` back in place of the database, under the write lock.

    The backup is checked first; the file it replaces is kept beside it as
    ``<db>.replaced-<time>`` and its path returned (None if there was none).
    The generation counter moves past both files' so derived data rebuilds.
    """
    if isinstance(path, str):
        raise DatabaseError(
            "an archive in PostgreSQL has no backup file: restore it with the server's "
            "own backups (pg_dump, pg_restore)"
        )
    bak = backup_path(path)
    if not bak.exists():
        raise DatabaseError(f"there is no backup {bak} to restore")
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseError(f"cannot write in the database folder {folder}; nothing was changed")
    # The lock first: a writer that finishes meanwhile moves a newer file to the
    # backup, and the backup read must be the one that is there under the lock.
    lock = WriteLock(path, timeout=lock_timeout, on_wait=on_lock_wait)
    lock.acquire()
    try:
        return _restore_locked(path, bak)
    except OSError as exc:
        raise write_error(exc, "the restored database", path) from None
    finally:
        lock.release()


def _restore_locked(path: Path, bak: Path) -> Path | None:
    try:
        tables, _ = load_database_file(bak)
    except DatabaseError as exc:
        raise DatabaseError(f"the backup cannot be restored: {exc}") from None
    _, problems = check_records(tables)
    if problems:
        raise DatabaseError(
            f"the backup {bak} has damaged records and was not restored: {problems[0]}"
        )
    kept: Path | None = None
    current_generation: int | None = None
    if path.exists():
        raw = path.read_bytes()
        try:
            current, _ = load_database_file(path)
            current_generation = _generation(current)
        except DatabaseError:
            current_generation = None
        kept = path.with_name(f"{path.name}.replaced-{time.strftime('%Y%m%d-%H%M%S')}")
        write_atomic(kept, raw, keep_backup=False, mode_of=path)
    backup_generation = _generation(tables)
    # A damaged file may have had any generation; jump well past it.
    new_generation = (
        backup_generation + 1000
        if current_generation is None
        else max(backup_generation, current_generation) + 1
    )
    _set_generation(tables, new_generation)
    import orjson

    write_atomic(
        path, orjson.dumps(tables), keep_backup=False, mode_of=path if path.exists() else bak
    )
    return kept


def _generation(tables: Tables) -> int:
    for row in (tables.get("meta") or {}).values():
        value = row.get("generation")
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return 0


def _set_generation(tables: Tables, value: int) -> None:
    meta = tables.setdefault("meta", {})
    if not meta:
        meta["1"] = {}
    first = min(meta, key=lambda k: int(k) if str(k).isdigit() else 0)
    meta[first]["generation"] = value


def rebuild_derived(store: Store) -> int:
    """Build every piece of derived data whole from the articles; returns how many."""
    return rebuild(store)
