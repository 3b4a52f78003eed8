"""Translations: find pairs, align them paragraph by paragraph and sentence by sentence, check them.

* :mod:`store.align.pairing` — which articles translate each other (blocked, scored).
* :mod:`store.align.windows` — a crowded date window ranked by shared anchors at once.
* :mod:`store.align.aligner` — Gale–Church-style alignment with anchors.
* :mod:`store.align.check` — facts present on one side only.
* :mod:`store.align.storage` — the ingest stage and the TinyDB tables.
* :mod:`store.align.compare` — all of it for one pair, as ``newsdesk compare`` shows it.
"""

from __future__ import annotations

from newsdesk.store.align.aligner import (
    Alignment,
    Link,
    SentenceLink,
    SentenceRef,
    align_articles,
)
from newsdesk.store.align.check import CheckReport, Finding, check_alignment
from newsdesk.store.align.compare import Comparison, NoPair, compare, compare_articles
from newsdesk.store.align.pairing import (
    Pair,
    PairFeatures,
    find_pairs,
    pair_features,
    score_features,
)
from newsdesk.store.align.storage import (
    alignment_for,
    pair_of,
    pairing_stage,
    stored_pairs,
    update_pairs,
)

__all__ = [
    "Alignment",
    "CheckReport",
    "Comparison",
    "Finding",
    "Link",
    "NoPair",
    "Pair",
    "PairFeatures",
    "SentenceLink",
    "SentenceRef",
    "align_articles",
    "alignment_for",
    "check_alignment",
    "compare",
    "compare_articles",
    "find_pairs",
    "pair_features",
    "pair_of",
    "pairing_stage",
    "score_features",
    "stored_pairs",
    "update_pairs",
]
