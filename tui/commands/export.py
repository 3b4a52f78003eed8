"""``newsdesk export``: articles, paragraphs, facts or translation pairs as JSONL, CSV or Markdown.

The formatting functions (``export_text``, ``article_markdown``) are also what
the app's palette uses to export the current view.
"""

from __future__ import annotations

import argparse
import csv
import errno
import io
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from newsdesk.store import NewsdeskError, visible_controls
from newsdesk.tui.commands.common import add_command, open_store

if TYPE_CHECKING:
    from newsdesk.store import Article, Fact, Store
    from newsdesk.tui.commands.common import SubParsers

__all__ = [
    "FORMATS",
    "KINDS",
    "article_markdown",
    "export_text",
    "register",
    "rows_for",
    "run",
]

HELP = "export articles, paragraphs, facts or translation pairs (JSONL, CSV, Markdown, TMX)"
DESCRIPTION = """\
Write the database, or some articles of it, in a format other tools read:
JSONL (one JSON object a line, for jq and scripts), CSV (spreadsheets) or
Markdown (reading, pasting into notes); translation pairs also as TMX, the
translation memory CAT tools (OmegaT, Trados, memoQ) import. Output goes to
standard output, or to FILE with -o. The README's "Export formats" section lists
every column.
"""
EPILOG = """\
examples:
  newsdesk export                                  every article, JSONL, to stdout
  newsdesk export --format csv -o articles.csv     a spreadsheet of articles
  newsdesk export --kind paragraphs --format csv   one row per paragraph (for citing ¶)
  newsdesk export --format markdown 003 004        two articles, readable
  newsdesk export --kind facts --format csv        every fact
  newsdesk export --kind pairs --format markdown   translations side by side
  newsdesk export | jq -r 'select(.lang == "fr") | .title'
{tmx}
CSV cells that begin with = + - @ are written with a leading ' so that a
spreadsheet shows them as text instead of running them as formulas.
-o never replaces an existing file or writes through a symbolic link unless
--force is given.
exit status: 0 written, 1 FILE exists (see --force), 2 unknown id, 3 FILE cannot be
written (a full disk: nothing is left half-written).
"""

FORMATS = ("jsonl", "csv", "markdown", "tmx")
KINDS = ("articles", "paragraphs", "facts", "pairs")


def register(sub: SubParsers, db_parent: argparse.ArgumentParser) -> None:
    from newsdesk.tui.commands.export_tmx import EXAMPLES, add_tmx_arguments

    epilog = EPILOG.replace("{tmx}", EXAMPLES)
    p = add_command(sub, db_parent, "export", help=HELP, epilog=epilog, description=DESCRIPTION)
    p.add_argument("ids", nargs="*", metavar="ID", help="only these articles (unique id prefixes)")
    p.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (jsonl)")
    p.add_argument("--kind", choices=KINDS, help="what to export (articles)")
    p.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout"
    )
    add_tmx_arguments(p)
    p.add_argument(
        "--force",
        action="store_true",
        help="replace FILE if it exists (a symbolic link is replaced, not written through)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from newsdesk.tui.commands.export_tmx import run_tmx, tmx_options_used

    if args.format == "tmx":
        return run_tmx(args)
    if tmx_options_used(args):
        raise NewsdeskError(f"{', '.join(tmx_options_used(args))}: only with --format tmx", 2)
    args.kind = args.kind or "articles"
    store = open_store(args)
    try:
        ids = [store.resolve(ref) for ref in args.ids] if args.ids else None
        text = export_text(store, args.kind, args.format, ids)
    finally:
        store.close()
    if args.output is None or str(args.output) == "-":
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
        return 0
    write_output(args.output, text.encode("utf-8"), force=args.force)
    count = len(text.splitlines())
    print(f"wrote {args.output} ({count} lines)", file=sys.stderr)
    return 0


def write_output(path: Path, data: bytes, *, force: bool) -> None:
    """Write ``data`` to the new file ``path``; an existing file or link only with ``force``.

    Without ``force`` nothing at ``path`` is touched, a link is never followed;
    with it the file (or the link itself) is replaced atomically. A full disk
    leaves no partial file.
    """
    from newsdesk.store import write_atomic, write_new

    try:
        if force:
            write_atomic(path, data, keep_backup=False)
        else:
            write_new(path, data)
    except FileExistsError:
        what = "a symbolic link" if path.is_symlink() else "it exists"
        raise NewsdeskError(f"{path} not written: {what} (add --force to replace it)", 1) from None
    except OSError as exc:
        # A full disk is a storage error (3); a path that cannot be written
        # (no such folder, no permission) is the user's to correct (2).
        status = 3 if exc.errno in (errno.ENOSPC, errno.EDQUOT) else 2
        raise NewsdeskError(f"cannot write {path}: {exc.strerror or exc}", status) from None


# -- rows ---------------------------------------------------------------------

ARTICLE_COLUMNS = [
    "id",
    "lang",
    "date",
    "date_precision",
    "source",
    "dateline",
    "title",
    "title_derived",
    "credits",
    "pair",
    "words",
    "file",
    "text",
]
PARAGRAPH_COLUMNS = ["id", "lang", "date", "source", "n", "kind", "text"]
FACT_COLUMNS = ["id", "kind", "doc", "para", "start", "end", "text", "lang", "fields"]
PAIR_COLUMNS = [
    "left",
    "right",
    "confidence",
    "link",
    "kind",
    "score",
    "left_paras",
    "right_paras",
    "left_text",
    "right_text",
    "issues",
]


def _articles(store: Store, ids: list[str] | None) -> Iterator[Article]:
    if ids is None:
        yield from store.articles()
    else:
        for doc_id in ids:
            yield store.get(doc_id)


def _article_rows(store: Store, ids: list[str] | None) -> Iterator[dict[str, Any]]:
    for article in _articles(store, ids):
        record = article.to_dict()
        record["text"] = "\n\n".join(p.text for p in article.paragraphs)
        del record["paragraphs"]
        yield record


def _paragraph_rows(store: Store, ids: list[str] | None) -> Iterator[dict[str, Any]]:
    for article in _articles(store, ids):
        for p in article.paragraphs:
            yield {
                "id": article.id,
                "lang": article.lang,
                "date": article.date,
                "source": article.source,
                "n": p.n,
                "kind": p.kind,
                "text": p.text,
            }


def _fact_record(fact: Fact) -> dict[str, Any]:
    """``facts --json``'s shape with the span also as ``start`` and ``end`` (CSV columns)."""
    record = fact.to_dict()
    record["start"], record["end"] = fact.start, fact.end
    return record


def _facts(store: Store, ids: list[str] | None) -> Iterator[Fact]:
    from newsdesk.store import facts_for

    for article in _articles(store, ids):
        yield from facts_for(store, article.id)


def _fact_rows(store: Store, ids: list[str] | None) -> Iterator[dict[str, Any]]:
    for fact in _facts(store, ids):
        yield _fact_record(fact)


def _pairs(
    store: Store, ids: list[str] | None
) -> Iterator[tuple[Article, Article, dict[str, Any]]]:
    """(left article, right article, ``compare --json`` dict) for each detected pair."""
    from newsdesk.store import compare, stored_pairs

    wanted = set(ids) if ids is not None else None
    for pair in stored_pairs(store):
        if wanted is not None and not wanted & {pair.left, pair.right}:
            continue
        data = compare(store, pair.left, pair.right).to_dict()
        yield store.get(data["left"]), store.get(data["right"]), data


def _texts(article: Article, numbers: list[int]) -> str:
    return "\n\n".join(article.paragraph(n).text for n in numbers)


def _issue(finding: dict[str, Any]) -> str:
    """A translation-check finding in a few words: ``number only in fr: 2014``."""
    return " ".join(str(finding.get(k)) for k in ("kind", "side", "text") if finding.get(k))


def _pair_rows(store: Store, ids: list[str] | None) -> Iterator[dict[str, Any]]:
    for left, right, data in _pairs(store, ids):
        for index, link in enumerate(data.get("links", []), start=1):
            lp, rp = list(link.get("left", [])), list(link.get("right", []))
            issues = link.get("issues") or []
            yield {
                "left": left.id,
                "right": right.id,
                "confidence": data.get("confidence"),
                "link": index,
                "kind": f"{len(lp)}-{len(rp)}",
                "score": link.get("score"),
                "left_paras": lp,
                "right_paras": rp,
                "left_text": _texts(left, lp),
                "right_text": _texts(right, rp),
                "issues": "; ".join(_issue(i) for i in issues),
            }


_ROWS: dict[
    str, tuple[Callable[[Store, list[str] | None], Iterator[dict[str, Any]]], list[str]]
] = {
    "articles": (_article_rows, ARTICLE_COLUMNS),
    "paragraphs": (_paragraph_rows, PARAGRAPH_COLUMNS),
    "facts": (_fact_rows, FACT_COLUMNS),
    "pairs": (_pair_rows, PAIR_COLUMNS),
}


def rows_for(store: Store, kind: str, ids: list[str] | None = None) -> list[dict[str, Any]]:
    """The records of ``kind`` (see ``KINDS``) as dicts, in export order."""
    make, _ = _ROWS[kind]
    return list(make(store, ids))


# -- formats ------------------------------------------------------------------


def _jsonl(rows: Iterable[dict[str, Any]]) -> str:
    return "".join(orjson.dumps(row).decode("utf-8") + "\n" for row in rows)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
        text = "; ".join(str(v) for v in value)
    elif isinstance(value, dict | list):
        text = orjson.dumps(value).decode("utf-8")
    else:
        text = str(value)
    text = visible_controls(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(rows: Iterable[dict[str, Any]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return buffer.getvalue()


def _md_inline(text: str) -> str:
    """One line of Markdown-safe text: no raw controls, no line breaks, pipes escaped."""
    return " ".join(visible_controls(text).split()).replace("|", "\\|")


_ORDERED_ITEM = re.compile(r"\d+[.)](\s|$)")


def _md_block(text: str) -> str:
    line = " ".join(visible_controls(text).split())
    # A paragraph that starts like Markdown syntax would turn into a heading or list.
    if line[:1] in "#>-+*=|" or _ORDERED_ITEM.match(line):
        line = "\\" + line
    return line


def article_markdown(article: Article) -> str:
    """One article as Markdown: heading, metadata line, ¶-numbered paragraphs."""
    lines = [f"## {_md_inline(article.title)}", ""]
    meta = [f"`{article.id}`", article.date or "date unknown", article.lang]
    for extra in (article.dateline, article.source):
        if extra:
            meta.append(_md_inline(extra))
    if article.pair:
        meta.append(f"translation: `{article.pair}`")
    lines += [" · ".join(meta), ""]
    for p in article.paragraphs:
        label = f"¶{p.n}" if p.kind == "body" else f"¶{p.n} ({p.kind})"
        lines += [f"**{label}** {_md_block(p.text)}", ""]
    return "\n".join(lines)


def _articles_markdown(store: Store, ids: list[str] | None) -> str:
    return "\n".join(article_markdown(a) for a in _articles(store, ids))


def _paragraphs_markdown(store: Store, ids: list[str] | None) -> str:
    lines = ["| id | ¶ | kind | text |", "| --- | --- | --- | --- |"]
    for row in _paragraph_rows(store, ids):
        lines.append(f"| `{row['id']}` | {row['n']} | {row['kind']} | {_md_inline(row['text'])} |")
    return "\n".join(lines) + "\n"


def _facts_markdown(store: Store, ids: list[str] | None) -> str:
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for row in _fact_rows(store, ids):
        by_kind.setdefault(str(row.get("kind")), []).append(row)
    out: list[str] = []
    for kind, rows in by_kind.items():
        out += [f"## {kind} ({len(rows)})", "", "| doc | ¶ | evidence | fields |"]
        out.append("| --- | --- | --- | --- |")
        for row in rows:
            fields = row.get("fields") or {}
            shown = ", ".join(f"{k}={v}" for k, v in fields.items() if v not in (None, "", []))
            out.append(
                f"| `{row.get('doc')}` | {row.get('para')} | {_md_inline(str(row.get('text')))} "
                f"| {_md_inline(shown)} |"
            )
        out.append("")
    return "\n".join(out) if out else "No facts.\n"


def _pairs_markdown(store: Store, ids: list[str] | None) -> str:
    out: list[str] = []
    for left, right, data in _pairs(store, ids):
        out += [f"## `{left.id}` ({left.lang}) ⇄ `{right.id}` ({right.lang})", ""]
        out += [f"| ¶ {left.lang} | {left.lang} | ¶ {right.lang} | {right.lang} |"]
        out.append("| --- | --- | --- | --- |")
        for link in data.get("links", []):
            lp, rp = list(link.get("left", [])), list(link.get("right", []))
            out.append(
                f"| {','.join(map(str, lp)) or '—'} | {_md_inline(_texts(left, lp)) or '—'} "
                f"| {','.join(map(str, rp)) or '—'} | {_md_inline(_texts(right, rp)) or '—'} |"
            )
        out.append("")
    return "\n".join(out) if out else "No translation pairs.\n"


_MARKDOWN: dict[str, Callable[[Store, list[str] | None], str]] = {
    "articles": _articles_markdown,
    "paragraphs": _paragraphs_markdown,
    "facts": _facts_markdown,
    "pairs": _pairs_markdown,
}


def export_text(store: Store, kind: str, fmt: str, ids: list[str] | None = None) -> str:
    """The export of ``kind`` in format ``fmt`` (see ``KINDS``, ``FORMATS``) as one string."""
    if kind not in _ROWS:
        raise NewsdeskError(f"unknown kind {kind!r} (one of {', '.join(KINDS)})", 2)
    if fmt == "tmx":  # streamed, with options of its own: see tui.commands.export_tmx
        raise NewsdeskError("TMX is written by `newsdesk export --format tmx`", 2)
    if fmt == "markdown":
        return _MARKDOWN[kind](store, ids)
    make, columns = _ROWS[kind]
    if fmt == "jsonl":
        if kind == "articles":  # the public JSON shape of `show --json`, one a line
            return _jsonl(a.to_dict() for a in _articles(store, ids))
        if kind == "facts":  # the shape of `facts --json`, one fact a line
            return _jsonl(f.to_dict() for f in _facts(store, ids))
        if kind == "pairs":  # the shape of `compare --json`, one pair a line
            return _jsonl(data for _, _, data in _pairs(store, ids))
        return _jsonl(make(store, ids))
    if fmt == "csv":
        return _csv(make(store, ids), columns)
    raise NewsdeskError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})", 2)
