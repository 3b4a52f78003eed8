"""``newsdesk compare ID [OTHER]``: an article beside its translation, link by link."""

from __future__ import annotations

import argparse
import itertools
import shutil
import textwrap
from typing import TYPE_CHECKING

from newsdesk.store import figure_context
from newsdesk.tui.commands.common import add_command, open_store, out, print_json

if TYPE_CHECKING:
    from collections.abc import Iterable

    from newsdesk.store import Comparison, Finding
    from newsdesk.tui.commands.common import SubParsers

HELP = "compare an article with its translation (or with any other article)"
DESCRIPTION = """\
Align an article with its translation paragraph by paragraph and sentence by
sentence, and report what one version says that the other does not: paragraphs
and sentences on one side only, and figures or names missing from the other side.

With one ID the detected translation is used; name OTHER to compare any two articles.
The English version is shown on the left when there is one.
"""
EPILOG = """\
examples:
  newsdesk compare 000                   000 beside its detected translation
  newsdesk compare 000 001 --markdown    a two-column Markdown report
  newsdesk compare 000 --json | jq '.mismatches'

marks: ⊕ one side only   ≠ a figure or name missing from the other side
"""

LANGUAGES = {"en": "English", "fr": "French", "vi": "Vietnamese", "es": "Spanish", "de": "German"}
ONE_SIDED = "⊕"
MISMATCH = "≠"


def register(sub: SubParsers, db_parent: argparse.ArgumentParser) -> None:
    p = add_command(sub, db_parent, "compare", help=HELP, epilog=EPILOG, description=DESCRIPTION)
    p.add_argument("id", metavar="ID", help="article id or unique prefix")
    p.add_argument("other", metavar="OTHER", nargs="?", help="the article to compare with")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print the comparison as JSON")
    fmt.add_argument("--markdown", action="store_true", help="print a two-column Markdown report")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from newsdesk.store import compare

    store = open_store(args)
    try:
        comparison = compare(store, args.id, args.other)
    finally:
        store.close()
    if args.json:
        print_json(comparison.to_dict())
    elif args.markdown:
        out(markdown(comparison).rstrip("\n"))
    else:
        out(plain(comparison, shutil.get_terminal_size((100, 24)).columns).rstrip("\n"))
    return 0


def language(code: str) -> str:
    return LANGUAGES.get(code, code)


def names(comparison: Comparison) -> tuple[str, str]:
    """What to call the two versions: their languages, or their ids when the same language."""
    left, right = comparison.left, comparison.right
    if left.lang == right.lang:
        return left.id, right.id
    return language(left.lang), language(right.lang)


def _numbers(ns: tuple[int, ...]) -> str:
    return ", ".join(map(str, ns)) if ns else "—"


def _summary(comparison: Comparison) -> str:
    report = comparison.report
    paragraphs = [f for f in report.one_sided if f.kind == "paragraph"]
    sentences = [f for f in report.one_sided if f.kind == "sentence"]
    detected = "detected pair" if comparison.paired else "not a detected pair"
    return (
        f"confidence {comparison.confidence:.2f} ({detected}) · {len(comparison.links)} links · "
        f"{differences(comparison)} · "
        f"{len(paragraphs)} one-sided paragraphs · {len(sentences)} one-sided sentences · "
        f"{len(report.mismatches)} mismatches"
    )


def differences(comparison: Comparison) -> str:
    """The one count of differences, as the compare pane's header shows it too."""
    count = len(comparison.differences)
    return f"{count} difference{'' if count == 1 else 's'}"


def _cell_marks(findings: Iterable[Finding], side: str) -> list[str]:
    marks: list[str] = []
    for f in findings:
        if f.side != side:
            continue
        if f.kind == "paragraph":
            marks.append(f"{ONE_SIDED} only in this version ({f.paragraph_kind})")
        elif f.kind == "sentence":
            marks.append(f"{ONE_SIDED} sentence {f.n}.{f.s} only here")
        else:
            marks.append(f"{MISMATCH} {f.text}")
    return marks


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def markdown(comparison: Comparison) -> str:
    """A two-column Markdown report: one table row per link, then the findings."""
    left, right = comparison.left, comparison.right
    ll, rl = names(comparison)
    same = left.lang == right.lang
    title = (
        f"# `{left.id}` ⇄ `{right.id}` ({language(left.lang)})"
        if same
        else f"# `{left.id}` ({ll}) ⇄ `{right.id}` ({rl})"
    )
    lines = [
        title,
        "",
        _summary(comparison),
        "",
        f"| ¶ | {ll} | ¶ | {rl} |",
        "| ---: | --- | ---: | --- |",
    ]
    for index, link in enumerate(comparison.links):
        findings = comparison.findings(index)
        cells = []
        for side, article, numbers in (("left", left, link.left), ("right", right, link.right)):
            text = " ".join(article.paragraph(n).text for n in numbers)
            marks = _cell_marks(findings, side)
            cell = _md(text) if text else "—"
            if marks:
                cell = f"**{_md(' · '.join(marks))}**<br>{cell}"
            cells.append((_numbers(numbers), cell))
        lines.append(f"| {cells[0][0]} | {cells[0][1]} | {cells[1][0]} | {cells[1][1]} |")
    lines += ["", "## One side only", ""]
    one_sided = comparison.report.one_sided
    if not one_sided:
        lines.append("Nothing: every paragraph and sentence has a counterpart.")
    for f in one_sided:
        article = left if f.side == "left" else right
        where = f"¶{f.n}" + (f".{f.s}" if f.s else "")
        kind = f" ({f.paragraph_kind})" if f.paragraph_kind else ""
        figures = ", ".join(figure_context(article.paragraph(f.n).text, q) for q in f.figures)
        lines.append(
            f"- {ONE_SIDED} {ll if f.side == 'left' else rl} {where}{kind}: {_md(f.text)}"
            + (f" — figures: {_md(figures)}" if figures else "")
        )
    lines += ["", "## Facts on one side only", ""]
    mismatches = comparison.report.mismatches
    if not mismatches:
        lines.append("None: the figures and names of linked paragraphs agree.")
    for f in mismatches:
        link = comparison.links[f.link]
        other_ns = link.right if f.side == "left" else link.left
        here, there = (ll, rl) if f.side == "left" else (rl, ll)
        lines.append(
            f"- {MISMATCH} {f.kind} `{_md(f.text)}` in {here} ¶{f.n}, "
            f"not in {there} ¶{_numbers(other_ns)}"
        )
    return "\n".join(lines) + "\n"


def plain(comparison: Comparison, width: int = 100) -> str:
    """Two columns of wrapped text per link, for a terminal ``width`` wide."""
    left, right = comparison.left, comparison.right
    column = max(20, (width - 3) // 2)
    lines = [
        f"{left.id} ({language(left.lang)}) ⇄ {right.id} ({language(right.lang)})",
        _summary(comparison),
        "",
    ]
    for index, link in enumerate(comparison.links):
        findings = comparison.findings(index)
        marks = "".join(
            sorted(
                {ONE_SIDED if f.kind in ("paragraph", "sentence") else MISMATCH for f in findings}
            )
        )
        head = f"¶{_numbers(link.left)} ⇄ ¶{_numbers(link.right)}  {link.kind}  {link.score:.2f}"
        lines.append(f"{head} {marks}".rstrip())
        columns = []
        for side, article, numbers in (("left", left, link.left), ("right", right, link.right)):
            text = " ".join(article.paragraph(n).text for n in numbers)
            body = [f"[{m}]" for m in _cell_marks(findings, side)]
            body += textwrap.wrap(text, column) if text else ["—"]
            columns.append(body)
        for a, b in itertools.zip_longest(*columns, fillvalue=""):
            wrapped_a = textwrap.wrap(a, column) or [""]
            wrapped_b = textwrap.wrap(b, column) or [""]
            for x, y in itertools.zip_longest(wrapped_a, wrapped_b, fillvalue=""):
                lines.append(f"{x:<{column}} │ {y}".rstrip())
        lines.append("")
    return "\n".join(lines)
