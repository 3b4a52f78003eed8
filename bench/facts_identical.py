"""Fact extraction before and after a speed change: every fact of three corpora, compared.

    python -m bench.facts_identical --save bench/out/facts-before.jsonl   # on the reference
    python -m bench.facts_identical --check bench/out/facts-before.jsonl  # after the change
    python -m bench.facts_identical --kinds                               # where the time goes

The corpora: the seeds with the held-out articles of ``tests/data/facts``, the real
wire articles (``../shared/corpus/wire/articles``, read where they lie, or ``--wire``)
and a generated corpus of 1,000 articles (:mod:`bench.corpus`, seed 0, kept in
``bench/out/corpus-1k`` as ``bench.run`` keeps it).

Each article's facts are written as one line of JSON (keys in the order the rules
give them, facts in the order extraction returns them), so a
change that keeps the output must leave the file byte-identical; ``--check`` names
the first articles that differ and exits 1 when any does. It also prints the CPU
milliseconds an article of extraction on each corpus (parse excluded), and with
``--kinds`` the share of each step: building the article's view (tokens come later,
on first use), then each kind's rules in the order they run.

It runs the newsdesk of the environment: after ``pip install .`` the installed build,
whose extraction is compiled (:mod:`bench` puts the checkout after it on ``sys.path``);
after ``pip install -e .`` the checkout's sources.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from newsdesk.store.facts import extract_article
from newsdesk.store.facts.common import doc_context
from newsdesk.store.facts.extract import _ORDER
from newsdesk.store.parse import parse_file
from newsdesk.store.records import Article

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the project (a checkout of the main branch) or beside its worktrees.
WIRE = (
    next(
        (p for p in (ROOT / ".." / "shared", ROOT / ".." / ".." / "shared") if p.is_dir()),
        ROOT / ".." / "shared",
    )
    / "corpus"
    / "wire"
)
GENERATED = ROOT / "bench" / "out" / "corpus-1k"


def _articles(paths: list[Path]) -> list[Article]:
    return [parse_file(p) for p in paths]


def corpora(wire: Path) -> Iterator[tuple[str, list[Article]]]:
    """(name, articles) of each corpus, articles in file-name order."""
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    heldout = sorted((ROOT / "tests" / "data" / "facts" / "heldout").glob("*.txt"))
    yield "seeds", _articles(seeds + heldout)
    wire_files = sorted((wire / "articles").glob("*.txt"))
    if wire_files:
        yield "wire", _articles(wire_files)
    else:
        print(f"(no wire articles in {wire}: left out)", file=sys.stderr)
    if not (GENERATED / "corpus.json").exists():
        from bench.corpus import generate_corpus

        generate_corpus(1_000, GENERATED, seed=0)
    yield "1k", _articles(sorted(GENERATED.glob("*.txt")))


def _line(corpus: str, article: Article) -> str:
    try:
        facts = [f.to_dict() for f in extract_article(article)]
        error = None
    except Exception as exc:  # the output of a failing rule is an output too
        facts, error = [], f"{type(exc).__name__}: {exc}"
    row = {"corpus": corpus, "doc": article.id, "error": error, "facts": facts}
    # Keys in the order the code gives them (stricter than sorted: a field's place counts).
    return json.dumps(row, ensure_ascii=False)


def _timed(articles: list[Article]) -> float:
    """CPU milliseconds an article of one extraction pass."""
    start = time.process_time()
    for article in articles:
        extract_article(article)
    return (time.process_time() - start) * 1000 / max(1, len(articles))


def _kinds(articles: list[Article]) -> dict[str, float]:
    """CPU milliseconds an article of each step of the extraction."""
    spent = {"context": 0.0, **{m.__name__.rsplit(".", 1)[-1]: 0.0 for m in _ORDER}}
    for article in articles:
        t = time.process_time()
        ctx = doc_context(article)
        now = time.process_time()
        spent["context"] += now - t
        for module in _ORDER:
            t = now
            ctx.facts.extend(module.extract(ctx))
            now = time.process_time()
            spent[module.__name__.rsplit(".", 1)[-1]] += now - t
    return {k: v * 1000 / max(1, len(articles)) for k, v in spent.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.facts_identical", description=__doc__)
    parser.add_argument("--save", type=Path, help="write every fact to this file")
    parser.add_argument("--check", type=Path, help="compare every fact with this file")
    parser.add_argument("--kinds", action="store_true", help="time each step of extraction")
    parser.add_argument("--wire", type=Path, default=WIRE, help="the wire corpus folder")
    args = parser.parse_args(argv)
    lines: list[str] = []
    for name, articles in corpora(args.wire):
        ms = _timed(articles)  # the first pass: caches as cold as an ingest's
        rows = [_line(name, a) for a in articles]
        lines.extend(rows)
        n_facts = sum(len(json.loads(row)["facts"]) for row in rows)
        print(f"{name}: {len(articles)} articles, {n_facts} facts, {ms:.2f} ms CPU an article")
        if args.kinds:
            parts = _kinds(articles)
            print("  " + ", ".join(f"{k} {v:.2f}" for k, v in parts.items()))
    text = "\n".join(lines) + "\n"
    print(f"sha256 {hashlib.sha256(text.encode()).hexdigest()}")
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_text(text, encoding="utf-8")
        print(f"saved {len(lines)} articles' facts to {args.save}")
    if args.check:
        before = args.check.read_text(encoding="utf-8").splitlines()
        differ = [(i, a, b) for i, (a, b) in enumerate(zip(before, lines, strict=False)) if a != b]
        if len(before) != len(lines):
            print(f"DIFFERENT: {len(before)} articles before, {len(lines)} now")
            return 1
        if differ:
            for _, a, b in differ[:5]:
                row = json.loads(b)
                print(f"DIFFERENT: {row['corpus']} {row['doc']}")
                old = {json.dumps(f, sort_keys=True) for f in json.loads(a)["facts"]}
                new = {json.dumps(f, sort_keys=True) for f in row["facts"]}
                for f in sorted(old - new)[:3]:
                    print(f"  - {f[:300]}")
                for f in sorted(new - old)[:3]:
                    print(f"  + {f[:300]}")
            print(f"{len(differ)} of {len(lines)} articles differ")
            return 1
        print(f"identical: {len(lines)} articles' facts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
