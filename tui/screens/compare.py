"""The compare pane: an article beside its translation, one aligned row per link.

Both versions scroll together because each row holds both sides. From 100
columns the sides stand in two columns; below, they stack (English above
French) row by row, so 80×24 stays readable. Rows with a paragraph on one
side only, sentences on one side only, or figures and names missing from the
other side are marked with a colour *and* a symbol (⊕ one side only, ≠
mismatch), so the marks survive a terminal without colour. ``]`` / ``[`` jump
to the next / previous marked row; Enter opens the current row in the reader;
``e`` saves the comparison as Markdown and ``x`` the pair's aligned sentences as
a TMX translation memory. Two documents in the same language are labelled by
id. An article with no known translation opens the document picker instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static

from newsdesk.store import NewsdeskError, figure_context
from newsdesk.tui.messages import OpenArticle
from newsdesk.tui.screens import STILL_READING
from newsdesk.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from textual import getters

    from newsdesk.store import Comparison, Finding
    from newsdesk.tui.app import NewsdeskApp

__all__ = ["MISMATCH", "ONE_SIDED", "CompareRow", "CompareScreen"]

ONE_SIDED = "⊕"
MISMATCH = "≠"
LANGUAGES = {"en": "English", "fr": "French", "vi": "Vietnamese", "es": "Spanish", "de": "German"}

_ONE_SIDED_STYLE = "bold yellow"
_MISMATCH_STYLE = "bold red reverse"
_SENTENCE_STYLE = "yellow underline"


def language(code: str) -> str:
    return LANGUAGES.get(code, code)


def labels(comparison: Comparison) -> tuple[tuple[str, str], tuple[str, str]]:
    """(short label, name) of the left and right versions: the language, or the
    document's id when both are in the same language."""
    left, right = comparison.left, comparison.right
    if left.lang == right.lang:
        return (left.id, left.id), (right.id, right.id)
    return (left.lang.upper(), language(left.lang)), (right.lang.upper(), language(right.lang))


def _cell(comparison: Comparison, index: int, side: str) -> Text:
    """The text of one side of link ``index`` with its findings marked."""
    link = comparison.links[index]
    article = comparison.left if side == "left" else comparison.right
    numbers = link.left if side == "left" else link.right
    mine, theirs = labels(comparison) if side == "left" else reversed(labels(comparison))
    code, name = mine
    other_name = theirs[1]
    if not numbers:
        return Text(f"{code} ∅ nothing in {name}", style="dim italic")
    findings = [f for f in comparison.findings(index) if f.side == side]
    text = Text()
    for f in findings:
        if f.kind in ("number", "name"):
            text.append(f"{MISMATCH} {f.text}", "bold red")
            text.append(f" not in {other_name}\n", "red")
    for i, n in enumerate(numbers):
        paragraph = article.paragraph(n)
        if i:
            text.append("\n\n")
        label = f"{code} ¶{n}" + (f" {paragraph.kind}" if paragraph.kind != "body" else "")
        text.append(label, "bold dim")
        alone = next((f for f in findings if f.kind == "paragraph" and f.n == n), None)
        if alone is not None:
            text.append(f" {ONE_SIDED} only in {name}", _ONE_SIDED_STYLE)
            figures = ", ".join(figure_context(paragraph.text, q) for q in alone.figures)
            if figures and paragraph.kind == "body":
                text.append(f" · figures: {figures}", _ONE_SIDED_STYLE)
            text.append("\n" if paragraph.kind == "body" else " · ")
        else:
            text.append(" ")
        body = _marked(paragraph.text, [f for f in findings if f.n == n])
        if paragraph.kind != "body":
            body.stylize("dim")
        text.append_text(body)
    return text


def _marked(body: str, findings: list[Finding]) -> Text:
    """``body`` with a symbol before each finding and its span styled."""
    marks = sorted(
        (f.start, f.end, f.kind) for f in findings if f.kind in ("number", "name", "sentence")
    )
    text = Text()
    position = 0
    for start, end, kind in marks:
        if start < position:
            continue
        text.append(body[position:start])
        symbol, style = (
            (ONE_SIDED, _SENTENCE_STYLE) if kind == "sentence" else (MISMATCH, _MISMATCH_STYLE)
        )
        text.append(symbol, "bold yellow" if kind == "sentence" else "bold red")
        text.append(body[start:end], style)
        position = end
    text.append(body[position:])
    return text


def _pair_name(comparison: Comparison) -> str:
    """The pair in an export's file name: ``LEFT-RIGHT``."""
    return f"{comparison.left.id}-{comparison.right.id}"


class CompareRow(Horizontal):
    """One link: the left side and the right side, marked when they differ."""

    def __init__(self, comparison: Comparison, index: int) -> None:
        self.index = index
        findings = comparison.findings(index)
        self.one_sided = any(f.kind in ("paragraph", "sentence") for f in findings)
        self.mismatch = any(f.kind in ("number", "name") for f in findings)
        #: Marked, so ``]`` / ``[`` stop here: headline and caption rows included.
        self.difference = bool(findings)
        link = comparison.links[index]
        classes = "compare-row" + ("" if link.one_sided else " -both")
        if self.one_sided:
            classes += " -one-sided"
        if self.mismatch:
            classes += " -mismatch"
        super().__init__(classes=classes)
        self._cells = (
            (_cell(comparison, index, "left"), "" if link.left else " -empty"),
            (_cell(comparison, index, "right"), "" if link.right else " -empty"),
        )

    def compose(self) -> ComposeResult:
        yield Static(self._cells[0][0], classes="cell -left" + self._cells[0][1])
        yield Static(self._cells[1][0], classes="cell -right" + self._cells[1][1])


class CompareScreen(Screen[None]):
    """An article and its translation (or any other article) side by side."""

    if TYPE_CHECKING:  # the app, typed (at run time: Textual's own property)
        app = getters.app(NewsdeskApp)

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    DEFAULT_CSS = """
    CompareScreen #compare-summary {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    CompareScreen #compare-heads {
        height: 1;
        padding: 0 1;
    }
    CompareScreen #compare-heads > Static {
        width: 1fr;
        text-style: bold;
    }
    CompareScreen.-narrow #compare-heads {
        display: none;
    }
    CompareScreen #compare-rows {
        height: 1fr;
        padding: 0 1;
    }
    CompareScreen .compare-row {
        height: auto;
        margin-bottom: 1;
        border-left: blank;
    }
    CompareScreen .compare-row > .cell {
        width: 1fr;
        height: auto;
        padding: 0 1 0 0;
    }
    CompareScreen.-narrow .compare-row {
        layout: vertical;
    }
    CompareScreen.-narrow .compare-row.-both > .cell.-right {
        margin-top: 1;
    }
    CompareScreen.-narrow .compare-row > .cell.-empty {
        display: none;
    }
    CompareScreen .compare-row.-one-sided {
        border-left: thick $warning;
    }
    CompareScreen .compare-row.-mismatch {
        border-left: thick $error;
    }
    CompareScreen .compare-row.-current {
        background: $boost;
    }
    """

    BINDINGS = [
        Binding(
            "right_square_bracket",
            "difference(1)",
            "Next diff",
            key_display="]",
            id="compare_next",
            tooltip="Jump to the next row where the versions differ",
        ),
        Binding(
            "left_square_bracket",
            "difference(-1)",
            "Prev diff",
            key_display="[",
            id="compare_prev",
            tooltip="Jump to the previous row where the versions differ",
        ),
        Binding(
            "enter",
            "open_row",
            "Open",
            id="compare_open",
            tooltip="Open the current row's paragraph in the reader",
        ),
        Binding(
            "x",
            "export_tmx",
            "TMX",
            id="compare_tmx",
            tooltip="Export the pair's aligned sentences as a TMX translation memory (CAT tools)",
        ),
        Binding("escape,q", "close", "Back", id="compare_close", tooltip="Back to the list"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="compare_down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="compare_up"),
        Binding("g,home", "edge(0)", "Top", show=False, id="compare_top"),
        Binding("G,end", "edge(1)", "Bottom", show=False, id="compare_bottom"),
    ]

    class Loaded(Message):
        """The comparison is ready."""

        def __init__(self, comparison: Comparison) -> None:
            super().__init__()
            self.comparison = comparison

    class Waiting(Message):
        """The database is still being read; the comparison follows."""

    class Failed(Message):
        """The comparison could not be made (``no_pair``: the article has no known translation)."""

        def __init__(self, message: str, no_pair: bool = False) -> None:
            super().__init__()
            self.message = message
            self.no_pair = no_pair

    def __init__(self, doc_id: str, other: str | None = None) -> None:
        super().__init__()
        self.doc_id = doc_id
        self.other = other
        self.comparison: Comparison | None = None
        self.current: int | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="⇄")
        yield Static(Text("Aligning…"), id="compare-summary")
        with Horizontal(id="compare-heads"):
            yield Static(id="head-left")
            yield Static(id="head-right")
        yield VerticalScroll(id="compare-rows")
        yield KeyFooter()

    @property
    def rows_view(self) -> VerticalScroll:
        return self.query_one("#compare-rows", VerticalScroll)

    @property
    def rows(self) -> list[CompareRow]:
        return list(self.query(CompareRow))

    def on_mount(self) -> None:
        self.rows_view.loading = True
        self.rows_view.focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="compare")
    def load(self) -> None:
        """Align and check off the UI thread; the result comes back as a message."""
        from newsdesk.store import NoPair, compare

        store = self.app.store
        if store is None:  # opened during start-up: store_ready() loads it
            self.post_message(self.Waiting())
            return
        try:
            comparison = compare(store, self.doc_id, self.other)
        except NoPair as exc:
            self.post_message(self.Failed(str(exc), no_pair=True))
            return
        except NewsdeskError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.Loaded(comparison))

    @on(Loaded)
    def show_comparison(self, message: Loaded) -> None:
        comparison = self.comparison = message.comparison
        left, right = comparison.left, comparison.right
        self.sub_title = f"{left.id} ⇄ {right.id}"
        (_, left_name), (_, right_name) = labels(comparison)
        for where, name, article in (("left", left_name, left), ("right", right_name, right)):
            head = name if name == article.id else f"{name} · {article.id}"
            self.query_one(f"#head-{where}", Static).update(
                Text(head, overflow="ellipsis", no_wrap=True)
            )
        view = self.rows_view
        view.loading = False
        view.remove_children()
        view.mount_all(CompareRow(comparison, i) for i in range(len(comparison.links)))
        self.query_one("#compare-summary", Static).update(self._summary(comparison))

    @on(Waiting)
    def show_waiting(self) -> None:
        self.query_one("#compare-summary", Static).update(Text(STILL_READING))

    def store_ready(self) -> None:
        """The database is read (the app calls this): align now if that had to wait."""
        if self.comparison is None:
            self.load()

    @on(Failed)
    def show_failure(self, message: Failed) -> None:
        if message.no_pair:
            # No known translation: choose the other document instead of an empty pane.
            from newsdesk.tui.palette import compare_with_another

            self.dismiss()
            compare_with_another(self.app, self.doc_id)
            return
        self.rows_view.loading = False
        self.query_one("#compare-summary", Static).update(Text(message.message, style="bold red"))
        self.notify(message.message, severity="warning", markup=False)

    @staticmethod
    def _summary(comparison: Comparison) -> Text:
        report = comparison.report
        body = [f for f in report.one_sided if f.kind == "paragraph" and f.paragraph_kind == "body"]
        sentences = [f for f in report.one_sided if f.kind == "sentence"]
        differences = len(comparison.differences)
        text = Text()
        pair = "pair" if comparison.paired else "not a pair"
        text.append(f"confidence {comparison.confidence:.2f} ({pair}) · one side only: ")
        # Warning colours only for a count above zero: "≠ 0 mismatches" is good news.
        one_sided = len(body) + len(sentences)
        text.append(
            f"{ONE_SIDED} {len(body)} ¶, {len(sentences)} sentences",
            _ONE_SIDED_STYLE if one_sided else "dim",
        )
        text.append(" · ")
        mismatches = len(report.mismatches)
        text.append(f"{MISMATCH} {mismatches} mismatches", "bold red" if mismatches else "dim")
        plural = "" if differences == 1 else "s"
        text.append(f" · {differences} difference{plural}: ] next, [ previous")
        return text

    # -- actions ----------------------------------------------------------
    def action_difference(self, step: int) -> None:
        """Move to the next (``step`` = 1) or previous (-1) row that differs."""
        rows = self.rows
        targets = [row.index for row in rows if row.difference]
        if not targets:
            self.notify("No differences between the two versions.")
            return
        if self.current is None:
            candidates = targets if step > 0 else list(reversed(targets))
        elif step > 0:
            candidates = [i for i in targets if i > self.current]
        else:
            candidates = [i for i in reversed(targets) if i < self.current]
        if not candidates:
            self.notify("No more differences." if step > 0 else "No earlier differences.")
            return
        self.select(candidates[0])

    def select(self, index: int) -> None:
        """Make row ``index`` the current row and scroll it to the top."""
        rows = self.rows
        if self.current is not None and self.current < len(rows):
            rows[self.current].remove_class("-current")
        self.current = index
        row = rows[index]
        row.add_class("-current")
        self.rows_view.scroll_to_widget(row, animate=False, top=True)

    def action_scroll(self, lines: int) -> None:
        self.rows_view.scroll_relative(y=lines, animate=False)

    def action_edge(self, bottom: int) -> None:
        if bottom:
            self.rows_view.scroll_end(animate=False)
        else:
            self.rows_view.scroll_home(animate=False)

    def action_open_row(self) -> None:
        """Open the current row (or the first) in the reader at its paragraph."""
        if self.comparison is None or not self.comparison.links:
            return
        index = self.current if self.current is not None else 0
        link = self.comparison.links[index]
        findings = self.comparison.findings(index)
        side = "left" if link.left else "right"
        if not any(f.side == side for f in findings) and any(f.side != side for f in findings):
            side = "right" if side == "left" and link.right else side
        article = self.comparison.left if side == "left" else self.comparison.right
        numbers = link.left if side == "left" else link.right
        para = numbers[0]
        spans = [
            (f.start, f.end)
            for f in findings
            if f.side == side and f.n == para and f.kind in ("number", "name", "sentence")
        ]
        # Escape in the reader comes back here, at this row.
        self.post_message(
            OpenArticle(article.id, para, spans or None, return_to=self, return_name="compare")
        )

    def export_view(self) -> tuple[str, str] | None:
        """(name, Markdown) of the comparison, for the app's Markdown export (``e``)."""
        if self.comparison is None:
            return None
        from newsdesk.tui.commands.compare import markdown

        return _pair_name(self.comparison), markdown(self.comparison)

    def action_export_tmx(self) -> None:
        """Save the pair on screen as a TMX translation memory (``newsdesk-LEFT-RIGHT.tmx``)."""
        if self.comparison is None:
            self.notify("Still aligning: export once the rows are shown.", severity="warning")
            return
        from newsdesk.tui.commands.export_tmx import pair_tmx
        from newsdesk.tui.palette import save_export

        text, written, left_out = pair_tmx(self.comparison)
        what = f"{written} translation units ({left_out} left out: one-sided or doubtful)"
        save_export(self.app, _pair_name(self.comparison), ".tmx", text, "application/x-tmx", what)

    def action_close(self) -> None:
        self.dismiss()
