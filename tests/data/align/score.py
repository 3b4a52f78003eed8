"""Score the aligner against the hand-written gold alignments in this folder.

Run from the repository root: ``python tests/data/align/score.py``. Prints
paragraph-link and sentence-link precision, recall and F1 for every pair and
over all of them (links are compared whole: a 2–1 link is right only when
both its sides are exactly right; one-sided links count too).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from newsdesk.store.align.aligner import Alignment, align_articles  # noqa: E402
from newsdesk.store.parse import parse_file  # noqa: E402

LinkKey = tuple[tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True)
class Score:
    """Link counts: predicted, gold, and both."""

    predicted: int
    gold: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.predicted + other.predicted, self.gold + other.gold, self.correct + other.correct
        )


def gold_files() -> list[Path]:
    """Every gold alignment, the seed pair first."""
    return sorted(HERE.glob("*/gold.json"), key=lambda p: (p.parent.name != "seeds", p.parent.name))


def load(gold_path: Path) -> tuple[dict[str, object], Alignment]:
    """The gold data and the aligner's output for it."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    left = parse_file(ROOT / str(gold["left"]))
    right = parse_file(ROOT / str(gold["right"]))
    return gold, align_articles(left, right)


def paragraph_links(gold: dict[str, object]) -> set[LinkKey]:
    rows = gold["paragraphs"]
    assert isinstance(rows, list)
    return {(tuple(map(str, left)), tuple(map(str, right))) for left, right in rows}


def sentence_links(gold: dict[str, object]) -> set[LinkKey]:
    rows = gold["sentences"]
    assert isinstance(rows, list)
    return {(tuple(left), tuple(right)) for left, right in rows}


def predicted_paragraph_links(alignment: Alignment) -> set[LinkKey]:
    return {(tuple(map(str, k.left)), tuple(map(str, k.right))) for k in alignment.links}


def predicted_sentence_links(alignment: Alignment) -> set[LinkKey]:
    return {
        (tuple(r.label for r in s.left), tuple(r.label for r in s.right))
        for k in alignment.links
        for s in k.sentences
    }


def score(predicted: set[LinkKey], gold: set[LinkKey]) -> Score:
    return Score(len(predicted), len(gold), len(predicted & gold))


def main() -> int:
    total_p = Score(0, 0, 0)
    total_s = Score(0, 0, 0)
    print(f"{'pair':<10} {'paragraph links P/R/F1':>26} {'sentence links P/R/F1':>26}")
    for path in gold_files():
        gold, alignment = load(path)
        sp = score(predicted_paragraph_links(alignment), paragraph_links(gold))
        ss = score(predicted_sentence_links(alignment), sentence_links(gold))
        total_p += sp
        total_s += ss
        print(
            f"{path.parent.name:<10} {sp.precision:>8.3f} {sp.recall:.3f} {sp.f1:.3f}"
            f"     {ss.precision:>8.3f} {ss.recall:.3f} {ss.f1:.3f}"
        )
    print(
        f"{'all':<10} {total_p.precision:>8.3f} {total_p.recall:.3f} {total_p.f1:.3f}"
        f"     {total_s.precision:>8.3f} {total_s.recall:.3f} {total_s.f1:.3f}"
        f"   ({total_p.gold} paragraph links, {total_s.gold} sentence links)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
