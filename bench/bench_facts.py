"""Facts: extraction speed and quality.

    python bench/bench_facts.py            # speed on the seeds and held-out articles, then scores
    python bench/bench_facts.py --repeat 50

Prints articles/second and milliseconds of CPU time an article for extraction (parse
excluded), the ledger build time over the extracted facts, and the precision/recall table of
``python -m newsdesk.store.facts.score --all``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsdesk.store.facts import build_ledger, canonicalise, extract_article  # noqa: E402
from newsdesk.store.facts.score import main as score_main  # noqa: E402
from newsdesk.store.parse import parse_file  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20, help="passes over the articles")
    args = parser.parse_args()
    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted(
        (ROOT / "tests" / "data" / "facts" / "heldout").glob("*.txt")
    )
    articles = [parse_file(p) for p in paths]
    words = sum(a.words for a in articles)
    start = time.process_time()
    facts = []
    for _ in range(args.repeat):
        facts = [f for a in articles for f in extract_article(a)]
    elapsed = time.process_time() - start
    n = len(articles) * args.repeat
    print(
        f"extract: {n} articles in {elapsed:.2f} s = {n / elapsed:.0f} articles/s "
        f"({elapsed / n * 1000:.2f} ms CPU an article), "
        f"{words * args.repeat / elapsed:,.0f} words/s, {len(facts)} facts per pass"
    )
    start = time.process_time()
    ledger = build_ledger(canonicalise(facts), {})
    print(f"ledger: {len(ledger.groups)} groups in {(time.process_time() - start) * 1000:.1f} ms")
    print()
    return score_main(["--all"])


if __name__ == "__main__":
    sys.exit(main())
