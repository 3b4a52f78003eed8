"""Where a large ingest's worker processes spend their CPU: ``python -m bench.worker_job CORPUS``.

Two measures of the same corpus (a folder of ``*.txt``, e.g. ``bench/out/corpus-1k``):

* ``ingest``: a real ingest into a new archive in a temporary folder, in a child
  process; the CPU (user + system, by ``getrusage``) of its worker processes and of
  the main process, in milliseconds an article;
* ``job``: the workers' whole job run in this process, chunk by chunk as
  :func:`store.parallel.parallel_map` sends it: reading the file, parsing, the
  article's record, each per-article stage, and pickling the chunk's results as
  the pool sends them back (unpickling too, which the main process does), each in
  CPU milliseconds an article. ``--profile N`` prints cProfile's top ``N`` functions
  over the job.

It runs the newsdesk of the environment (after ``pip install .``, the compiled build).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import pickle
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import child_prelude

_INGEST_CHILD = """
import json, resource, sys, time
from pathlib import Path
from newsdesk.store import db_target, open_store
t = time.perf_counter()
store = open_store(db_target(sys.argv[1]))
report = store.ingest([Path(sys.argv[2])])
store.close()
seconds = time.perf_counter() - t
me = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "added": len(report.added),
    "self_user": me.ru_utime, "self_sys": me.ru_stime,
    "workers_user": kids.ru_utime, "workers_sys": kids.ru_stime}))
"""


def ingest_rusage(corpus: Path) -> dict[str, float]:
    """CPU ms an article of a real ingest of ``corpus``: main process and workers."""
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                child_prelude() + _INGEST_CHILD,
                str(Path(tmp) / "db.json"),
                str(corpus),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    r = json.loads(out.splitlines()[-1])
    n = max(1, r["added"])
    return {
        "articles/s": r["added"] / r["seconds"],
        "main ms": (r["self_user"] + r["self_sys"]) * 1000 / n,
        "workers ms": (r["workers_user"] + r["workers_sys"]) * 1000 / n,
        "workers sys ms": r["workers_sys"] * 1000 / n,
    }


def job_steps(corpus: Path, profile: int = 0) -> dict[str, float]:
    """CPU ms an article of each part of the workers' job, run here chunk by chunk."""
    from multiprocessing.reduction import ForkingPickler

    from newsdesk.store import ingest
    from newsdesk.store.derived import ARTICLE_STAGES
    from newsdesk.store.parse import parse_bytes

    files = sorted(corpus.glob("*.txt"))
    jobs = [ingest._Job(p, p.stem, str(p), False) for p in files]
    # Warm up: imports and compiled patterns, as the forked workers have them.
    ingest._prepare(jobs[0])
    gc.freeze()
    spent: dict[str, float] = {"read": 0.0, "parse": 0.0, "record": 0.0}
    spent.update({name: 0.0 for name in ARTICLE_STAGES})
    spent.update({"pickle": 0.0, "unpickle": 0.0})
    size = 32
    profiler = cProfile.Profile() if profile else None
    whole = time.process_time()
    for start in range(0, len(jobs), size):
        results = []
        if profiler:
            profiler.enable()
        for job in jobs[start : start + size]:
            t = time.process_time()
            data = ingest.read_article_bytes(job.path)
            now = time.process_time()
            spent["read"] += now - t
            article = parse_bytes(data, doc_id=job.doc_id, file=job.file)
            t, now = now, time.process_time()
            spent["parse"] += now - t
            record = article.to_record()
            t, now = now, time.process_time()
            spent["record"] += now - t
            extras = {}
            for name, stage in ARTICLE_STAGES.items():
                extras[name] = stage(article)
                t, now = now, time.process_time()
                spent[name] += now - t
            results.append((record, extras))
        t = time.process_time()
        payload = ForkingPickler.dumps(results)
        now = time.process_time()
        spent["pickle"] += now - t
        if profiler:
            profiler.disable()
        t = time.process_time()
        pickle.loads(payload)
        spent["unpickle"] += time.process_time() - t
    total = time.process_time() - whole - spent["unpickle"]
    n = len(jobs)
    out = {k: v * 1000 / n for k, v in spent.items()}
    out["job total"] = total * 1000 / n
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(profile)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.worker_job", description=__doc__)
    parser.add_argument("corpus", type=Path, help="a folder of *.txt articles")
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--no-ingest", action="store_true", help="the in-process job only")
    parser.add_argument("--no-job", action="store_true", help="the real ingest only")
    args = parser.parse_args(argv)
    try:
        from newsdesk._build import COMPILED  # type: ignore[import-not-found]
    except ImportError:  # a checkout or an editable install: pure
        COMPILED = False
    print(f"build: compiled={COMPILED}")
    if not args.no_job:
        steps = job_steps(args.corpus, args.profile)
        print("job (CPU ms an article): " + ", ".join(f"{k} {v:.2f}" for k, v in steps.items()))
    if not args.no_ingest:
        r = ingest_rusage(args.corpus)
        print("ingest: " + ", ".join(f"{k} {v:.2f}" for k, v in r.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
