"""The archive's tables in PostgreSQL, created and migrated by newsdesk.

Everything lives in the schema ``newsdesk`` of the database the URL names, so the
archive can share a database with other data. ``newsdesk.schema_version`` holds one
row: the layout's version. :data:`MIGRATIONS` ``[n]`` brings version ``n`` to
``n + 1``; each runs in the transaction that stamps the new version, under an
advisory lock, so two processes opening a new archive at once create it once.

* ``articles``: one row an article — id, file, sha256, lang, date, its translation
  partner (``pair``) and the rest of its stored record (``record``, jsonb, without
  the paragraphs);
* ``paragraphs``: ``(article_id, n, kind, text)``, the article's paragraphs in order;
* ``meta``: key → jsonb (the generation counter, …);
* ``pairs``, ``alignments``: derived rows as jsonb documents (store.align.storage);
* ``facts``, ``pairing_features``, ``pairing_anchors``: each article's facts and
  pairing features, and each anchor's article count (store.pg.rows; ``file_heads``
  and ``files`` held the facts and features as whole files up to version 4);
* ``pair_bounds``: per saturated pair, what keeps its score (store.align.bounds);
* ``search_passages``, ``search_words``: the search passages with their folded words
  (as one text; up to version 6 also as ``terms``, a ``text[]`` under a GIN index)
  and each word's passage count (store.pg.passages);
* ``search_postings``, ``search_ranges``: per word, the passages holding it, packed;
  per article, its passages' ids (store.pg.search).
"""

from __future__ import annotations

import psycopg

from newsdesk.store.errors import DatabaseError

__all__ = [
    "ADVISORY_LOCK",
    "MIGRATIONS",
    "ROWS_FROM_FILES",
    "SCHEMA",
    "SCHEMA_VERSION",
    "ensure_schema",
    "stored_version",
]

SCHEMA = "newsdesk"
#: Per word and write, the passages holding the word (packed as store.pg.passages.MEMBER).
POSTINGS = f"{SCHEMA}.search_postings"
#: Key of the advisory lock that makes schema changes and writes take turns.
ADVISORY_LOCK = 0x6E657773  # "news"

_V1 = [
    f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}",
    f"""CREATE TABLE {SCHEMA}.meta (
        key text PRIMARY KEY,
        value jsonb NOT NULL)""",
    f"""CREATE TABLE {SCHEMA}.articles (
        id text PRIMARY KEY,
        file text NOT NULL,
        sha256 text NOT NULL,
        lang text NOT NULL,
        date text,
        pair text,
        record jsonb NOT NULL)""",
    f"CREATE INDEX articles_listing ON {SCHEMA}.articles (date DESC NULLS LAST, id)",
    f"CREATE INDEX articles_file ON {SCHEMA}.articles (file)",
    f"""CREATE TABLE {SCHEMA}.paragraphs (
        article_id text NOT NULL REFERENCES {SCHEMA}.articles (id) ON DELETE CASCADE,
        n integer NOT NULL,
        kind text NOT NULL,
        text text NOT NULL,
        PRIMARY KEY (article_id, n))""",
    f"""CREATE TABLE {SCHEMA}.pairs (
        doc_id bigserial PRIMARY KEY,
        doc jsonb NOT NULL)""",
    f"""CREATE TABLE {SCHEMA}.alignments (
        doc_id bigserial PRIMARY KEY,
        doc jsonb NOT NULL)""",
]

# 2: derived files shared through the server (whole files: the facts and pairing features
# until version 5).
_V2 = [
    f"CREATE SEQUENCE {SCHEMA}.file_serial",
    f"""CREATE TABLE {SCHEMA}.file_heads (
        name text PRIMARY KEY,
        serial bigint NOT NULL,
        chunks integer NOT NULL)""",
    f"""CREATE TABLE {SCHEMA}.files (
        name text NOT NULL,
        serial bigint NOT NULL,
        n integer NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (name, n))""",
    # Stored as they come: compressing megabytes of index on every ingest costs the
    # server seconds and saves little.
    f"ALTER TABLE {SCHEMA}.files ALTER COLUMN data SET STORAGE EXTERNAL",
]

# 3: search candidates from the server (store.pg.search). A passage's folded words are
# one space-separated text; the GIN index over them as an array is the inverted index.
# Words sort by code point (COLLATE "C", as Python sorts them), so a prefix is one range
# of the primary key; the two expression indexes are the typo buckets (first or second
# letter, length); the trigram index answers look-ups by infix or suffix ('part, part$).
_V3 = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"""CREATE TABLE {SCHEMA}.search_passages (
        id bigserial PRIMARY KEY,
        article_id text NOT NULL,
        seq integer NOT NULL,
        para integer NOT NULL,
        start integer NOT NULL,
        stop integer NOT NULL,
        kind smallint NOT NULL,
        words text NOT NULL,
        UNIQUE (article_id, seq))""",
    f"""CREATE INDEX search_passages_words ON {SCHEMA}.search_passages
        USING gin ((string_to_array(words, ' ')))""",
    f"""CREATE TABLE {SCHEMA}.search_words (
        word text COLLATE "C" PRIMARY KEY,
        df integer NOT NULL)""",
    f"CREATE INDEX search_words_first ON {SCHEMA}.search_words (substr(word, 1, 1), length(word))",
    f"CREATE INDEX search_words_second ON {SCHEMA}.search_words (substr(word, 2, 1), length(word))",
    f"CREATE INDEX search_words_trgm ON {SCHEMA}.search_words USING gin (word gin_trgm_ops)",
    # Articles stored before version 3 have no passages yet: the next write indexes them.
    f"INSERT INTO {SCHEMA}.meta VALUES ('search_stale', 'true') "
    "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
]

# 4: a passage's words also as a text[] column (``terms``) with its own GIN index: the
# planner estimates a look-up from the column's statistics, reads the index (a bitmap
# scan) for rare words and, where a scan is cheaper, tests arrays instead of splitting
# every passage's text per query. The text stays: the candidates are read as text,
# which the client splits faster than it parses arrays. Converted in place (the type
# change rewrites the table once, leaving no dead rows).
_V4 = [
    f"DROP INDEX {SCHEMA}.search_passages_words",
    f"ALTER TABLE {SCHEMA}.search_passages ADD COLUMN terms text",
    f"""ALTER TABLE {SCHEMA}.search_passages
        ALTER COLUMN terms TYPE text[] USING string_to_array(words, ' '),
        ALTER COLUMN terms SET NOT NULL""",
    f"CREATE INDEX search_passages_terms ON {SCHEMA}.search_passages USING gin (terms)",
    f"ANALYZE {SCHEMA}.search_passages",
]

#: Meta key set while the facts and features of the shared files still have to become rows.
ROWS_FROM_FILES = "rows_from_files"

# 5: facts and pairing features as rows (store.pg.rows): an ingest writes those of the
# articles it adds, changes or removes, not whole files; each anchor's article count
# (``pairing_anchors``) and the features' day and anchors columns let pairing read only
# the articles it scores and their date windows. ``serial`` (drawn at each write
# of a fact row) tells a client which rows passed its copy; a removed article's row
# stays, its line NULL, so the copies learn of it. The facts file's text is moved into
# the rows by the first client that opens the archive for writing (``ROWS_FROM_FILES``).
# ``IF NOT EXISTS``: an archive set back to an earlier version keeps these tables.
_V5 = [
    f"CREATE SEQUENCE IF NOT EXISTS {SCHEMA}.row_serial",
    f"""CREATE TABLE IF NOT EXISTS {SCHEMA}.facts (
        doc text PRIMARY KEY,
        serial bigint NOT NULL,
        line text)""",
    f"CREATE INDEX IF NOT EXISTS facts_serial ON {SCHEMA}.facts (serial)",
    f"""CREATE TABLE IF NOT EXISTS {SCHEMA}.pairing_features (
        doc text PRIMARY KEY,
        sha text NOT NULL,
        day integer,
        anchors text[] NOT NULL,
        line text NOT NULL)""",
    f"CREATE INDEX IF NOT EXISTS pairing_features_day ON {SCHEMA}.pairing_features (day)",
    f"CREATE INDEX IF NOT EXISTS pairing_features_anchors ON {SCHEMA}.pairing_features "
    "USING gin (anchors)",
    f"""CREATE TABLE IF NOT EXISTS {SCHEMA}.pairing_anchors (
        anchor text PRIMARY KEY,
        df integer NOT NULL)""",
    f"INSERT INTO {SCHEMA}.meta SELECT '{ROWS_FROM_FILES}', 'true' "
    f"WHERE EXISTS (SELECT 1 FROM {SCHEMA}.file_heads) "
    "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
]

# 6: the inverted index as rows (``search_postings``): per word, the passages holding
# it packed as bytes (store.pg.search.MEMBER: the passage's id, length and kind, and
# whether the word is its first or last), one row per word and write (``part``), so
# a query reads its words' passages without visiting the passages' table
# (store.pg.ranked); ``search_ranges``: each article's passage ids (consecutive runs),
# for the filters on articles. Stored as they come (not compressed).
_POSTINGS_OF = f"""SELECT d.word, {{part}}, string_agg(int8send(d.id) || int4send(d.length)
    || int2send(d.kind) || int2send(d.edge), ''::bytea ORDER BY d.id) FROM (SELECT DISTINCT
    u.word, p.id, p.stop - p.start AS length, p.kind, ((u.word = p.terms[1])::int
    | ((u.word = p.terms[cardinality(p.terms)])::int << 1))::smallint AS edge
    FROM {SCHEMA}.search_passages p, unnest(p.terms) AS u(word){{where}}) d GROUP BY d.word"""
_RANGES_OF = f"""SELECT article_id, min(id), max(id) FROM (SELECT article_id, id,
    id - row_number() OVER (PARTITION BY article_id ORDER BY id) AS run
    FROM {SCHEMA}.search_passages{{where}}) r GROUP BY article_id, run"""
_V6 = [
    f"CREATE SEQUENCE {SCHEMA}.search_parts",
    f"""CREATE TABLE {SCHEMA}.search_postings (
        word text COLLATE "C" NOT NULL,
        part bigint NOT NULL,
        ids bytea NOT NULL,
        PRIMARY KEY (word, part))""",
    f"ALTER TABLE {SCHEMA}.search_postings ALTER COLUMN ids SET STORAGE EXTERNAL",
    f"""CREATE TABLE {SCHEMA}.search_ranges (
        article_id text NOT NULL,
        first bigint NOT NULL,
        last bigint NOT NULL,
        PRIMARY KEY (article_id, first))""",
    f"INSERT INTO {SCHEMA}.search_postings (word, part, ids) "
    + _POSTINGS_OF.format(part=0, where=""),
    f"INSERT INTO {SCHEMA}.search_ranges (article_id, first, last) " + _RANGES_OF.format(where=""),
]

# 7: the postings answer every look-up of passages by word (store.pg.search), so the
# words as a ``text[]`` and their GIN index go: an ingest no longer sends each passage's
# words twice nor updates that index entry by entry (most of the server's share of an
# ingest). Both statements only change the catalog (the column's space is reused as
# rows are written again).
_V7 = [
    f"DROP INDEX IF EXISTS {SCHEMA}.search_passages_terms",
    f"ALTER TABLE {SCHEMA}.search_passages DROP COLUMN IF EXISTS terms",
]

# 8: each saturated pair's bound (store.align.bounds: the score it keeps while the
# anchors' weights move less than its margin allows), so that adding one article scores
# again only the pairs it can move; an archive without them scores every pair at its
# next write and keeps the bounds from then on.
_V8 = [
    f"""CREATE TABLE IF NOT EXISTS {SCHEMA}.pair_bounds (
        left_id text NOT NULL,
        right_id text NOT NULL,
        score float8 NOT NULL,
        margin float8 NOT NULL,
        total float8 NOT NULL,
        k integer NOT NULL,
        count integer NOT NULL,
        drift float8 NOT NULL,
        PRIMARY KEY (left_id, right_id))""",
]

# 9: what a write reads whole, every article's file and sha256 (which files are new)
# and every pairing-features row's sha256 (which are out of date), from narrow covering
# indexes: an index-only scan of a few MB instead of the articles' and the features'
# wide rows (at 100k 92 and 161 MB; 105 -> 80 and 85 -> 51 ms a write).
_V9 = [
    f"DROP INDEX IF EXISTS {SCHEMA}.articles_file",
    f"CREATE INDEX IF NOT EXISTS articles_files ON {SCHEMA}.articles (file) INCLUDE (id, sha256)",
    f"CREATE INDEX IF NOT EXISTS pairing_features_shas ON {SCHEMA}.pairing_features (doc) "
    "INCLUDE (sha)",
]

#: version n → the statements that bring a version-n archive to n + 1 (0: none yet).
MIGRATIONS: dict[int, list[str]] = {
    0: _V1,
    1: _V2,
    2: _V3,
    3: _V4,
    4: _V5,
    5: _V6,
    6: _V7,
    7: _V8,
    8: _V9,
}
#: The layout this newsdesk writes.
SCHEMA_VERSION = max(MIGRATIONS) + 1


def stored_version(conn: psycopg.Connection[tuple[object, ...]]) -> int:
    """The archive's schema version (0: no archive in this database yet)."""
    row = conn.execute(
        "SELECT to_regclass(%s) IS NOT NULL", (f"{SCHEMA}.schema_version",)
    ).fetchone()
    if not row or not row[0]:
        return 0
    found = conn.execute(f"SELECT max(version) FROM {SCHEMA}.schema_version").fetchone()
    return int(str(found[0])) if found and found[0] is not None else 0


def ensure_schema(conn: psycopg.Connection[tuple[object, ...]], where: str) -> int:
    """Create or migrate the archive's tables; the version found before (0: new)."""
    found = stored_version(conn)
    if found > SCHEMA_VERSION:
        raise DatabaseError(
            f"the archive on {where} has schema version {found}, newer than this newsdesk "
            f"understands ({SCHEMA_VERSION}); upgrade newsdesk"
        )
    if found == SCHEMA_VERSION:
        return found
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (ADVISORY_LOCK,))
        version = stored_version(conn)  # another process may have done it meanwhile
        while version < SCHEMA_VERSION:
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            version += 1
        conn.execute(f"CREATE TABLE IF NOT EXISTS {SCHEMA}.schema_version (version integer)")
        conn.execute(f"DELETE FROM {SCHEMA}.schema_version")
        conn.execute(f"INSERT INTO {SCHEMA}.schema_version VALUES (%s)", (version,))
    return found
