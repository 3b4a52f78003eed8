"""Parser and pairing accuracy against hand-written gold: ``python -m bench.eval FOLDER…``.

Each FOLDER is a gold corpus (``../shared/corpus/wire``, ``../shared/corpus/bitext``). All
the folders' articles are ingested together into one fresh database, as a user would
ingest them, and every figure is read back from the store:

* ``wire``-style folders (``articles/<id>.txt`` + ``gold/<id>.json``) are scored field by
  field: paragraph segmentation, paragraph kind, captions and credits, title, date,
  dateline, credits, source, translation pairs;
* ``bitext``-style folders (``NN_en.txt``, ``NN_fr.txt``, ``pairing/*.txt`` and
  ``pairing_gold.json``) are scored on translation pairing only.

How each field is matched (texts compared with runs of white space folded):

* **segmentation**: every stored paragraph must lie inside one gold paragraph, in
  order, and cover it: what is left of a gold paragraph once its stored paragraphs
  are taken out may only be the dateline the parser moved to the ``dateline`` field,
  an agency credit it split off into a credit paragraph, and dashes or spaces. An
  article is exact when all its gold paragraphs are.
* **paragraph kind**: per gold paragraph, the kind of its longest stored piece;
  a gold paragraph with no stored piece counts as wrong.
* **caption / credit / junk F1**: over gold paragraphs, that kind against the rest.
* **title**: a gold headline must be the stored title with ``title_derived`` false;
  where the gold has none, ``title_derived`` must be true.
* **date**: where the gold has a date, right, unknown (none, or only a coarser
  prefix of it) or wrong. Where the gold has none, a stored date is wrong unless
  it is the file's own month header (or a day inside it): the gold leaves
  month-only stamps undated, so those are counted apart as ``month header``.
* **dateline**: the place (what stands before a comma) compared without accents.
* **credits**: the stored list against the gold list as multisets (precision,
  recall); **source**: the last gold credit that names an agency (not a photo,
  source or byline label).
* **pairs**: unordered id pairs; a distractor (an article with no partner in the
  gold) that is paired counts apart.

Prints one table and writes ``bench/out/eval.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from newsdesk.store.db import Store  # noqa: E402
from newsdesk.store.records import Article  # noqa: E402
from newsdesk.store.text import fold  # noqa: E402

OUT = ROOT / "bench" / "out"
_LABELLED_CREDIT = re.compile(
    r"^\(?\s*(?:source|crédit|credit|by|par)\b|\b(?:photo|ảnh)\b", re.IGNORECASE
)
_LEFTOVER_OK = re.compile(r"[\s\-–—−|()./:,]*")


def _norm(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Gold:
    """One gold article of a wire-style folder."""

    id: str
    data: dict[str, Any]


@dataclass
class Tally:
    """Counts behind one figure."""

    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(what)

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class F1:
    """Precision and recall of one label."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, gold: bool, found: bool, what: str) -> None:
        self.tp += gold and found
        self.fp += found and not gold
        self.fn += gold and not found
        if gold != found:
            self.misses.append(("missed " if gold else "extra ") + what)

    def figures(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def _map_paragraphs(article: Article, gold_paras: list[str]) -> list[list[int]] | None:
    """For each gold paragraph, the indices of the stored paragraphs inside it (in order).

    None when a stored paragraph lies in no gold paragraph at or after the current one.
    """
    mapping: list[list[int]] = [[] for _ in gold_paras]
    offsets = [0] * len(gold_paras)
    g = 0
    for i, para in enumerate(article.paragraphs):
        text = _norm(para.text)
        for j in range(g, len(gold_paras)):
            at = gold_paras[j].find(text, offsets[j] if j == g else 0)
            if at >= 0:
                mapping[j].append(i)
                offsets[j] = at + len(text)
                g = j
                break
        else:
            return None
    return mapping


def _covered(gold_text: str, pieces: list[str], article: Article) -> bool:
    """Whether the pieces cover the gold paragraph but for what the parser may move out."""
    rest = gold_text
    for piece in pieces:
        rest = rest.replace(piece, " ", 1)
    if article.dateline:
        rest = rest.replace(_norm(article.dateline), " ", 1)
    for credit in article.credits:
        rest = rest.replace(_norm(credit), " ", 1)
    rest = re.sub(r"\(\s*[A-Z][A-Za-z/]{1,12}\s*\)", " ", rest)  # "(VNA)" after a dateline
    return bool(_LEFTOVER_OK.fullmatch(rest))


def _date_verdict(article: Article, gold: str | None, header: str | None) -> str:
    found = article.date
    if gold:
        if found == gold:
            return "right"
        if found is None or gold.startswith(found):
            return "unknown"
        return "wrong"
    if found is None:
        return "unknown (gold none)"
    if header and len(header) == 7 and found.startswith(header):
        return "month header"
    return "wrong"


def _place(dateline: str | None) -> str | None:
    return fold(dateline.split(",")[0]).strip() if dateline else None


def _source(credits: list[str]) -> str | None:
    agencies = [c for c in credits if not _LABELLED_CREDIT.search(c)]
    return agencies[-1] if agencies else None


def _credit_key(credit: str) -> str:
    return fold(_norm(credit)).strip(" .-–—|")


def _read_header(path: Path) -> str | None:
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    match = re.match(r"\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)", first)
    return match.group(1) if match else None


def load_wire(folder: Path) -> tuple[list[Path], list[Gold]]:
    """The article files and gold of a wire-style folder."""
    golds = [
        Gold(path.stem, json.loads(path.read_text(encoding="utf-8")))
        for path in sorted((folder / "gold").glob("*.json"))
    ]
    return [folder / "articles" / f"{g.id}.txt" for g in golds], golds


def load_bitext(folder: Path) -> tuple[list[Path], set[frozenset[str]], set[str]]:
    """The files, the true pairs and the distractors of a bitext-style folder."""
    gold = json.loads((folder / "pairing_gold.json").read_text(encoding="utf-8"))
    pairs = {frozenset(Path(name).stem for name in pair) for pair in gold["pairs"]}
    unpaired = {Path(name).stem for name in gold["unpaired"]}
    files = sorted(folder.glob("[0-9]*_e[n].txt")) + sorted(folder.glob("[0-9]*_fr.txt"))
    files += sorted((folder / "pairing").glob("*.txt"))
    return files, pairs, unpaired


def score_wire(articles: dict[str, Article], golds: list[Gold], folder: Path) -> dict[str, Any]:
    """Every parser figure of one wire-style folder."""
    seg, kind, title, dateline, source = Tally(), Tally(), Tally(), Tally(), Tally()
    labels = {k: F1() for k in ("caption", "credit", "junk")}
    credits = F1()
    dates: Counter[str] = Counter()
    date_misses: list[str] = []
    for gold in golds:
        data, article = gold.data, articles[gold.id]
        gold_paras = [_norm(p["text"]) for p in data["paragraphs"]]
        mapping = _map_paragraphs(article, gold_paras)
        exact = mapping is not None and all(
            idx and _covered(text, [_norm(article.paragraphs[i].text) for i in idx], article)
            for text, idx in zip(gold_paras, mapping, strict=True)
        )
        seg.add(exact, gold.id)
        for n, para in enumerate(data["paragraphs"]):
            idx = mapping[n] if mapping else []
            found = (
                max((article.paragraphs[i] for i in idx), key=lambda p: len(p.text)).kind
                if idx
                else None
            )
            what = f"{gold.id} ¶{n} {para['kind']}→{found}: {gold_paras[n][:60]!r}"
            kind.add(found == para["kind"], what)
            for label, tally in labels.items():
                tally.add(para["kind"] == label, found == label, what)
        gold_title = data.get("title")
        if gold_title:
            ok = not article.title_derived and _norm(article.title) == _norm(gold_title)
        else:
            ok = article.title_derived
        title.add(ok, f"{gold.id}: {article.title!r} derived={article.title_derived}")
        header = _read_header(folder / "articles" / f"{gold.id}.txt")
        verdict = _date_verdict(article, data.get("date"), header)
        dates[verdict] += 1
        if verdict == "wrong" or verdict == "unknown":
            date_misses.append(f"{verdict}: {gold.id} {article.date} (gold {data.get('date')})")
        dateline.add(
            _place(article.dateline) == _place(data.get("dateline")),
            f"{gold.id}: {article.dateline!r} (gold {data.get('dateline')!r})",
        )
        gold_credits = Counter(_credit_key(c) for c in data.get("credits", []))
        found_credits = Counter(_credit_key(c) for c in article.credits)
        for key in gold_credits | found_credits:
            for k in range(max(gold_credits[key], found_credits[key])):
                credits.add(k < gold_credits[key], k < found_credits[key], f"{gold.id}: {key!r}")
        gold_source = _source(data.get("credits", []))
        source.add(
            (article.source or None) == gold_source
            or (
                gold_source is not None
                and article.source is not None
                and _credit_key(article.source) == _credit_key(gold_source)
            ),
            f"{gold.id}: {article.source!r} (gold {gold_source!r})",
        )
    dated = sum(1 for g in golds if g.data.get("date"))
    return {
        "articles": len(golds),
        "segmentation": seg,
        "kind": kind,
        "labels": labels,
        "title": title,
        "dates": dates,
        "dated": dated,
        "date_misses": date_misses,
        "dateline": dateline,
        "credits": credits,
        "source": source,
    }


def score_pairs(
    articles: dict[str, Article], true_pairs: set[frozenset[str]], distractors: set[str]
) -> dict[str, Any]:
    """Pairing precision and recall over every ingested article."""
    found = {frozenset((a.id, a.pair)) for a in articles.values() if a.pair}
    tp = len(found & true_pairs)
    paired_distractors = sorted(d for d in distractors if articles[d].pair)
    return {
        "true": len(true_pairs),
        "found": len(found),
        "precision": tp / len(found) if found else 1.0,
        "recall": tp / len(true_pairs) if true_pairs else 1.0,
        "missed": sorted("–".join(sorted(p)) for p in true_pairs - found),
        "wrong": sorted("–".join(sorted(p)) for p in found - true_pairs),
        "distractors": len(distractors),
        "distractors_paired": paired_distractors,
    }


def _row(name: str, value: str, target: str = "") -> str:
    return f"| {name} | {value} | {target} |"


def report(wire: dict[str, Any] | None, pairs: dict[str, Any], verbose: bool) -> list[str]:
    """The table of figures, then (with ``verbose``) every miss."""
    lines = ["| figure | value | target |", "|---|---:|---:|"]
    misses: list[str] = []
    if wire:
        seg: Tally = wire["segmentation"]
        lines.append(
            _row("segmentation exact", f"{seg.right}/{seg.total} ({seg.share:.2f})", "≥ 0.95")
        )
        kind: Tally = wire["kind"]
        lines.append(_row("paragraph kind accuracy", f"{kind.share:.3f}", "≥ 0.97"))
        for label, tally in wire["labels"].items():
            p, r, f = tally.figures()
            target = "≥ 0.95" if label in ("caption", "credit") else ""
            lines.append(_row(f"{label} P / R / F1", f"{p:.2f} / {r:.2f} / {f:.2f}", target))
            misses += [f"{label}: {m}" for m in tally.misses]
        title: Tally = wire["title"]
        lines.append(
            _row("title right", f"{title.right}/{title.total} ({title.share:.2f})", "≥ 0.95")
        )
        dates: Counter[str] = wire["dates"]
        dated = wire["dated"]
        lines.append(
            _row(
                "date right / unknown / wrong (gold dated)",
                f"{dates['right']} / {dates['unknown']} / "
                f"{dated - dates['right'] - dates['unknown']} of {dated}",
                "≥ 90 % right, 0 wrong",
            )
        )
        lines.append(
            _row(
                "date none / month header / wrong (gold undated)",
                f"{dates['unknown (gold none)']} / {dates['month header']} / "
                f"{dates['wrong'] - (dated - dates['right'] - dates['unknown'])}",
                "0 wrong",
            )
        )
        lines.append(_row("dateline right", f"{wire['dateline'].right}/{wire['dateline'].total}"))
        p, r, f = wire["credits"].figures()
        lines.append(_row("credits P / R / F1", f"{p:.2f} / {r:.2f} / {f:.2f}"))
        lines.append(_row("source right", f"{wire['source'].right}/{wire['source'].total}"))
        misses += [f"segmentation: {m}" for m in seg.misses]
        misses += [f"kind: {m}" for m in kind.misses]
        misses += [f"title: {m}" for m in title.misses]
        misses += [f"date {m}" for m in wire["date_misses"]]
        misses += [f"dateline: {m}" for m in wire["dateline"].misses]
        misses += [f"credits: {m}" for m in wire["credits"].misses]
        misses += [f"source: {m}" for m in wire["source"].misses]
    lines.append(
        _row(
            "pairs P / R",
            f"{pairs['precision']:.2f} / {pairs['recall']:.2f} "
            f"({pairs['found']} found, {pairs['true']} true)",
            "1.0 / ≥ 0.95",
        )
    )
    lines.append(
        _row(
            "distractors paired",
            f"{len(pairs['distractors_paired'])} of {pairs['distractors']}",
            "0",
        )
    )
    misses += [f"pair missed: {m}" for m in pairs["missed"]]
    misses += [f"pair wrong: {m}" for m in pairs["wrong"]]
    misses += [f"distractor paired: {m}" for m in pairs["distractors_paired"]]
    if verbose and misses:
        lines += ["", *misses]
    return lines


def _jsonable(value: Any) -> Any:
    if isinstance(value, Tally):
        return {"right": value.right, "total": value.total, "misses": value.misses}
    if isinstance(value, F1):
        p, r, f = value.figures()
        return {"precision": p, "recall": r, "f1": f, "misses": value.misses}
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def evaluate(folders: list[Path]) -> tuple[dict[str, Any] | None, dict[str, Any], float]:
    """Ingest every folder into one fresh database and score it."""
    files: list[Path] = []
    golds: list[Gold] = []
    wire_folder: Path | None = None
    true_pairs: set[frozenset[str]] = set()
    distractors: set[str] = set()
    for folder in folders:
        if (folder / "gold").is_dir():
            wire_files, wire_golds = load_wire(folder)
            files += wire_files
            golds += wire_golds
            wire_folder = folder
            for g in wire_golds:
                partner = g.data.get("pair")
                if partner:
                    true_pairs.add(frozenset((g.id, partner)))
                else:
                    distractors.add(g.id)
        elif (folder / "pairing_gold.json").is_file():
            bitext_files, pairs, unpaired = load_bitext(folder)
            files += bitext_files
            true_pairs |= pairs
            distractors |= unpaired
        else:
            raise SystemExit(f"{folder}: not a gold folder (no gold/ nor pairing_gold.json)")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "eval.json")
        started = time.perf_counter()
        store.ingest(files)
        seconds = time.perf_counter() - started
        articles = {a.id: a for a in store.articles()}
        store.close()
    wire = score_wire(articles, golds, wire_folder) if wire_folder else None
    return wire, score_pairs(articles, true_pairs, distractors), seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path, help="gold folders (wire, bitext)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    wire, pairs, seconds = evaluate([f.resolve() for f in args.folders])
    print("\n".join(report(wire, pairs, args.verbose)))
    print(f"\n(ingest of {', '.join(f.name for f in args.folders)}: {seconds:.1f} s)")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "eval.json").write_text(
        json.dumps({"wire": _jsonable(wire), "pairs": pairs}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
