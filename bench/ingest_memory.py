"""Where an ingest's memory goes, step by step: ``python -m bench.ingest_memory CORPUS``.

Ingests ``CORPUS`` (a folder of ``*.txt``, e.g. ``bench/out/corpus-1k``) into a fresh
TinyDB archive in a child process, as ``bench.run`` measures an ingest's peak memory,
and prints for each step of the ingest's progress (files read, articles parsed,
each corpus stage, the database write, the article list) the process's resident
memory when the step began and its peak (``VmHWM``) when the step ended. The peak
of the whole ingest is ``bench.run``'s "ingest peak memory" (``ru_maxrss``).

``--tracemalloc`` also prints, for each step, the Python allocations alive at its
end and the largest holders by line (slower: about 2× the time).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from bench.run import run_child

_CHILD = """
import json, resource, sys, time
from pathlib import Path
from newsdesk.store import db_target, open_store
trace = sys.argv[3] == "trace"
if trace:
    import tracemalloc
    tracemalloc.start(1)

def status():
    out = {}
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                out[line.split(":")[0]] = int(line.split()[1]) / 1024
    return out

steps = []
def note(name):
    now = status()
    if steps:
        steps[-1]["peak_mb"] = now["VmHWM"]
        steps[-1]["end_mb"] = now["VmRSS"]
        steps[-1]["seconds"] = time.perf_counter() - steps[-1]["t"]
        if trace:
            snap = tracemalloc.take_snapshot()
            stats = snap.statistics("lineno")
            steps[-1]["py_mb"] = sum(s.size for s in stats) / 2**20
            steps[-1]["top"] = [
                [f"{s.traceback[0].filename.split('newsdesk/')[-1]}:{s.traceback[0].lineno}",
                 s.size / 2**20] for s in stats[:6]
            ]
    steps.append({"step": name, "start_mb": now["VmRSS"], "t": time.perf_counter()})

def progress(done, total, step):
    if not steps or steps[-1]["step"] != step:
        note(step)

t = time.perf_counter()
note("opening")
store = open_store(db_target(sys.argv[1]))
report = store.ingest([Path(sys.argv[2])], progress=progress)
store.close()
note("end")
steps.pop()
for s in steps:
    s.pop("t")
print(json.dumps({"seconds": time.perf_counter() - t, "added": len(report.added),
    "steps": steps, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(corpus: Path, trace: bool) -> dict[str, object]:
    """The step-by-step memory of one ingest of ``corpus`` into a fresh archive."""
    with tempfile.TemporaryDirectory(prefix="newsdesk-mem-") as work:
        db = Path(work) / "db.json"
        return run_child(_CHILD, str(db), str(corpus), "trace" if trace else "plain")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="folder of articles to ingest")
    parser.add_argument("--tracemalloc", action="store_true", help="Python allocations too")
    parser.add_argument("--json", action="store_true", help="print the raw figures")
    args = parser.parse_args(argv)
    result = measure(args.corpus.resolve(), args.tracemalloc)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"{result['added']} articles in {result['seconds']:.1f} s")
    print(f"{'step':<28} {'start MB':>9} {'end MB':>8} {'peak MB':>8} {'s':>6}")
    for step in result["steps"]:  # type: ignore[attr-defined]
        print(
            f"{step['step']:<28} {step['start_mb']:9.0f} {step['end_mb']:8.0f} "
            f"{step['peak_mb']:8.0f} {step['seconds']:6.1f}"
            + (f"   python {step['py_mb']:.0f} MB" if "py_mb" in step else "")
        )
        for where, size in step.get("top", []):
            print(f"{'':<30}{size:7.1f} MB  {where}")
    print(f"peak (ru_maxrss): {result['rss_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
