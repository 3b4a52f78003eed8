"""Fact extraction against hand-written gold: precision and recall per kind and language.

    python -m bench.eval_facts ../shared/corpus/wire            # gold paragraphs
    python -m bench.eval_facts ../shared/corpus/wire --parsed   # the parser's paragraphs
    python -m bench.eval_facts ../shared/corpus/wire -v         # list misses and extras

The folder holds ``gold/<id>.json`` (and ``articles/<id>.txt`` for ``--parsed``).
By default each article is built from its gold paragraphs (text and kind; gold
``junk`` becomes a ``credit`` paragraph, which the extractor skips) with the
gold date (where gold has none, as for month-only archive stamps, the date the
parser reads from the text), so that the figures measure the extractor, not
the parser.

Matching rule (one gold fact to at most one predicted fact, per article):

* Span kinds (money, percent, ranking, count, date, quote): the gold fact's
  ``text`` is looked up in the article's paragraphs; a predicted fact of the same
  kind matches it when its span overlaps an occurrence of that text (character
  overlap in the same paragraph). When several predictions overlap, one whose
  main figure (rank, amount, value) agrees is taken first, then the largest overlap.
* Person and organization (gold gives a name, no span): a predicted fact
  matches when its folded name (accents, case, hyphens ignored) equals the gold
  name; an organization also matches by its acronym, or when one name is the
  other plus a bracketed acronym ("United Nations (UN)").
* Gold lists an identical span (or name) once per article, so predictions are
  deduplicated the same way: predicted facts of one kind with the same text
  (or name) count once, and an unmatched prediction that overlaps an occurrence
  of a gold span of its kind (the same figure in the sapo and the lead, a second
  reading of one span) is neither a match nor an extra.
* Gold facts come from body and caption text only: predictions in title
  paragraphs are not scored.

Field checks on matched facts (reported apart, not part of the match):
money amount and currency, percent value, count value, ranking indicator, rank,
out-of and year (the indicator is right when it names the gold's index and, like
the gold, names a sub-index or scope or neither: :func:`indicator_ok`), quote
speaker (folded name equal, or one name the end of the other), person role
(folded words of the predicted role all in the gold role).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsdesk.store.facts import Fact, canonicalise, extract_article
from newsdesk.store.facts.indicators import canonical_indicator
from newsdesk.store.facts.names import name_key
from newsdesk.store.records import Article, Paragraph
from newsdesk.store.text import fold

SPAN_KINDS = ("money", "percent", "ranking", "count", "date", "quote")
NAME_KINDS = ("person", "organization")
KINDS = ("money", "percent", "ranking", "count", "date", "person", "organization", "quote")
_PARA_KIND = {"title": "title", "body": "body", "caption": "caption", "credit": "credit"}

#: The checks reported for matched facts of each kind.
CHECKS: dict[str, tuple[str, ...]] = {
    "money": ("amount", "currency"),
    "percent": ("value",),
    "count": ("value",),
    "ranking": ("indicator", "rank", "out_of", "year", "indicator+year"),
    "quote": ("speaker",),
    "person": ("role",),
}


@dataclass
class Tally:
    """Matches, misses, extras and field checks of one kind (in one language, or all)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    ok: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.ok.update(other.ok)
        self.misses += other.misses
        self.extras += other.extras
        self.wrong += other.wrong


def gold_article(gold: dict[str, Any], fallback_date: Article | None = None) -> Article:
    """The article as its gold paragraphs and date give it (``fallback_date``: an
    article whose date to use when gold has none)."""
    paragraphs = [
        Paragraph(n, _PARA_KIND.get(p["kind"], "credit"), p["text"])  # type: ignore[arg-type]
        for n, p in enumerate(gold["paragraphs"], start=1)
    ]
    date = gold.get("date")
    precision = None
    if date:
        precision = "day" if len(date) == 10 else "month" if len(date) == 7 else "year"
    elif fallback_date is not None and fallback_date.date:
        date, precision = fallback_date.date, fallback_date.date_precision
    return Article(
        id=gold["id"],
        file=f"{gold['id']}.txt",
        lang=gold["lang"],
        title=gold.get("title") or "",
        title_derived=False,
        date=date,
        date_precision=precision,  # type: ignore[arg-type]
        date_source="header" if date else None,
        dateline=gold.get("dateline"),
        credits=list(gold.get("credits") or []),
        paragraphs=paragraphs,
        words=sum(len(p.text.split()) for p in paragraphs),
    )


def parsed_article(folder: Path, doc: str) -> Article:
    from newsdesk.store.parse import parse_file

    return parse_file(folder / "articles" / f"{doc}.txt", doc_id=doc)


def _key(text: Any) -> str:
    return name_key(str(text or "")).strip(" .,")


def _words(text: Any) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", fold(str(text or ""))))


_STOP = frozenset(
    "the of in and for de du des la le les l d en a index indice report ranking classement "
    "rankings global mondial mondiale world".split()
)


_QUALIFIER = re.compile(r"\s+[–—-]\s+.*$|\s*\([^()]*\)\s*$")


def split_indicator(name: str) -> tuple[str, str]:
    """An indicator's index and its sub-index or scope: "GII – innovation inputs",
    "EGDI (Southeast Asia)" → ("GII", "innovation inputs"), ("EGDI", "Southeast Asia")."""
    m = _QUALIFIER.search(name)
    if m is None:
        return name, ""
    return name[: m.start()], m.group().strip(" –—-()")


def indicator_ok(got: Any, want: Any) -> bool:
    """The predicted indicator names the gold one: the indexes have the same canonical
    name, or the main words of the predicted one are all among the gold's; and both name
    a sub-index or scope, or neither (a sub-index's rank labelled with the whole index
    is wrong)."""
    if not got or not want:
        return not got and not want
    g_base, g_sub = split_indicator(str(got))
    w_base, w_sub = split_indicator(str(want))
    if bool(g_sub) != bool(w_sub):
        return False
    if canonical_indicator(g_base) == canonical_indicator(w_base):
        return True
    g = _words(canonical_indicator(g_base)) - _STOP
    w = _words(canonical_indicator(w_base)) | _words(w_base)
    return bool(g) and g <= w


def speaker_ok(got: Any, want: Any) -> bool:
    if not got or not want:
        return not got and not want
    a, b = _key(got), _key(want)
    return a == b or a.endswith(" " + b) or b.endswith(" " + a)


def role_ok(got: Any, want: Any) -> bool:
    if not want:
        return not got
    g = _words(got)
    return bool(g) and g <= _words(want)


def _num(value: Any) -> float | None:
    try:
        return None if value is None else round(float(value), 4)
    except (TypeError, ValueError):
        return None


def _checks(kind: str, p: Fact, g: dict[str, Any]) -> dict[str, bool]:
    f = p.fields
    if kind == "money":
        return {
            "amount": _num(f.get("amount")) == _num(g.get("amount")),
            "currency": f.get("currency") == g.get("currency"),
        }
    if kind in ("percent", "count"):
        return {"value": _num(f.get("value")) == _num(g.get("value"))}
    if kind == "ranking":
        ind = indicator_ok(f.get("indicator"), g.get("indicator"))
        year = f.get("year") == g.get("year")
        return {
            "indicator": ind,
            "rank": f.get("rank") == g.get("rank"),
            "out_of": f.get("out_of") == g.get("out_of"),
            "year": year,
            "indicator+year": ind and year,
        }
    if kind == "quote":
        return {"speaker": speaker_ok(f.get("speaker"), g.get("speaker"))}
    if kind == "person":
        return {"role": role_ok(f.get("role"), g.get("role"))}
    return {}


def _agrees(kind: str, p: Fact, g: dict[str, Any]) -> bool:
    """The main figure agrees (rank, amount, value): preferred among overlapping predictions."""
    name = {"ranking": "rank", "money": "amount", "percent": "value", "count": "value"}.get(kind)
    return name is not None and _num(p.get(name)) == _num(g.get(name))


def _org_names(fields: dict[str, Any], text: str) -> set[str]:
    names = {_key(fields.get("name")), _key(text)}
    if fields.get("acronym"):
        names.add(_key(fields["acronym"]))
    out = set()
    for n in names:
        if not n:
            continue
        out.add(n)
        bare = re.sub(r"\s*\([^)]*\)\s*$", "", n).strip()
        out.add(bare)
    return out


def _occurrences(article: Article, text: str) -> list[tuple[int, int, int]]:
    spans = []
    for p in article.paragraphs:
        if p.kind not in ("body", "caption"):
            continue
        at = p.text.find(text)
        while at >= 0:
            spans.append((p.n, at, at + len(text)))
            at = p.text.find(text, at + 1)
    return spans


def _short(fact: Fact) -> str:
    fields = {k: v for k, v in fact.fields.items() if k not in ("key", "quote")}
    return f"«{fact.text[:90]}» {fields}"


def score_article(
    article: Article, gold_facts: list[dict[str, Any]], predicted: Iterable[Fact]
) -> dict[str, Tally]:
    """Tallies per kind for one article (see the module docstring for the rule)."""
    titles = {p.n for p in article.paragraphs if p.kind == "title"}
    tallies = {k: Tally() for k in KINDS}
    preds: dict[str, list[Fact]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for f in predicted:
        if f.para in titles or f.kind not in tallies:
            continue
        ident = f.text if f.kind in SPAN_KINDS else _key(f.get("name") or f.text)
        if (f.kind, ident) in seen:
            continue
        seen.add((f.kind, ident))
        preds[f.kind].append(f)
    for kind in KINDS:
        t = tallies[kind]
        golds = [g for g in gold_facts if g["kind"] == kind]
        left = list(preds[kind])
        covered: list[tuple[int, int, int]] = []
        for g in golds:
            hit: Fact | None = None
            if kind in SPAN_KINDS:
                occ = _occurrences(article, g["text"])
                covered += occ
                best = (False, 0)
                for p in left:
                    for para, s, e in occ:
                        if p.para == para:
                            ov = min(e, p.end) - max(s, p.start)
                            if ov > 0 and (_agrees(kind, p, g), ov) > best:
                                best, hit = (_agrees(kind, p, g), ov), p
                label = g["text"]
            else:
                want = _key(g["name"])
                for p in left:
                    names = (
                        _org_names(p.fields, p.text)
                        if kind == "organization"
                        else {_key(p.get("name") or p.text)}
                    )
                    if want in names:
                        hit = p
                        break
                label = g["name"]
            if hit is None:
                t.fn += 1
                t.misses.append(f"{article.id} «{label[:90]}» {_gold_fields(g)}")
                continue
            left.remove(hit)
            t.tp += 1
            for name, good in _checks(kind, hit, g).items():
                t.ok[name] += good
                if not good:
                    t.wrong.append(f"{article.id} {name}: got {_short(hit)} want {_gold_fields(g)}")
        for p in left:
            if kind in SPAN_KINDS and any(
                para == p.para and s < p.end and p.start < e for para, s, e in covered
            ):
                continue
            t.fp += 1
            t.extras.append(f"{article.id} {_short(p)}")
    return tallies


def _gold_fields(g: dict[str, Any]) -> str:
    return str({k: v for k, v in g.items() if k not in ("kind", "text")})


def load(folder: Path) -> list[dict[str, Any]]:
    gold_dir = folder / "gold"
    if not gold_dir.is_dir():
        raise SystemExit(f"error: no gold/ folder in {folder}")
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]


def evaluate(folder: Path, parsed: bool = False) -> dict[str, dict[str, Tally]]:
    """``{lang: {kind: Tally}}`` plus ``"all"``, over every gold article in ``folder``."""
    out: dict[str, dict[str, Tally]] = defaultdict(lambda: {k: Tally() for k in KINDS})
    for gold in load(folder):
        from_parser = (
            parsed_article(folder, gold["id"]) if (parsed or not gold.get("date")) else None
        )
        article = from_parser if parsed and from_parser else gold_article(gold, from_parser)
        facts = canonicalise(extract_article(article))
        scores = score_article(article, gold["facts"], facts)
        for lang in (gold["lang"], "all"):
            for kind, t in scores.items():
                out[lang][kind].add(t)
    return dict(out)


def report(results: dict[str, dict[str, Tally]], verbose: bool = False) -> str:
    lines = []
    langs = [lang for lang in sorted(results) if lang != "all"] + ["all"]
    header = f"{'kind':<13}" + "".join(f" {lang + ' P':>8} {lang + ' R':>7}" for lang in langs)
    lines.append(header + f" {'gold':>5} {'found':>6}")
    for kind in KINDS:
        row = f"{kind:<13}"
        for lang in langs:
            t = results[lang][kind]
            row += f" {t.precision:>8.3f} {t.recall:>7.3f}"
        t = results["all"][kind]
        lines.append(row + f" {t.tp + t.fn:>5} {t.tp + t.fp:>6}")
    lines.append("")
    lines.append("fields right on matched facts (all languages):")
    for kind, names in CHECKS.items():
        t = results["all"][kind]
        if not t.tp:
            continue
        parts = [f"{n} {t.ok[n]}/{t.tp} = {t.ok[n] / t.tp:.2f}" for n in names]
        lines.append(f"  {kind:<12} " + ", ".join(parts))
    gold_q = results["all"]["quote"]
    gold_r = results["all"]["ranking"]
    if gold_q.tp + gold_q.fn:
        n = gold_q.tp + gold_q.fn
        lines.append(f"  quotes with the right speaker: {gold_q.ok['speaker']}/{n} of gold")
    if gold_r.tp + gold_r.fn:
        n = gold_r.tp + gold_r.fn
        lines.append(
            "  rankings with the right indicator and year: "
            f"{gold_r.ok['indicator+year']}/{n} of gold"
        )
    if verbose:
        for kind in KINDS:
            t = results["all"][kind]
            lines += [f"MISS  {kind:<12} {m}" for m in t.misses]
            lines += [f"EXTRA {kind:<12} {e}" for e in t.extras]
            lines += [f"WRONG {kind:<12} {w}" for w in t.wrong]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.eval_facts", description=__doc__)
    parser.add_argument("folder", type=Path, help="a corpus folder with gold/ (and articles/)")
    parser.add_argument("--parsed", action="store_true", help="run on the parser's paragraphs")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and extras")
    args = parser.parse_args(argv)
    print(report(evaluate(args.folder, args.parsed), args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
