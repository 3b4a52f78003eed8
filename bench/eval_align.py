"""Alignment against gold: ``python -m bench.eval_align FOLDER [--pairs] [--json FILE]``.

``FOLDER`` is one of the evaluation corpora kept outside the project
(``../shared/corpus/bitext`` or ``../shared/corpus/wire``); its layout says
which it is.

* **bitext** (``NN_en.txt``, ``NN_fr.txt``, ``NN_gold.json``,
  ``NN_gold_seg.json``): each file is parsed by ``store.parse.parse_text`` (so
  titles, captions and credit lines carry the kinds the parser gives them) and
  aligned. Paragraph links are scored against ``NN_gold.json``; sentence links
  against ``NN_gold_seg.json`` after mapping the aligner's sentences onto the
  gold segments (a segment is usually one sentence, sometimes two or half of
  one: segments one aligner sentence spans are scored as one unit, on both the
  gold and the predicted side).
* **wire** (``align/<en>__<fr>.json`` over ``gold/<id>.json``): the gold
  paragraphs (text and kind; ``junk`` counts as a caption) are aligned as they
  are, so the figure measures the aligner, not the parser. Pairs marked
  ``"loose"`` (two outlets rewriting one report) are shown apart as well.

A link is right only when both its sides are exactly right; one-sided links
count. Precision, recall and F1 are printed overall, by link type (``1-1``,
``1-2``, ``2-1``, ``1-0``, ``0-1``, ``2-2`` and any other the gold holds) and
per pair, with the aligner's CPU time per pair.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from newsdesk.store.align.aligner import Alignment, align_articles  # noqa: E402
from newsdesk.store.parse import parse_text  # noqa: E402
from newsdesk.store.records import Article, Paragraph, ParagraphKind  # noqa: E402
from newsdesk.store.sentences import split_sentences  # noqa: E402

#: A link: indices (from 0) of the left items and of the right items.
Key = tuple[tuple[int, ...], tuple[int, ...]]

MAIN_KINDS = ("1-1", "1-2", "2-1", "1-0", "0-1", "2-2")


def kind_of(link: Key) -> str:
    return f"{len(link[0])}-{len(link[1])}"


@dataclass
class Tally:
    """Predicted, gold and correct link counts, overall and by link type."""

    predicted: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    gold: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    correct: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, predicted: Iterable[Key], gold: Iterable[Key]) -> None:
        p, g = set(predicted), set(gold)
        for link in p:
            self.predicted[kind_of(link)] += 1
        for link in g:
            self.gold[kind_of(link)] += 1
        for link in p & g:
            self.correct[kind_of(link)] += 1

    def merge(self, other: Tally) -> None:
        for mine, theirs in (
            (self.predicted, other.predicted),
            (self.gold, other.gold),
            (self.correct, other.correct),
        ):
            for k, v in theirs.items():
                mine[k] += v

    def prf(self, kind: str | None = None) -> tuple[float, float, float, int]:
        """Precision, recall, F1 and gold count, for one link type or all."""

        def count(d: dict[str, int]) -> int:
            return sum(d.values()) if kind is None else d.get(kind, 0)

        p, g, c = count(self.predicted), count(self.gold), count(self.correct)
        precision = c / p if p else 1.0
        recall = c / g if g else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1, g

    def kinds(self) -> list[str]:
        seen = set(self.gold) | set(self.predicted)
        extra = sorted(seen - set(MAIN_KINDS))
        return [k for k in MAIN_KINDS if k in seen] + extra

    def to_dict(self) -> dict[str, Any]:
        def row(kind: str | None) -> dict[str, float]:
            p, r, f, g = self.prf(kind)
            return {"precision": p, "recall": r, "f1": f, "gold": g}

        return {"all": row(None), **{k: row(k) for k in self.kinds()}}


@dataclass
class PairResult:
    name: str
    paragraphs: Tally
    sentences: Tally | None
    align_ms: float
    loose: bool = False
    notes: list[str] = field(default_factory=list)


# -- bitext -------------------------------------------------------------------


def _paragraph_map(article: Article, lines: Sequence[str]) -> dict[int, tuple[int, int]]:
    """Parsed paragraph number → (file paragraph index, offset of its text in that line)."""
    mapping: dict[int, tuple[int, int]] = {}
    k = 0
    for p in article.paragraphs:
        for kk in range(k, len(lines)):
            offset = lines[kk].find(p.text)
            if offset >= 0:
                mapping[p.n] = (kk, offset)
                k = kk + 1
                break
        else:  # the parser changed the text: fall back on order
            mapping[p.n] = (min(k, len(lines) - 1), 0)
            k += 1
    return mapping


def _file_paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


class _Groups:
    """Union-find over the segments of one side."""

    def __init__(self, count: int) -> None:
        self.parent = list(range(count))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, items: Iterable[int]) -> None:
        items = list(items)
        for other in items[1:]:
            a, b = self.find(items[0]), self.find(other)
            if a != b:
                self.parent[max(a, b)] = min(a, b)


def _components(links: Iterable[Key], n_left: int, n_right: int) -> set[Key]:
    """Links merged where they share an item; items in no link become one-sided."""
    groups = _Groups(n_left + n_right)
    for left, right in links:
        groups.union([*left, *(n_left + j for j in right)])
    members: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i in range(n_left):
        members[groups.find(i)][0].append(i)
    for j in range(n_right):
        members[groups.find(n_left + j)][1].append(j)
    return {(tuple(sorted(a)), tuple(sorted(b))) for a, b in members.values()}


def _segment_spans(paragraph_segments: list[list[int]], segments: list[str]) -> dict[int, tuple]:
    """Segment index → (paragraph index, start, end) in the paragraph's text."""
    spans: dict[int, tuple[int, int, int]] = {}
    for k, ids in enumerate(paragraph_segments):
        pos = 0
        for i in ids:
            spans[i] = (k, pos, pos + len(segments[i]))
            pos += len(segments[i]) + 1
    return spans


def _sentence_units(
    article: Article, mapping: dict[int, tuple[int, int]], spans: dict[int, tuple[int, int, int]]
) -> dict[tuple[int, int], set[int]]:
    """(paragraph n, sentence s) → the gold segments the aligner's sentence overlaps."""
    by_paragraph: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for seg, (k, start, end) in spans.items():
        by_paragraph[k].append((seg, start, end))
    units: dict[tuple[int, int], set[int]] = {}
    for p in article.paragraphs:
        k, offset = mapping[p.n]
        for s, (start, end) in enumerate(split_sentences(p.text), start=1):
            a, b = start + offset, end + offset
            hit = {seg for seg, s0, s1 in by_paragraph[k] if min(b, s1) - max(a, s0) > 0}
            if not hit:  # pragma: no cover - text the parser rewrote
                hit = {seg for seg, _, _ in by_paragraph[k][:1]}
            units[(p.n, s)] = hit
    return units


def _sentence_tally(
    alignment: Alignment,
    en: Article,
    fr: Article,
    en_map: dict[int, tuple[int, int]],
    fr_map: dict[int, tuple[int, int]],
    seg_gold: dict[str, Any],
) -> Tally:
    en_segments, fr_segments = seg_gold["en_segments"], seg_gold["fr_segments"]
    en_units = _sentence_units(
        en, en_map, _segment_spans(seg_gold["en_paragraph_segments"], en_segments)
    )
    fr_units = _sentence_units(
        fr, fr_map, _segment_spans(seg_gold["fr_paragraph_segments"], fr_segments)
    )
    # Segments one aligner sentence spans are one unit on each side.
    en_groups, fr_groups = _Groups(len(en_segments)), _Groups(len(fr_segments))
    for segs in en_units.values():
        en_groups.union(sorted(segs))
    for segs in fr_units.values():
        fr_groups.union(sorted(segs))

    def project(links: Iterable[tuple[Iterable[int], Iterable[int]]]) -> set[Key]:
        keyed = [
            (tuple({en_groups.find(i) for i in a}), tuple({fr_groups.find(j) for j in b}))
            for a, b in links
        ]
        roots_en = sorted({en_groups.find(i) for i in range(len(en_segments))})
        roots_fr = sorted({fr_groups.find(j) for j in range(len(fr_segments))})
        index_en = {r: n for n, r in enumerate(roots_en)}
        index_fr = {r: n for n, r in enumerate(roots_fr)}
        renamed = [(tuple(index_en[i] for i in a), tuple(index_fr[j] for j in b)) for a, b in keyed]
        return _components(renamed, len(roots_en), len(roots_fr))

    gold = project((a, b) for a, b in seg_gold["links"])
    predicted: list[tuple[set[int], set[int]]] = []
    for link in alignment.links:
        for s in link.sentences:
            predicted.append(
                (
                    set().union(*(en_units[(r.n, r.s)] for r in s.left)),
                    set().union(*(fr_units[(r.n, r.s)] for r in s.right)),
                )
            )
    tally = Tally()
    tally.add(project(predicted), gold)
    return tally


def _timed_align(left: Article, right: Article) -> tuple[Alignment, float]:
    # CPU time: a shared machine's other work does not count against the aligner.
    t = time.process_time()
    alignment = align_articles(left, right)
    return alignment, (time.process_time() - t) * 1000


def bitext_pair(folder: Path, name: str) -> PairResult:
    en_text = (folder / f"{name}_en.txt").read_text(encoding="utf-8")
    fr_text = (folder / f"{name}_fr.txt").read_text(encoding="utf-8")
    en = parse_text(en_text, doc_id=f"{name}_en")
    fr = parse_text(fr_text, doc_id=f"{name}_fr")
    en_lines, fr_lines = _file_paragraphs(en_text), _file_paragraphs(fr_text)
    en_map, fr_map = _paragraph_map(en, en_lines), _paragraph_map(fr, fr_lines)
    alignment, ms = _timed_align(en, fr)
    notes = []
    for article, lines in ((en, en_lines), (fr, fr_lines)):
        if len(article.paragraphs) != len(lines):
            notes.append(f"{article.id}: {len(lines)} lines parsed as {len(article.paragraphs)}")
    predicted = [
        (
            tuple(sorted({en_map[n][0] for n in k.left})),
            tuple(sorted({fr_map[n][0] for n in k.right})),
        )
        for k in alignment.links
    ]
    gold = [(tuple(a), tuple(b)) for a, b in json.loads((folder / f"{name}_gold.json").read_text())]
    paragraphs = Tally()
    paragraphs.add(_components(predicted, len(en_lines), len(fr_lines)), gold)
    seg_gold = json.loads((folder / f"{name}_gold_seg.json").read_text(encoding="utf-8"))
    sentences = _sentence_tally(alignment, en, fr, en_map, fr_map, seg_gold)
    return PairResult(name, paragraphs, sentences, ms, notes=notes)


def bitext(folder: Path) -> list[PairResult]:
    names = sorted(p.name[:-10] for p in folder.glob("*_gold.json") if p.name[:-10].isdigit())
    return [bitext_pair(folder, name) for name in names]


# -- wire -----------------------------------------------------------------------

_KINDS: dict[str, ParagraphKind] = {
    "title": "title",
    "body": "body",
    "caption": "caption",
    "credit": "credit",
    "junk": "caption",
}


def gold_article(gold: dict[str, Any]) -> Article:
    """An article made of the gold paragraphs, as the parser should have read them."""
    paragraphs = [
        Paragraph(n, _KINDS[p["kind"]], p["text"]) for n, p in enumerate(gold["paragraphs"], 1)
    ]
    title = next((p.text for p in paragraphs if p.kind == "title"), gold.get("title") or "")
    return Article(
        id=gold["id"],
        file="",
        lang=gold["lang"],
        title=title,
        title_derived=False,
        date=None,
        date_precision=None,
        date_source=None,
        dateline=gold.get("dateline"),
        credits=list(gold.get("credits") or []),
        paragraphs=paragraphs,
        words=sum(len(p.text.split()) for p in paragraphs),
    )


def wire(folder: Path) -> list[PairResult]:
    results = []
    for path in sorted((folder / "align").glob("*.json")):
        pair = json.loads(path.read_text(encoding="utf-8"))
        en = gold_article(json.loads((folder / "gold" / f"{pair['en']}.json").read_text()))
        fr = gold_article(json.loads((folder / "gold" / f"{pair['fr']}.json").read_text()))
        alignment, ms = _timed_align(en, fr)
        predicted = [
            (tuple(n - 1 for n in k.left), tuple(n - 1 for n in k.right)) for k in alignment.links
        ]
        gold = [(tuple(sorted(a)), tuple(sorted(b))) for a, b in pair["links"]]
        tally = Tally()
        tally.add(predicted, gold)
        name = re.sub(r"^en_", "", pair["en"])
        results.append(PairResult(name, tally, None, ms, loose=bool(pair.get("loose"))))
    return results


# -- report ---------------------------------------------------------------------


def _row(label: str, tally: Tally, kind: str | None = None) -> str:
    p, r, f, g = tally.prf(kind)
    return f"  {label:<10} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (gold {g})"


def report(results: list[PairResult], show_pairs: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    groups: list[tuple[str, list[PairResult]]] = [("all pairs", results)]
    if any(r.loose for r in results):
        groups.append(("close translations", [r for r in results if not r.loose]))
        groups.append(('loose ("two outlets")', [r for r in results if r.loose]))
    for label, members in groups:
        paragraphs, sentences = Tally(), Tally()
        for r in members:
            paragraphs.merge(r.paragraphs)
            if r.sentences:
                sentences.merge(r.sentences)
        print(f"{label}: {len(members)} pairs")
        print(" paragraph links")
        print(_row("overall", paragraphs))
        for kind in paragraphs.kinds():
            print(_row(kind, paragraphs, kind))
        entry: dict[str, Any] = {"pairs": len(members), "paragraphs": paragraphs.to_dict()}
        if any(r.sentences for r in members):
            print(" sentence links (mapped onto gold segments)")
            print(_row("overall", sentences))
            for kind in sentences.kinds():
                print(_row(kind, sentences, kind))
            entry["sentences"] = sentences.to_dict()
        out[label] = entry
    times = [r.align_ms for r in results]
    print(
        f"alignment per pair (CPU): mean {statistics.fmean(times):.1f} ms, max {max(times):.1f} ms"
    )
    out["align_ms"] = {"mean": statistics.fmean(times), "max": max(times)}
    if show_pairs:
        print("per pair (paragraph F1 / sentence F1, ms)")
    for r in results:
        pf = r.paragraphs.prf()[2]
        sf = r.sentences.prf()[2] if r.sentences else None
        if show_pairs:
            sentence = f"  {sf:.3f}" if sf is not None else ""
            loose = "  loose" if r.loose else ""
            print(f"  {r.name:<28} {pf:.3f}{sentence}  {r.align_ms:6.1f} ms{loose}")
            for note in r.notes:
                print(f"    note: {note}")
        out.setdefault("per_pair", {})[r.name] = {"paragraph_f1": pf, "sentence_f1": sf}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.eval_align", description=__doc__)
    parser.add_argument("folder", type=Path, help="../shared/corpus/bitext or .../wire")
    parser.add_argument("--pairs", action="store_true", help="print every pair's figures")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    args = parser.parse_args(argv)
    folder: Path = args.folder
    if any(folder.glob("[0-9]*_gold_seg.json")):
        results = bitext(folder)
    elif (folder / "align").is_dir():
        results = wire(folder)
    else:
        print(
            f"error: {folder} holds neither bitext gold nor a wire align/ folder", file=sys.stderr
        )
        return 2
    figures = report(results, args.pairs)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
