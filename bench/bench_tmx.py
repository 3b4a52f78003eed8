"""How right the TMX export's units are at each ``--min-score``: ``python -m bench.bench_tmx``.

Reads the EN/FR development pairs of ``../shared/corpus/bitext`` (or the folder
given as an argument; never copied into the project). Each pair is aligned by
the project's aligner and turned into TMX units (:func:`store.tmx.pair_units`);
a unit is right when the gold segment links its English text touches are exactly
the ones its French text touches (nothing of a neighbour, nothing one-sided
dragged in). For each threshold it prints the units kept, the share of all
two-sided units that is, and their precision.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from newsdesk.store.align import align_articles  # noqa: E402
from newsdesk.store.parse import parse_file  # noqa: E402
from newsdesk.store.records import Article  # noqa: E402
from newsdesk.store.sentences import split_sentences  # noqa: E402
from newsdesk.store.tmx import Variant, pair_units  # noqa: E402

BITEXT = ROOT / ".." / "shared" / "corpus" / "bitext"
THRESHOLDS = (0.0, 0.3, 0.5, 0.7, 0.9)


def _segment_spans(
    seg: dict[str, list[list[int]]], lang: str
) -> dict[int, list[tuple[int, int, int]]]:
    """Paragraph number → (start, end, segment index) of its gold segments."""
    texts: list[str] = seg[f"{lang}_segments"]  # type: ignore[assignment]
    spans: dict[int, list[tuple[int, int, int]]] = {}
    for n, indices in enumerate(seg[f"{lang}_paragraph_segments"], start=1):
        position = 0
        for i in indices:
            spans.setdefault(n, []).append((position, position + len(texts[i]), i))
            position += len(texts[i]) + 1
    return spans


def _touched(
    article: Article, variant: Variant, spans: dict[int, list[tuple[int, int, int]]]
) -> set[int]:
    """The gold segments a unit side's sentences overlap."""
    found: set[int] = set()
    for label in variant.sentences:
        n, s = (int(x) for x in label.split("."))
        start, end = split_sentences(article.paragraph(n).text)[s - 1]
        found |= {i for a, b, i in spans.get(n, []) if a < end and start < b}
    return found


def evaluate(folder: Path) -> list[tuple[float, bool]]:
    """(score, right) of every two-sided unit of every pair in ``folder``."""
    scored: list[tuple[float, bool]] = []
    for gold_path in sorted(folder.glob("*_gold_seg.json")):
        stem = gold_path.name.split("_")[0]
        seg = json.loads(gold_path.read_text(encoding="utf-8"))
        en = parse_file(folder / f"{stem}_en.txt")
        fr = parse_file(folder / f"{stem}_fr.txt")
        link_of = {("en", i): k for k, (ls, _) in enumerate(seg["links"]) for i in ls}
        link_of |= {("fr", j): k for k, (_, rs) in enumerate(seg["links"]) for j in rs}
        spans = {"en": _segment_spans(seg, "en"), "fr": _segment_spans(seg, "fr")}
        result = pair_units(en, fr, align_articles(en, fr), min_score=0.0)
        for unit in result.units:
            by_lang = {v.lang: v for v in unit.variants}
            touched = {
                lang: {link_of[(lang, i)] for i in _touched(art, by_lang[lang], spans[lang])}
                for lang, art in (("en", en), ("fr", fr))
            }
            scored.append((unit.score, bool(touched["en"]) and touched["en"] == touched["fr"]))
    return scored


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=BITEXT, help="the bitext folder")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"no bitext folder at {args.folder}", file=sys.stderr)
        return 2
    scored = evaluate(args.folder)
    print(f"{'min-score':>9}  {'units':>5}  {'kept':>5}  {'precision':>9}")
    for threshold in THRESHOLDS:
        kept = [right for score, right in scored if score >= threshold]
        precision = sum(kept) / len(kept) if kept else 1.0
        print(
            f"{threshold:>9.1f}  {len(kept):>5}  {len(kept) / len(scored):>5.0%}  {precision:>9.1%}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
