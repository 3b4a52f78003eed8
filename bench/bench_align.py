"""Benchmark of translation pairing and alignment: ``python -m bench.bench_align [--n 10000]``.

On the deterministic corpus of ``bench.corpus`` (one article in ten is the French
translation of the one before; ``corpus.json`` lists the true pairs) it times:

* parse: reading and parsing every file (not part of pairing, shown for scale);
* pairing, cold: extracting every article's pairing features, blocking, scoring
  and choosing pairs — what the first ingest of the whole corpus pays;
* pairing, warm: blocking, scoring and choosing from cached features — what
  every later ingest pays;
* alignment: aligning every detected pair paragraph by paragraph and sentence
  by sentence, and running the translation check on it (per pair: mean, p95);

and reports pairing precision / recall against the true pairs. Prints a table
and writes ``bench/out/align.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from newsdesk.store.align.aligner import align_articles  # noqa: E402
from newsdesk.store.align.check import check_alignment  # noqa: E402
from newsdesk.store.align.pairing import candidate_pairs, find_pairs, pair_features  # noqa: E402
from newsdesk.store.parse import parse_file  # noqa: E402
from newsdesk.store.records import Article  # noqa: E402

OUT = ROOT / "bench" / "out"


def corpus(n: int, seed: int) -> Path:
    """The corpus folder for ``n`` articles, generated once."""
    folder = OUT / f"align-corpus-{n}-{seed}"
    manifest = folder / "corpus.json"
    if not manifest.exists() or json.loads(manifest.read_text())["n"] != n:
        from bench.corpus import generate_corpus

        generate_corpus(n, folder, seed)
    return folder


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def run(n: int, seed: int, align_limit: int | None) -> dict[str, Any]:
    folder = corpus(n, seed)
    truth = {tuple(p) for p in json.loads((folder / "corpus.json").read_text())["pairs"]}
    files = sorted(folder.glob("*.txt"))

    t = time.perf_counter()
    articles: list[Article] = [parse_file(f) for f in files]
    parse_s = time.perf_counter() - t

    t = time.perf_counter()
    features = [pair_features(a) for a in articles]
    features_s = time.perf_counter() - t
    t = time.perf_counter()
    pairs = find_pairs(features)
    warm_s = time.perf_counter() - t
    candidates = sum(1 for _ in candidate_pairs(features))

    found = {(f"{p.left}.txt", f"{p.right}.txt") for p in pairs}
    correct = len(found & truth)
    precision = correct / len(found) if found else 1.0
    recall = correct / len(truth) if truth else 1.0

    by_id = {a.id: a for a in articles}
    to_align = pairs[:align_limit] if align_limit else pairs
    align_times: list[float] = []
    check_times: list[float] = []
    for pair in to_align:
        left, right = by_id[pair.left], by_id[pair.right]
        t = time.perf_counter()
        alignment = align_articles(left, right)
        align_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        check_alignment(left, right, alignment)
        check_times.append(time.perf_counter() - t)

    def p95(values: list[float]) -> float:
        if len(values) >= 20:
            return statistics.quantiles(values, n=20)[-1]
        return max(values, default=0.0)

    return {
        "articles": len(articles),
        "true_pairs": len(truth),
        "parse_s": parse_s,
        "pair_features_s": features_s,
        "pairing_warm_s": warm_s,
        "pairing_cold_s": features_s + warm_s,
        "candidates_scored": candidates,
        "all_pairs_would_be": len(articles) * (len(articles) - 1) // 2,
        "pairs_found": len(found),
        "pairs_correct": correct,
        "pair_precision": precision,
        "pair_recall": recall,
        "aligned_pairs": len(align_times),
        "align_total_s": sum(align_times),
        "align_mean_ms": 1000 * statistics.fmean(align_times) if align_times else 0.0,
        "align_p95_ms": 1000 * p95(align_times),
        "check_mean_ms": 1000 * statistics.fmean(check_times) if check_times else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_align", description=__doc__)
    parser.add_argument("--n", type=int, default=10_000, help="articles (default 10000)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument(
        "--align", type=int, default=None, metavar="K", help="align only the first K pairs"
    )
    args = parser.parse_args(argv)
    result = run(args.n, args.seed, args.align)
    rows = [
        ("articles", f"{result['articles']:,} ({result['true_pairs']:,} true pairs)"),
        ("parse (for scale)", _ms(result["parse_s"])),
        ("pairing features", _ms(result["pair_features_s"])),
        ("pairing, warm (block+score+choose)", _ms(result["pairing_warm_s"])),
        ("pairing, cold (features+warm)", _ms(result["pairing_cold_s"])),
        (
            "candidates scored",
            f"{result['candidates_scored']:,} of {result['all_pairs_would_be']:,} possible",
        ),
        (
            "pairs found / correct",
            f"{result['pairs_found']:,} / {result['pairs_correct']:,} "
            f"(P {result['pair_precision']:.3f}, R {result['pair_recall']:.3f})",
        ),
        (
            "alignment, all pairs",
            f"{_ms(result['align_total_s'])} for {result['aligned_pairs']:,} pairs",
        ),
        (
            "alignment per pair",
            f"mean {result['align_mean_ms']:.1f} ms, p95 {result['align_p95_ms']:.1f} ms",
        ),
        ("translation check per pair", f"mean {result['check_mean_ms']:.1f} ms"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "align.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
