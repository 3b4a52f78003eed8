"""Score extracted facts against a hand-written gold file: precision and recall per kind.

Run ``python -m newsdesk.store.facts.score`` (the seeds), ``--heldout`` (the held-out
articles) or ``--all``; ``-v`` lists every miss and every extra.

A predicted fact matches a gold fact of the same article, paragraph and kind
when their key fields agree (see :func:`fact_key`); matching is one-to-one.
Field agreement on matched facts (measure, event, unit, qualifier) is
reported apart: those fields are descriptive, not part of the match.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsdesk.store.facts.count import head_word
from newsdesk.store.facts.ledger import subject_key
from newsdesk.store.facts.model import KINDS, Fact
from newsdesk.store.facts.names import name_key
from newsdesk.store.facts.organization import org_key
from newsdesk.store.text import fold

__all__ = ["KindScore", "fact_key", "load_gold", "main", "score"]

# The gold files are in the source checkout: the current folder when it has them
# (an installed package has no tests folder), else the tree this module sits in.
ROOT = (
    Path.cwd()
    if (Path.cwd() / "tests" / "data" / "facts").is_dir()
    else Path(__file__).resolve().parents[2]
)
SEEDS_GOLD = ROOT / "tests" / "data" / "facts" / "gold_seeds.json"
HELDOUT_DIR = ROOT / "tests" / "data" / "facts" / "heldout"
SEEDS_DIR = ROOT / "seeds"

_SIDE_FIELDS = {
    "money": ("measure", "year"),
    "percent": ("measure",),
    "date": ("event",),
    "count": ("unit", "qualifier"),
}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return " ".join(fold(str(value)).replace("’", "'").split()).strip(" .,")


def _num(value: Any) -> float | None:
    return None if value is None else round(float(value), 4)


def _count_head(unit: str, lang: str) -> str:
    words = unit.split()
    return head_word(words[0] if lang == "fr" else words[-1], lang) if words else ""


def fact_key(kind: str, fields: dict[str, Any], lang: str = "en") -> tuple[Any, ...]:
    """The fields that must agree for two facts of ``kind`` to be the same fact."""
    if kind == "ranking":
        return (
            fields.get("indicator"),
            subject_key(fields.get("subject")) or None,
            fields.get("rank"),
            fields.get("out_of"),
            fields.get("year"),
            fields.get("change"),
        )
    if kind == "money":
        return (_num(fields.get("amount")), fields.get("currency"))
    if kind == "percent":
        return (_num(fields.get("value")), _num(fields.get("change")))
    if kind == "count":
        head = fields.get("head") or _count_head(str(fields.get("unit") or ""), lang)
        return (_num(fields.get("value")), head)
    if kind == "date":
        return (fields.get("date"), fields.get("end"))
    if kind == "person":
        return (name_key(str(fields.get("name"))), _text(fields.get("role")))
    if kind == "organization":
        return (org_key(str(fields.get("name"))),)
    if kind == "quote":
        words = _text(fields.get("quote") or fields.get("text")) or ""
        speaker = fields.get("speaker")
        return (words[:40], name_key(speaker) if speaker else None)
    raise ValueError(f"unknown kind {kind!r}")


@dataclass
class KindScore:
    """Matches, misses and extras of one kind."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    side: Counter[str] = field(default_factory=Counter)
    side_total: Counter[str] = field(default_factory=Counter)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class GoldArticle:
    doc: str
    lang: str
    facts: list[dict[str, Any]]


def load_gold(path: Path) -> dict[str, list[dict[str, Any]]]:
    """doc id → gold facts, from a gold JSON file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {doc: list(a["facts"]) for doc, a in data["articles"].items()}


def score(
    gold: dict[str, list[dict[str, Any]]], predicted: Iterable[Fact], langs: dict[str, str]
) -> dict[str, KindScore]:
    """Per-kind scores of ``predicted`` facts against ``gold`` (articles in ``gold`` only)."""
    scores: dict[str, KindScore] = {kind: KindScore() for kind in KINDS}
    pred_by: dict[tuple[str, int, str], list[Fact]] = defaultdict(list)
    for f in predicted:
        if f.doc in gold:
            pred_by[(f.doc, f.para, f.kind)].append(f)
    gold_by: dict[tuple[str, int, str], list[dict[str, Any]]] = defaultdict(list)
    for doc, facts in gold.items():
        for g in facts:
            gold_by[(doc, int(g["para"]), g["kind"])].append(g)
    for slot in sorted(set(pred_by) | set(gold_by)):
        doc, para, kind = slot
        lang = langs.get(doc, "en")
        s = scores[kind]
        left = list(pred_by.get(slot, []))
        for g in gold_by.get(slot, []):
            key = fact_key(kind, g, lang)
            hit = next((p for p in left if fact_key(kind, p.fields, lang) == key), None)
            if hit is None:
                s.fn += 1
                s.misses.append(f"{doc[:3]} p{para} {kind} {key} «{g.get('text')}»")
                continue
            left.remove(hit)
            s.tp += 1
            for name in _SIDE_FIELDS.get(kind, ()):
                s.side_total[name] += 1
                got, want = hit.get(name), g.get(name)
                if name == "year" or name == "qualifier":
                    same = (got or None) == (want or None) or _text(got) == _text(want)
                else:
                    same = _text(got) == _text(want) or (
                        got is not None and want is not None and _text(got) == _text(want)
                    )
                    if name == "measure" and got and want:
                        same = _strip_article(_text(got)) == _strip_article(_text(want))
                if same:
                    s.side[name] += 1
        for p in left:
            s.fp += 1
            s.extras.append(f"{doc[:3]} p{para} {kind} {fact_key(kind, p.fields, lang)} «{p.text}»")
    return scores


def _strip_article(text: str | None) -> str | None:
    if text is None:
        return None
    for art in ("the ", "its ", "la ", "le ", "les "):
        if text.startswith(art):
            return text[len(art) :]
    return text


def _predict(paths: list[Path]) -> tuple[list[Fact], dict[str, str]]:
    from newsdesk.store.facts.extract import extract_article
    from newsdesk.store.facts.people import canonicalise
    from newsdesk.store.parse import parse_file

    facts: list[Fact] = []
    langs: dict[str, str] = {}
    for path in paths:
        article = parse_file(path)
        langs[article.id] = article.lang
        facts.extend(extract_article(article))
    return canonicalise(facts), langs


def run_set(name: str, gold_path: Path, folder: Path) -> dict[str, KindScore]:
    """Score one gold set: extract from the articles in ``folder`` named by the gold file."""
    gold = load_gold(gold_path)
    paths = [p for p in sorted(folder.glob("*.txt")) if p.stem in gold]
    missing = set(gold) - {p.stem for p in paths}
    if missing:
        raise SystemExit(f"{name}: no article file for {sorted(missing)}")
    facts, langs = _predict(paths)
    return score(gold, facts, langs)


def report(name: str, scores: dict[str, KindScore], verbose: bool = False) -> str:
    """A printable table of one set's scores."""
    lines = [f"{name}", f"  {'kind':<13} {'gold':>5} {'found':>6} {'P':>6} {'R':>6}"]
    total = KindScore()
    for kind in KINDS:
        s = scores[kind]
        total.tp += s.tp
        total.fp += s.fp
        total.fn += s.fn
        lines.append(
            f"  {kind:<13} {s.tp + s.fn:>5} {s.tp + s.fp:>6} {s.precision:>6.3f} {s.recall:>6.3f}"
        )
    lines.append(
        f"  {'all':<13} {total.tp + total.fn:>5} {total.tp + total.fp:>6} "
        f"{total.precision:>6.3f} {total.recall:>6.3f}"
    )
    side = [
        f"{kind}.{f} {s.side[f]}/{s.side_total[f]}"
        for kind, s in scores.items()
        for f in _SIDE_FIELDS.get(kind, ())
        if s.side_total[f]
    ]
    if side:
        lines.append("  fields on matches: " + ", ".join(side))
    if verbose:
        for kind in KINDS:
            for m in scores[kind].misses:
                lines.append(f"  MISS  {m}")
            for e in scores[kind].extras:
                lines.append(f"  EXTRA {e}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newsdesk.store.facts.score", description=__doc__
    )
    parser.add_argument("--heldout", action="store_true", help="score the held-out articles")
    parser.add_argument("--all", action="store_true", help="score the seeds and held-out set")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and extras")
    args = parser.parse_args(argv)
    sets = []
    if args.all or not args.heldout:
        sets.append(("seeds", SEEDS_GOLD, SEEDS_DIR))
    if args.all or args.heldout:
        sets.append(("held-out", HELDOUT_DIR / "gold.json", HELDOUT_DIR))
    for name, gold_path, folder in sets:
        print(report(name, run_set(name, gold_path, folder), args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
