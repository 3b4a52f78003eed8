"""Search benchmark: latency, index build/load/memory, fzf and grep, ranking quality.

For each corpus size (default 1,000 and 10,000 articles from ``bench.corpus``):

* builds the index from the parsed articles (build time), saves it, loads it
  back (load time) and measures its memory (tracemalloc over the load, and the
  ratio to the raw paragraph text);
* runs a fixed set of 50+ queries in four classes — exact words, typo'd quote
  fragments, accent-free names, filters and operators — and prints p50 / p95 /
  max latency (each query run cold: the per-word look-up cache is cleared);
* times the same queries with ``fzf --filter`` and ``grep -iF`` over the same
  passages, one per line (where installed), and prints the ratios per class;
* prints quality: the share of typo'd quote queries whose intended sentence is
  ranked first, and in the top 5.

Run from the repository root::

    python -m bench.bench_search                 # 1k and 10k articles
    python -m bench.bench_search --sizes 1000    # quicker
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpus import generate_corpus, strip_accents  # noqa: E402
from newsdesk.store.parse import parse_file  # noqa: E402
from newsdesk.store.search.engine import search_index  # noqa: E402
from newsdesk.store.search.index import SEARCHED_KINDS, IndexKey, SearchIndex, build_index  # noqa: E402
from newsdesk.store.search.query import parse_query  # noqa: E402
from newsdesk.store.search.tokens import TOKEN_RE  # noqa: E402
from newsdesk.store.text import fold  # noqa: E402

OUT = ROOT / "bench" / "out"
CLASSES = ("exact", "typo", "name", "filter")


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    kind: str
    intended: str | None = None  # folded text of the sentence a typo query is after
    plain: str = ""  # the query as a fixed string / fzf query (no filters)


# -- the corpus -------------------------------------------------------------------
def corpus(n: int, seed: int) -> list[Path]:
    folder = OUT / f"corpus-{n}-{seed}"
    manifest = folder / "corpus.json"
    if manifest.exists():
        meta = json.loads(manifest.read_text())
        if meta.get("n") == n and meta.get("seed") == seed:
            return sorted(folder.glob("*.txt"))
    if folder.exists():
        shutil.rmtree(folder)
    return generate_corpus(n, folder, seed)


# -- the queries ------------------------------------------------------------------
EXACT = [
    "'digital", "'steadfast", "'semiconductors", "'blockchain", "'billion",
    "'cybersecurity", "transformation", "infrastructure", "'harbor", "economy",
    "'e-commerce", "'1.5 million",
]  # fmt: skip
FILTERS = [
    "digital lang:fr", "transformation date:2024-10..2024-11", "kind:quote viet nam",
    "economy !digital", "^prime minister", "development$", '"digital infrastructure"',
    "'billion | 'million", "numerique lang:fr kind:sentence", "date:2023 steadfast",
    "doc:0001 digital", "'growth !'economy date:2024", "^the government", "lang:fr",
]  # fmt: skip


def _typo(word: str, rng: random.Random) -> str:
    """One keyboard slip in a word of five letters or more."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("delete", "double", "swap", "replace"))
    if kind == "delete":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("aeiourstnl") + word[i + 1 :]


def typo_queries(index: SearchIndex, count: int, rng: random.Random) -> list[Query]:
    """Fragments of distinct sentences, unique in the corpus, with slips added."""
    sentences = [
        pid for pid in range(len(index)) if index.pas_kind[pid] == 0 and index.pas_end[pid] > 120
    ]
    # Every passage as its folded words, one per line, to find where a fragment occurs.
    lines = [" ".join(TOKEN_RE.findall(fold(index.passage_text(p)))) for p in range(len(index))]
    starts: list[int] = []
    position = 0
    for line in lines:
        starts.append(position)
        position += len(line) + 1
    joined = "\n".join(lines)

    def owners(fragment: str) -> set[str]:
        """The distinct passage texts (as words) containing ``fragment``."""
        found_lines = set()
        for match in re.finditer(re.escape(fragment), joined):
            found_lines.add(lines[bisect.bisect_right(starts, match.start()) - 1])
            if len(found_lines) > 2:
                break
        return found_lines

    found: list[Query] = []
    seen: set[str] = set()
    while len(found) < count:
        pid = rng.choice(sentences)
        text = index.passage_text(pid)
        words = text.split()
        size = rng.randint(6, 9)
        if len(words) < size + 2:
            continue
        start = rng.randrange(0, len(words) - size)
        fragment = words[start : start + size]
        clean = " ".join(TOKEN_RE.findall(fold(" ".join(fragment))))
        if len(clean) < 30 or clean in seen:
            continue
        # The fragment must point at one sentence text (duplicates count as one).
        texts = owners(clean)
        # Quotes inside the sentence repeat its words: one sentence text must hold them all.
        if len({t for t in texts if not any(t != u and t in u for u in texts)}) != 1:
            continue
        seen.add(clean)
        typed = [w.strip(",.;:\"“”'’()") for w in fragment]
        long = [i for i, w in enumerate(typed) if len(w) >= 5 and w.isalpha()]
        for i in rng.sample(long, min(len(long), rng.choice((1, 2, 2)))):
            typed[i] = _typo(typed[i], rng)
        if rng.random() < 0.3 and len(typed) > 6:  # a word left out
            del typed[rng.randrange(1, len(typed) - 1)]
        elif rng.random() < 0.3:  # two words swapped
            i = rng.randrange(0, len(typed) - 1)
            typed[i], typed[i + 1] = typed[i + 1], typed[i]
        if rng.random() < 0.5:
            typed = [strip_accents(w).lower() for w in typed]
        query = " ".join(w for w in typed if w)
        found.append(Query(query, "typo", intended=fold(text), plain=query))
    return found


def name_queries(index: SearchIndex, count: int, rng: random.Random) -> list[Query]:
    """People and places typed without their accents."""
    names: set[str] = set()
    pattern = re.compile(
        r"(?:Minister|Secretary|Chairman|General) ((?:[A-ZĐ][\w]+ ){1,2}[A-ZĐ][\w]+)"
    )
    for pid in range(0, len(index), max(1, len(index) // 4000)):
        for match in pattern.finditer(index.passage_text(pid)):
            name = match.group(1)
            if name != strip_accents(name):
                names.add(name)
    pool = sorted(names)
    chosen = rng.sample(pool, min(len(pool), count - 4))
    fixed = ["viet nam", "ha noi", "pham minh chinh", "dien luc"]
    return [
        Query(q, "name", plain=q)
        for q in [*fixed[: count - len(chosen)], *(strip_accents(n).lower() for n in chosen)]
    ]


def plain_text(query: str) -> str:
    """The query as a fixed string for grep / fzf: operators and filters dropped."""
    words = []
    for piece in re.findall(r'"[^"]*"|\S+', query):
        if re.match(r"!?(lang|doc|kind|date):", piece) or piece.startswith("!") or piece == "|":
            continue
        words.append(piece.strip("\"'^$"))
    return " ".join(w for w in words if w)


def all_queries(index: SearchIndex, seed: int) -> list[Query]:
    rng = random.Random(f"queries:{seed}")
    queries = [Query(q, "exact", plain=plain_text(q)) for q in EXACT]
    queries += typo_queries(index, 30, rng)
    queries += name_queries(index, 10, rng)
    queries += [Query(q, "filter", plain=plain_text(q)) for q in FILTERS]
    return queries


# -- measuring -------------------------------------------------------------------
def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def time_ours(index: SearchIndex, query: Query, limit: int) -> tuple[float, list[str]]:
    """Milliseconds for one cold query (word look-ups not cached), and the top texts."""
    buckets = index.cache.get(("typo-buckets",))
    index.cache.clear()
    if buckets is not None:
        index.cache[("typo-buckets",)] = buckets
    start = time.perf_counter()
    result = search_index(index, parse_query(query.text), limit=limit)
    elapsed = (time.perf_counter() - start) * 1000
    return elapsed, [h.text for h in result.hits]


def time_tool(command: list[str], lines: Path) -> float:
    """Milliseconds for one run; output goes to a file (GNU grep stops at the first
    match when it writes to /dev/null)."""
    sink = lines.with_suffix(".out")
    with open(lines, "rb") as stdin, open(sink, "wb") as stdout:
        start = time.perf_counter()
        subprocess.run(command, stdin=stdin, stdout=stdout, check=False)
        elapsed = (time.perf_counter() - start) * 1000
    sink.unlink()
    return elapsed


def run_size(n: int, seed: int, fzf_sample: int, limit: int) -> dict[str, float]:
    print(f"\n=== {n:,} articles ===")
    started = time.perf_counter()
    paths = corpus(n, seed)
    print(f"corpus: {len(paths):,} files ({time.perf_counter() - started:.1f} s to write or find)")
    started = time.perf_counter()
    articles = [parse_file(p) for p in paths]
    parse_s = time.perf_counter() - started
    raw = sum(
        len(p.text.encode()) for a in articles for p in a.paragraphs if p.kind in SEARCHED_KINDS
    )
    started = time.perf_counter()
    built = build_index(articles, IndexKey(0, f"bench-{n}-{seed}"))
    build_s = time.perf_counter() - started
    path = OUT / f"index-{n}-{seed}.search"
    built.save(path)
    sentences = int((built.pas_kind == 0).sum())
    del built, articles
    tracemalloc.start()
    started = time.perf_counter()
    index = SearchIndex.load(path)
    index.by_length()
    load_s = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"passages: {len(index):,} ({sentences:,} sentences) · raw text {raw / 1e6:.1f} MB · "
        f"parse {parse_s:.1f} s"
    )
    print(f"index build: {build_s:.2f} s · file {path.stat().st_size / 1e6:.1f} MB")
    print(
        f"index load: {load_s * 1000:.0f} ms · memory {peak / 1e6:.1f} MB "
        f"= {peak / raw:.2f}x the raw text (target ≤ 3x; load target ≤ 1 s)"
    )

    queries = all_queries(index, seed)
    search_index(index, parse_query("warm up"), limit=limit)  # builds the typo buckets once
    ours: dict[str, list[float]] = {c: [] for c in CLASSES}
    per_query: list[tuple[Query, float]] = []
    first = top5 = 0
    typo_total = 0
    for query in queries:
        elapsed, texts = time_ours(index, query, limit)
        ours[query.kind].append(elapsed)
        per_query.append((query, elapsed))
        if query.kind == "typo":
            typo_total += 1
            folded = [fold(t) for t in texts[:5]]
            hit = [t == query.intended or (t in (query.intended or "")) for t in folded]
            first += bool(hit[:1] and hit[0])
            top5 += any(hit)
    times = [t for _, t in per_query]
    print(
        f"our latency over {len(times)} queries: p50 {percentile(times, 0.5):.1f} ms · "
        f"p95 {percentile(times, 0.95):.1f} ms · max {max(times):.1f} ms (target p95 ≤ 30 ms)"
    )
    slowest = sorted(per_query, key=lambda qt: -qt[1])[:3]
    print("slowest: " + " · ".join(f"{q.text!r} {t:.1f} ms" for q, t in slowest))
    print(
        f"quality: intended sentence first for {first}/{typo_total} typo'd quote queries "
        f"({100 * first / typo_total:.0f} %, target ≥ 95 %), in the top 5 for {top5}/{typo_total}"
    )

    lines = OUT / f"passages-{n}-{seed}.txt"
    with open(lines, "w", encoding="utf-8") as out:
        for pid in range(len(index)):
            out.write(index.passage_text(pid).replace("\n", " ") + "\n")
    tools = {"fzf": shutil.which("fzf"), "grep": shutil.which("grep")}
    print(f"{'class':<8} {'queries':>7} {'ours p50':>9} {'fzf p50':>9} {'x faster':>9}"
          f" {'grep p50':>9} {'x faster':>9}")  # fmt: skip
    for kind in CLASSES:
        group = [(q, t) for q, t in per_query if q.kind == kind]
        mine = statistics.median(t for _, t in group)
        sample = group[:fzf_sample]
        row = f"{kind:<8} {len(group):>7} {mine:>8.1f}m"
        for tool in ("fzf", "grep"):
            exe = tools[tool]
            if exe is None:
                row += f" {'-':>9} {'-':>9}"
                continue
            chosen = sample if tool == "fzf" else group
            spent = []
            for q, _ in chosen:
                pattern = q.plain or q.text
                command = [exe, "--filter", pattern] if tool == "fzf" else [exe, "-iF", pattern]
                spent.append(time_tool(command, lines))
            theirs = statistics.median(spent)
            ours_same = statistics.median(t for q, t in chosen)
            row += f" {theirs:>8.1f}m {theirs / ours_same:>8.1f}x"
        print(row)
    print(f"(fzf timed on the first {fzf_sample} queries of each class; grep on all; both")
    print(" include process start-up, read the passages one per line and write every match")
    print(" to a file; fzf also sorts its output)")
    return {"p95": percentile(times, 0.95), "first": first / typo_total}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_search", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes (1000,10000)")
    parser.add_argument("--seed", type=int, default=0, help="corpus and query seed (0)")
    parser.add_argument("--fzf-sample", type=int, default=4, help="fzf runs per class (4)")
    parser.add_argument("--limit", type=int, default=50, help="hits per query (50)")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (int(s) for s in args.sizes.split(",") if s):
        run_size(size, args.seed, args.fzf_sample, args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
