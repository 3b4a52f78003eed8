"""A comparison of two articles: alignment, translation check and confidence together.

This is what ``newsdesk compare`` prints and what the compare pane shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsdesk.store.align.aligner import Alignment, Link, align_articles
from newsdesk.store.align.check import CheckReport, Finding, check_alignment
from newsdesk.store.align.pairing import Idf, pair_features, score_features
from newsdesk.store.align.storage import alignment_for, load_features, stored_pairs
from newsdesk.store.errors import NewsdeskError
from newsdesk.store.records import Article

if TYPE_CHECKING:
    from newsdesk.store.db import Store

__all__ = ["Comparison", "NoPair", "compare", "compare_articles"]


class NoPair(NewsdeskError):
    """An article with no detected translation was compared on its own."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two articles side by side: ``left`` is the English one when there is one."""

    left: Article
    right: Article
    confidence: float
    paired: bool
    report: CheckReport

    @property
    def alignment(self) -> Alignment:
        return self.report.alignment

    @property
    def links(self) -> tuple[Link, ...]:
        return self.report.alignment.links

    def findings(self, index: int) -> tuple[Finding, ...]:
        """The findings of link ``index``."""
        return self.report.link_findings[index]

    @property
    def differences(self) -> tuple[int, ...]:
        """The links where the versions differ: any finding at all (a paragraph or
        sentence on one side only, headlines and captions included, or a figure or
        name missing from the other side). Their count is *the* count of differences."""
        return tuple(i for i, found in enumerate(self.report.link_findings) if found)

    def to_dict(self) -> dict[str, Any]:
        """The public JSON shape of ``newsdesk compare --json``."""
        links = []
        for link, findings in zip(self.links, self.report.link_findings, strict=True):
            data = link.to_dict()
            data["kind"] = link.kind
            data["issues"] = [f.to_dict() for f in findings]
            links.append(data)
        return {
            "left": self.left.id,
            "right": self.right.id,
            "left_lang": self.left.lang,
            "right_lang": self.right.lang,
            "paired": self.paired,
            "confidence": round(self.confidence, 3),
            "differences": len(self.differences),
            "links": links,
            "one_sided": [f.to_dict() for f in self.report.one_sided],
            "mismatches": [f.to_dict() for f in self.report.mismatches],
        }


def _order(a: Article, b: Article) -> tuple[Article, Article]:
    """English on the left when exactly one side is English; else as given."""
    if b.lang == "en" and a.lang != "en":
        return b, a
    return a, b


def compare_articles(
    left: Article,
    right: Article,
    alignment: Alignment | None = None,
    confidence: float | None = None,
    paired: bool = False,
) -> Comparison:
    """Compare two articles already in hand (no store needed)."""
    left, right = _order(left, right)
    if left.id == right.id:
        raise NewsdeskError(f"cannot compare {left.id} with itself")
    if alignment is None or (alignment.left, alignment.right) != (left.id, right.id):
        alignment = align_articles(left, right)
    if confidence is None:
        confidence = score_features(pair_features(left), pair_features(right))
    return Comparison(left, right, confidence, paired, check_alignment(left, right, alignment))


def compare(store: Store, ref: str, other: str | None = None) -> Comparison:
    """Compare article ``ref`` with ``other``, or with its detected translation."""
    article = store.get(ref)
    pairs = stored_pairs(store)
    if other is None:
        pair = next((p for p in pairs if article.id in (p.left, p.right)), None)
        if pair is None:
            raise NoPair(
                f"article {article.id} has no detected translation; "
                f"name the other one: newsdesk compare {article.id} OTHER"
            )
        partner = store.get(pair.right if pair.left == article.id else pair.left)
    else:
        partner = store.get(other)
    left, right = _order(article, partner)
    if left.id == right.id:
        raise NewsdeskError(f"cannot compare {left.id} with itself")
    pair = next((p for p in pairs if (p.left, p.right) == (left.id, right.id)), None)
    if pair is not None:
        confidence = pair.confidence
    else:
        cached = load_features(store)
        idf = Idf(cached.values()) if cached else None
        confidence = score_features(pair_features(left), pair_features(right), idf)
    alignment = alignment_for(store, left.id, right.id)
    return compare_articles(left, right, alignment, confidence, paired=pair is not None)
