"""Keeping a word's postings in few parts while articles are added one at a time.

Each write adds one ``search_postings`` row (a *part*) for every word it holds
(store.pg.passages), so a newsroom adding articles one by one would leave its common
words in thousands of small rows, and every query reading them pays for each row (at
10k articles, a thousand parts a word made queries 1.5–2.4 times slower). After a
write, the parts of the words it touched are merged the way a counter carries: parts
are sized in tiers (up to :data:`TIER_BASE` bytes, then each tier :data:`FACTOR` times
the one below), and a word's newest part takes in the part before it while that one
is of its tier or lower. A word's parts, oldest first, then go down in tier, about one
a tier; a posting is rewritten a few times a tier (the log of the archive's size); a
large part (a bulk ingest's) is rewritten only once the parts after it add up to its
tier. The parts merged are always the newest ones, in order, and the merged row keeps
the first one's number, so a word's parts read in order still list its passages in
id order (the fast path of store.pg.held).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import orjson

from newsdesk.store.pg.schema import POSTINGS

if TYPE_CHECKING:
    from newsdesk.store.pg.store import PgStore

__all__ = ["FACTOR", "TIER_BASE", "compact_postings", "merged_from", "tier"]

#: How much larger each tier is than the one below.
FACTOR = 4
#: The largest part of the lowest tier, in bytes (16 postings).
TIER_BASE = 256


def tier(size: int) -> int:
    """The tier of a part of ``size`` bytes."""
    level = 0
    bound = TIER_BASE
    while size > bound:
        level += 1
        bound *= FACTOR
    return level


def merged_from(sizes: Sequence[int]) -> int:
    """Where the parts to merge begin among a word's parts (``sizes``, oldest first);
    ``len(sizes)`` when none are. The newest part takes in the one before it while
    that one is of its tier or a lower one (left behind by a larger write), so a
    word's parts, oldest first, go down in tier, one a tier."""
    start = len(sizes) - 1
    if start < 1:
        return len(sizes)
    total = sizes[start]
    while start and tier(sizes[start - 1]) <= tier(total):
        start -= 1
        total += sizes[start]
    return start if start < len(sizes) - 1 else len(sizes)


def compact_postings(store: PgStore, words: Sequence[str]) -> int:
    """Merge the newest parts of ``words`` where they carry (in the caller's write);
    how many words were merged."""
    if not words:
        return 0
    rows = store.query(
        f"SELECT word, array_agg(part ORDER BY part), array_agg(octet_length(ids) ORDER BY part) "
        f"FROM {POSTINGS} WHERE word = ANY(%s) GROUP BY word HAVING count(*) > 1",
        (sorted(set(words)),),
    )
    merges: list[dict[str, object]] = []
    for word, parts, sizes in rows:
        start = merged_from([int(s) for s in sizes])
        if start < len(sizes):
            chosen = [int(p) for p in parts[start:]]
            merges.append({"word": str(word), "keep": chosen[0], "parts": chosen})
    if not merges:
        return 0
    plan = orjson.dumps(merges).decode()
    store.execute(
        f"WITH m AS (SELECT * FROM json_to_recordset(%s::json) AS m(word text, keep bigint, "
        "parts bigint[])), joined AS (SELECT p.word, string_agg(p.ids, ''::bytea ORDER BY "
        f"p.part) AS ids FROM {POSTINGS} p JOIN m ON p.word = m.word AND p.part = ANY(m.parts) "
        f"GROUP BY p.word) UPDATE {POSTINGS} p SET ids = joined.ids FROM joined, m "
        "WHERE p.word = joined.word AND m.word = joined.word AND p.part = m.keep",
        (plan,),
    )
    store.execute(
        f"DELETE FROM {POSTINGS} p USING json_to_recordset(%s::json) AS m(word text, keep "
        "bigint, parts bigint[]) WHERE p.word = m.word AND p.part = ANY(m.parts) "
        "AND p.part <> m.keep",
        (plan,),
    )
    return len(merges)
