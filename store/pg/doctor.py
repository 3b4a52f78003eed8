"""``newsdesk doctor`` for an archive in PostgreSQL: what can be checked from a client."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from newsdesk.store.derived import CHECKS
from newsdesk.store.errors import DatabaseError
from newsdesk.store.findings import Finding
from newsdesk.store.pg.schema import SCHEMA, SCHEMA_VERSION
from newsdesk.store.pg.url import describe

if TYPE_CHECKING:
    from newsdesk.store.db import Store

__all__ = ["check_server"]


def check_server(url: str) -> tuple[list[Finding], int]:
    """Check the archive at ``url`` without changing anything: findings, articles."""
    from newsdesk.store.pg.store import PgStore

    findings: list[Finding] = []
    try:
        store = PgStore.open(url, read_only=True)
    except DatabaseError as exc:
        return [Finding("fail", str(exc))], 0
    try:
        findings.append(Finding("ok", f"{describe(url)} answers; schema version {SCHEMA_VERSION}"))
        count = len(store)
        orphans = store.query(
            f"SELECT count(*) FROM {SCHEMA}.articles a WHERE NOT EXISTS "
            f"(SELECT 1 FROM {SCHEMA}.paragraphs p WHERE p.article_id = a.id)"
        )[0][0]
        if orphans:
            findings.append(Finding("fail", f"{orphans} article(s) have no paragraphs"))
        else:
            findings.append(Finding("ok", f"all {count} articles have their paragraphs"))
        findings.append(Finding("ok", f"generation {store.generation()}"))
        from newsdesk.store.pg.search import check_passages

        findings.extend(check_passages(store))
        derived: list[Finding] = []
        for check in CHECKS:
            try:
                derived.extend(check(cast("Store", store)))
            except Exception as exc:
                name = getattr(check, "__name__", "check")
                derived.append(Finding("fail", f"derived-data check {name} failed: {exc}"))
        findings.extend(derived)
        if not derived:
            findings.append(Finding("ok", f"derived data in step ({len(CHECKS)} checks)"))
    finally:
        store.close()
    return findings, count
