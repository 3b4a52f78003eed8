"""``newsdesk export --format tmx``: aligned translation pairs as a TMX translation memory.

The options and the run of the TMX format; ``tui.commands.export`` adds the
options to its parser and hands over when ``--format tmx`` is asked for. The
document itself is written by :mod:`store.tmx`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from newsdesk.store import NewsdeskError

if TYPE_CHECKING:
    from newsdesk.store import Comparison, Store

__all__ = ["add_tmx_arguments", "pair_tmx", "run_tmx", "tmx_options_used"]

EXAMPLES = """\
  newsdesk export --format tmx --pair 000 -o seeds.tmx   one pair as a translation memory
  newsdesk export --format tmx --all-pairs -o all.tmx    every detected pair
  newsdesk export --format tmx --all-pairs --min-score 0.8 --keep-one-sided
"""


def add_tmx_arguments(parser: argparse.ArgumentParser) -> None:
    """The options that only ``--format tmx`` reads."""
    from newsdesk.store import TMX_MIN_SCORE

    group = parser.add_argument_group("TMX (--format tmx: one unit per aligned sentence link)")
    which = group.add_mutually_exclusive_group()
    which.add_argument(
        "--pair",
        action="append",
        metavar="ID",
        help="the pair this article belongs to (repeat for several; default: every pair)",
    )
    which.add_argument("--all-pairs", action="store_true", help="every detected pair")
    group.add_argument(
        "--srclang",
        type=str.lower,
        metavar="LANG",
        help="source language of the units (default: English, else the pair's left side)",
    )
    group.add_argument(
        "--min-score",
        type=_score,
        metavar="S",
        help=f"leave out links the aligner scores below S, 0 to 1 (default {TMX_MIN_SCORE})",
    )
    group.add_argument(
        "--keep-one-sided",
        action="store_true",
        help="keep sentences with no counterpart, as units with one language marked x-one-sided",
    )


def _score(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsdesk")
    except PackageNotFoundError:  # pragma: no cover - source checkout
        return "0+unknown"


def _pairs(store: Store, args: argparse.Namespace) -> list[tuple[str, str]]:
    """(left id, right id) of the pairs asked for, in the order asked."""
    from newsdesk.store import compare, stored_pairs

    refs: list[str] = list(args.pair or []) + list(args.ids or [])
    if not refs:
        return [(p.left, p.right) for p in stored_pairs(store)]
    chosen: list[tuple[str, str]] = []
    for ref in refs:
        comparison = compare(store, ref)  # NoPair: one clear message
        key = (comparison.left.id, comparison.right.id)
        if key not in chosen:
            chosen.append(key)
    return chosen


def tmx_options_used(args: argparse.Namespace) -> list[str]:
    """The TMX-only options given on the command line (for a clear error with other formats)."""
    given = [
        ("--pair", args.pair),
        ("--all-pairs", args.all_pairs),
        ("--srclang", args.srclang),
        ("--min-score", args.min_score is not None),
        ("--keep-one-sided", args.keep_one_sided),
    ]
    return [name for name, value in given if value]


def run_tmx(args: argparse.Namespace) -> int:
    """Write the TMX of the pairs asked for; say how many units were written and left out."""
    from newsdesk.store import TMX_MIN_SCORE, alignment_for, pair_units, source_language, tmx_chunks
    from newsdesk.tui.commands.common import open_store

    if args.kind not in (None, "pairs"):
        raise NewsdeskError("--format tmx exports translation pairs only: drop --kind", 2)
    if args.all_pairs and args.ids:
        raise NewsdeskError("--all-pairs takes no article ids: drop them or use --pair ID", 2)
    min_score = TMX_MIN_SCORE if args.min_score is None else args.min_score
    store = open_store(args)
    try:
        pairs = [(store.get(a), store.get(b)) for a, b in _pairs(store, args)]
        for left, right in pairs:  # before a byte is written: one clear message
            try:
                source_language(left, right, args.srclang)
            except ValueError as exc:
                raise NewsdeskError(f"--srclang: {exc}", 2) from None
        written = below = alone = 0

        def units() -> Iterator[Any]:
            nonlocal written, below, alone
            for left, right in pairs:
                result = pair_units(
                    left,
                    right,
                    alignment_for(store, left.id, right.id),
                    srclang=args.srclang,
                    min_score=min_score,
                    keep_one_sided=args.keep_one_sided,
                )
                written += len(result.units)
                below += result.below_score
                alone += result.one_sided
                yield from result.units

        chunks = tmx_chunks(units(), args.srclang or "en", version=_version())
        if args.output is None or str(args.output) == "-":
            for chunk in chunks:
                sys.stdout.buffer.write(chunk.encode("utf-8"))
            sys.stdout.flush()
            where = "standard output"
        else:
            from newsdesk.tui.commands.export import write_output

            write_output(args.output, "".join(chunks).encode("utf-8"), force=args.force)
            where = str(args.output)
    finally:
        store.close()
    one_sided = "one-sided kept" if args.keep_one_sided else f"{alone} one-sided"
    plural = "" if len(pairs) == 1 else "s"
    print(
        f"wrote {written} translation units from {len(pairs)} pair{plural} to {where}; "
        f"left out {below + alone} ({below} scored below --min-score {min_score:g}, {one_sided})",
        file=sys.stderr,
    )
    return 0


def pair_tmx(comparison: Comparison) -> tuple[str, int, int]:
    """The TMX of one comparison (the compare pane's pair), with the default options:
    (document, units written, units left out)."""
    from newsdesk.store import pair_units, source_language, tmx_chunks

    left, right = comparison.left, comparison.right
    result = pair_units(left, right, comparison.alignment)
    srclang = source_language(left, right, None)
    text = "".join(tmx_chunks(result.units, srclang, version=_version()))
    return text, len(result.units), result.left_out
