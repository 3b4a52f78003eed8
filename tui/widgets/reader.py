"""The reader: an article's metadata and its numbered paragraphs, with a paragraph cursor.

↑/↓ (j/k) move the cursor, a bar at the left of the current paragraph, and
scroll a paragraph taller than the view line by line. ``y`` copies the current
paragraph, or the quotation/sentence around a highlighted search hit or fact,
with its citation (OSC 52: it reaches the user's own clipboard over SSH and in
tmux). ``h`` marks the article's facts by kind, with a symbol before each so
that the marks survive a terminal without colour.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.events import Click
from textual.message import Message
from textual.widgets import Static

from newsdesk.store import Article
from newsdesk.tui.marks import FACT_MARKS

if TYPE_CHECKING:
    from textual import getters

    from newsdesk.store import Cited, Fact, Store
    from newsdesk.tui.app import NewsdeskApp

__all__ = ["FACT_MARKS", "FactMark", "ParagraphView", "Reader", "load_facts"]

_KIND_LABEL = {"title": "Title", "caption": "▣ Caption", "credit": "— Credit", "junk": "× Junk"}


@dataclass(frozen=True, slots=True)
class FactMark:
    """A fact to mark in a paragraph: its span, kind and (for quotes) speaker."""

    start: int
    end: int
    kind: str
    speaker: str | None = None


def load_facts(store: Store, article: Article) -> list[Fact]:
    """The facts of ``article`` for citations and fact marks, without the corpus's."""
    from newsdesk.store import article_facts

    return list(article_facts(store, article.id))


def _facts_key(article: Article) -> str:
    """Facts are cached per article version: a re-ingested article has a new sha256."""
    return f"{article.id}@{article.sha256}"


def _marks_by_para(facts: Iterable[Fact]) -> dict[int, list[FactMark]]:
    marks: dict[int, list[FactMark]] = {}
    for fact in facts:
        kind = str(fact.kind)
        if kind not in FACT_MARKS:
            continue
        speaker = fact.fields.get("speaker") if kind == "quote" else None
        marks.setdefault(fact.para, []).append(
            FactMark(fact.start, fact.end, kind, speaker if speaker else None)
        )
    return marks


#: A derived title (the story's whole first sentence) is shown cut to one line at 80 columns.
_DERIVED_TITLE_CHARS = 72


def _shown_title(article: Article) -> str:
    """The title as the header shows it: a derived one cut at a word, with "…"."""
    title = article.title
    if not article.title_derived or len(title) <= _DERIVED_TITLE_CHARS:
        return title
    return title[: _DERIVED_TITLE_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:—– ") + "…"


def _meta_text(article: Article, legend: bool = False) -> Text:
    """The header above the paragraphs: the title, then one line (two at 80 columns)
    of date, language, place, credits, length and translation. The id is in the
    reader's border."""
    text = Text()
    text.append(_shown_title(article), style="bold italic" if article.title_derived else "bold")
    text.append("\n")
    if article.title_derived:
        text.append("derived title · ", style="dim italic")
    date = article.date or "date unknown"
    if article.date:
        date += f" ({article.date_precision}, from {article.date_source})"
    parts = [date, article.lang]
    if article.dateline:
        parts.append(article.dateline)
    if article.credits:
        parts.append(", ".join(article.credits))
    text.append(" · ".join(parts), style="dim")
    text.append(f" · {article.words} words")
    if article.pair:
        text.append(f" · ⇄ translation {article.pair}")
    if legend:
        text.append("\nfacts: ", style="dim")
        for kind, (symbol, colour) in FACT_MARKS.items():
            text.append(symbol, style=f"bold {colour}")
            text.append(f" {kind}  ", style="dim")
    return text


class ParagraphView(Static):
    """One numbered paragraph; captions and credits styled apart from the body.

    ``spans`` (a search hit, a fact's evidence) show reversed; fact marks, when
    on, show underlined in the kind's colour after the kind's symbol.
    """

    class Clicked(Message):
        """The paragraph was clicked: the reader moves its cursor there."""

        def __init__(self, n: int) -> None:
            super().__init__()
            self.n = n

    def __init__(
        self,
        n: int,
        kind: str,
        text: str,
        spans: list[tuple[int, int]],
        marks: Sequence[FactMark] = (),
    ) -> None:
        self.n = n
        self.kind = kind
        self.text = text
        self.spans = list(spans)
        self.marks = list(marks)
        super().__init__(self._build(), classes=f"para -{kind}")

    def _build(self) -> Text:
        body = Text(self.text)
        for start, end in self.spans:
            body.stylize("reverse bold", start, end)
        if self.marks:
            body = self._with_marks(body)
        label = Text(f"¶{self.n}", style="dim")
        if self.kind != "body":
            label.append(f" {_KIND_LABEL.get(self.kind, self.kind)}", style="dim")
        return Text.assemble(label, " ", body)

    def _with_marks(self, body: Text) -> Text:
        inserts: dict[int, list[Text]] = {}
        for mark in self.marks:
            start, end = max(0, mark.start), min(len(self.text), mark.end)
            if end <= start:
                continue
            symbol, colour = FACT_MARKS[mark.kind]
            body.stylize(f"underline {colour}", start, end)
            inserts.setdefault(start, []).append(Text(symbol, style=f"bold {colour}"))
            if mark.speaker:
                after = Text(f" ‹{mark.speaker}›", style=f"italic {colour}")
                inserts.setdefault(end, []).insert(0, after)
        points = sorted(p for p in inserts if 0 < p < len(self.text))
        pieces = list(body.divide(points)) if points else [body]
        result = Text()
        result.append_text(Text().join(inserts.get(0, [])))
        for point, piece in zip([0, *points], pieces, strict=True):
            if point:
                result.append_text(Text().join(inserts[point]))
            result.append_text(piece)
        if len(self.text) in inserts and len(self.text) > 0:
            result.append_text(Text().join(inserts[len(self.text)]))
        return result

    def set_marks(self, marks: Sequence[FactMark]) -> None:
        """Show ``marks`` (or none) on this paragraph."""
        if list(marks) != self.marks:
            self.marks = list(marks)
            self.update(self._build())

    def on_click(self, event: Click) -> None:
        self.post_message(self.Clicked(self.n))


class Reader(VerticalScroll, can_focus=True):
    """Shows one article; ``show`` scrolls to a paragraph and highlights spans."""

    if TYPE_CHECKING:  # the app, typed (at run time: Textual's own property)
        app = getters.app(NewsdeskApp)

    DEFAULT_CSS = """
    Reader > .para {
        border-left: blank;
    }
    Reader > .para.-cursor {
        border-left: tall $accent 40% !important;
    }
    Reader:focus > .para.-cursor {
        border-left: tall $accent !important;
        background: $boost;
    }
    """

    BINDINGS = [
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("g,home", "cursor_edge(False)", "Top", show=False),
        Binding("G,end", "cursor_edge(True)", "Bottom", show=False),
        Binding("space,pagedown", "page(1)", "Page down", show=False),
        Binding("b,pageup", "page(-1)", "Page up", show=False),
        Binding("y", "copy", "Copy", id="copy", tooltip="Copy with its citation"),
        Binding("h", "toggle_facts", "Fact marks", id="toggle_facts", show=False),
    ]

    class FactsLoaded(Message):
        """Facts of an article, read off the UI thread."""

        def __init__(self, doc_id: str, facts: list[Fact]) -> None:
            super().__init__()
            self.doc_id = doc_id
            self.facts = facts

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.cursor: int | None = None
        self.show_facts = False
        self.border_title = "Reader"
        self._spans: tuple[int, list[tuple[int, int]]] | None = None
        self._facts: tuple[str, list[Fact]] | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Choose an article.", style="dim"), id="reader-meta")

    # -- showing ----------------------------------------------------------
    def show(
        self,
        article: Article,
        para: int | None = None,
        spans: list[tuple[int, int]] | None = None,
    ) -> None:
        """Show ``article``, scrolled to paragraph ``para`` with ``spans`` highlighted.

        Showing the article already shown, with no paragraph, changes nothing: the
        list re-opening its highlighted row keeps a search hit and the cursor.
        """
        if para is None and not spans and self.article == article:
            return
        self.article = article
        self.border_title = article.id
        self._spans = (para, list(spans)) if para is not None and spans else None
        if self._facts is not None and self._facts[0] != _facts_key(article):
            self._facts = None
        self.query_one("#reader-meta", Static).update(_meta_text(article, self.show_facts))
        marks = self._marks()
        views = [
            ParagraphView(
                p.n, p.kind, p.text, (spans or []) if p.n == para else [], marks.get(p.n, ())
            )
            for p in article.paragraphs
        ]
        has_para = para is not None and 1 <= para <= len(views)
        self.cursor = para if has_para else (1 if views else None)
        # Exclusive: a newer article replaces a half-built older one.
        # A function, not a coroutine: a worker replaced before it starts (n pressed
        # four times at once) leaves no coroutine never awaited behind.
        # Textual's WorkType does not infer a result from a partial of a coroutine function.
        self.run_worker(
            partial(self._replace, views, para if has_para else None),  # type: ignore[arg-type]
            exclusive=True,
            group="reader",
        )
        if self.show_facts:
            self._request_facts()

    async def _replace(self, views: list[ParagraphView], para: int | None) -> None:
        async with self.batch():
            await self.remove_children(ParagraphView)
            await self.mount_all(views)
        self._paint_cursor()
        target = next((v for v in views if v.n == para), None) if para is not None else None
        if target is not None:
            target.add_class("-target")
            self.call_after_refresh(self.scroll_to_widget, target, top=True, animate=False)
        else:
            self.call_after_refresh(self.scroll_home, animate=False)

    @property
    def views(self) -> list[ParagraphView]:
        return list(self.query_children(ParagraphView))

    def current_view(self) -> ParagraphView | None:
        """The paragraph under the cursor."""
        if self.cursor is None:
            return None
        return next((v for v in self.views if v.n == self.cursor), None)

    def _paint_cursor(self) -> None:
        for view in self.views:
            view.set_class(view.n == self.cursor, "-cursor")

    # -- the cursor -------------------------------------------------------
    def _viewport(self) -> tuple[int, int]:
        top = round(self.scroll_y)
        return top, top + self.scrollable_content_region.height

    def move_cursor(self, n: int, *, scroll: bool = True) -> None:
        """Put the cursor on paragraph ``n`` (clamped) and bring it into view."""
        views = self.views
        if not views:
            return
        n = max(views[0].n, min(views[-1].n, n))
        self.cursor = n
        self._paint_cursor()
        view = self.current_view()
        if view is None or not scroll:
            return
        top, bottom = self._viewport()
        region = view.virtual_region
        if n == views[0].n and region.y <= bottom - top:
            self.scroll_home(animate=False, immediate=True)
        elif region.height >= bottom - top or region.y < top:
            self.scroll_to(y=region.y, animate=False, immediate=True)
        elif region.bottom > bottom:
            self.scroll_to(y=region.bottom - (bottom - top), animate=False, immediate=True)

    def action_cursor(self, delta: int) -> None:
        view = self.current_view()
        if view is None:
            self.scroll_relative(y=delta, animate=False, immediate=True)
            return
        top, bottom = self._viewport()
        region = view.virtual_region
        # A paragraph taller than the view scrolls line by line before the cursor leaves it.
        if delta > 0 and region.bottom > bottom and region.y < bottom:
            self.scroll_relative(y=1, animate=False, immediate=True)
            return
        if delta < 0 and region.y < top and region.bottom > top:
            self.scroll_relative(y=-1, animate=False, immediate=True)
            return
        views = self.views
        index = views.index(view) + delta
        if 0 <= index < len(views):
            self.move_cursor(views[index].n)
        elif delta < 0:
            self.scroll_home(animate=False, immediate=True)

    def action_cursor_edge(self, last: bool) -> None:
        views = self.views
        if not views:
            return
        self.move_cursor(views[-1 if last else 0].n, scroll=False)
        if last:
            self.scroll_end(animate=False, immediate=True)
        else:
            self.scroll_home(animate=False, immediate=True)

    def action_page(self, direction: int) -> None:
        top, bottom = self._viewport()
        height = bottom - top
        new_top = max(0, min(round(self.max_scroll_y), top + direction * height))
        self.scroll_to(y=new_top, animate=False, immediate=True)
        # The cursor goes to the first paragraph whose ¶ label is on screen; only a
        # paragraph taller than the view (no label shows) keeps it from the one it fills.
        views = self.views
        labelled = [v for v in views if new_top <= v.virtual_region.y < new_top + height]
        covering = [v for v in views if v.virtual_region.bottom > new_top]
        target = labelled or covering
        if target:
            self.move_cursor(target[0].n, scroll=False)

    def on_paragraph_view_clicked(self, event: ParagraphView.Clicked) -> None:
        self.move_cursor(event.n, scroll=False)

    # -- copy -------------------------------------------------------------
    def action_copy(self) -> None:
        """Copy the highlighted passage (or the current paragraph) with its citation."""
        if self.article is None or self.cursor is None:
            self.notify("Nothing to copy: choose an article.", severity="warning")
            return
        spans = self._spans[1] if self._spans and self._spans[0] == self.cursor else None
        self._copy(self.article, self.cursor, spans)

    @work(thread=True, exclusive=True, group="reader-copy", exit_on_error=False)
    def _copy(self, article: Article, para: int, spans: list[tuple[int, int]] | None) -> None:
        from newsdesk.store import cite_passage

        facts = self._facts_for(article)
        text, cited = cite_passage(article, para, spans, facts)
        self.app.call_from_thread(self._copied, text, cited)

    def _copied(self, text: str, cited: Cited) -> None:
        self.app.copy_to_clipboard(text)
        words = " ".join(cited.text.split())
        preview = words if len(words) <= 60 else words[:59] + "…"
        source = text[text.rindex(" — ") :] if " — " in text else ""
        what = f"¶{cited.para}" if cited.whole else f"from ¶{cited.para}"
        self.notify(
            f"{preview}{source}",
            title=f"Copied {what} with citation",
            markup=False,
        )

    # -- fact marks -------------------------------------------------------
    def _facts_for(self, article: Article) -> list[Fact]:
        cached = self._facts
        if cached is not None and cached[0] == _facts_key(article):
            return cached[1]
        store = self.app.store
        if store is None:
            return []
        try:
            facts = load_facts(store, article)
        except Exception:  # a broken facts file must not stop a copy: no speaker then
            return []
        self._facts = (_facts_key(article), facts)
        return facts

    def _marks(self) -> dict[int, list[FactMark]]:
        if not self.show_facts or self._facts is None or self.article is None:
            return {}
        if self._facts[0] != _facts_key(self.article):
            return {}
        return _marks_by_para(self._facts[1])

    def action_toggle_facts(self) -> None:
        self.toggle_fact_marks()

    def toggle_fact_marks(self, on: bool | None = None) -> None:
        """Turn the fact marks on or off (flip them when ``on`` is None)."""
        self.show_facts = (not self.show_facts) if on is None else on
        if self.article is not None:
            meta = self.query_one("#reader-meta", Static)
            meta.update(_meta_text(self.article, self.show_facts))
        if self.show_facts:
            self._request_facts()
        else:
            self._apply_marks()
        state = "on" if self.show_facts else "off"
        self.notify(f"Fact marks {state}.", timeout=2)

    def _request_facts(self) -> None:
        if self.article is not None:
            self._load_facts(self.article)

    @work(thread=True, exclusive=True, group="reader-facts", exit_on_error=False)
    def _load_facts(self, article: Article) -> None:
        facts = self._facts_for(article)
        self.post_message(self.FactsLoaded(article.id, facts))

    def on_reader_facts_loaded(self, message: FactsLoaded) -> None:
        if self.article is not None and message.doc_id == self.article.id:
            self._apply_marks()

    def _apply_marks(self) -> None:
        marks = self._marks()
        for view in self.views:
            view.set_marks(marks.get(view.n, ()))
