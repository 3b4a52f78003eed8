"""The main screen: the document list beside (or, when narrow, instead of) the reader."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header

from newsdesk.store import Article, ArticleSummary
from newsdesk.tui.messages import OpenArticle
from newsdesk.tui.widgets.doc_list import DocumentList
from newsdesk.tui.widgets.footer import KeyFooter
from newsdesk.tui.widgets.reader import Reader
from newsdesk.tui.widgets.row_source import RowSource

if TYPE_CHECKING:
    from textual import getters

    from newsdesk.tui.app import NewsdeskApp

__all__ = ["MainScreen"]


class MainScreen(Screen[None]):
    """List and reader. Below 100 columns only one shows at a time."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding("tab", "switch_pane", "Pane", id="switch_pane"),
        Binding("escape", "back", "Back", show=False),
        Binding("n", "search_step(1)", "Next hit", show=False),
        Binding("N", "search_step(-1)", "Previous hit", show=False),
        # The reader's own y and h come first when it has the focus; from the list:
        Binding("y", "copy_from_list", "Copy", show=False, id="list_copy"),
        Binding("h", "marks_from_list", "Fact marks", show=False, id="list_toggle_facts"),
    ]

    _listed = False  # the list has had its rows

    if TYPE_CHECKING:  # the app, typed (at run time: Textual's own property)
        app = getters.app(NewsdeskApp)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="▤")
        with Horizontal(id="panes"):
            yield DocumentList(id="doc-list")
            yield Reader(id="reader")
        yield KeyFooter()

    @property
    def doc_list(self) -> DocumentList:
        return self.query_one(DocumentList)

    @property
    def reader(self) -> Reader:
        return self.query_one(Reader)

    def on_mount(self) -> None:
        self.doc_list.focus()
        # The catalog usually fills the list at once; a spinner only for a longer wait
        # (building it costs the first paint a tenth of a second).
        self.set_timer(0.3, self._spin_until_listed)

    def _spin_until_listed(self) -> None:
        if not self._listed:
            self.doc_list.loading = True

    def show_articles(self, rows: list[ArticleSummary]) -> None:
        """Fill the list with ``rows`` (the catalog's, before the store is read)."""
        self._listed = True
        self.doc_list.loading = False
        self.doc_list.show_articles(rows)

    def show_rows(
        self,
        source: RowSource,
        count: int,
        start: int,
        rows: list[ArticleSummary],
        cursor: int | None,
    ) -> None:
        """Fill the list from ``source`` (called when the store has loaded or changed)."""
        self._listed = True
        self.doc_list.loading = False
        self.doc_list.show_rows(source, count, start, rows, cursor)

    def show_article(
        self,
        article: Article,
        para: int | None = None,
        spans: list[tuple[int, int]] | None = None,
    ) -> None:
        """Show ``article`` in the reader and give the reader the focus (at any width:
        ``y`` and ``h`` work there at once)."""
        self.doc_list.select(article.id)
        self.reader.show(article, para=para, spans=spans)
        self.add_class("-reading")
        self.set_focus(self.reader)

    def on_document_list_highlighted(self, event: DocumentList.Highlighted) -> None:
        shown = self.reader.article
        if shown is not None and shown.id == event.doc_id:
            return  # the list followed the reader (a hit, a fact, a compare row opened)
        if self.has_class("-wide"):
            self.post_message(OpenArticle(event.doc_id, focus_reader=False))

    def on_document_list_chosen(self, event: DocumentList.Chosen) -> None:
        self.post_message(OpenArticle(event.doc_id))
        self.add_class("-reading")
        self.reader.focus()

    def action_switch_pane(self) -> None:
        if self.doc_list.has_focus:
            self.add_class("-reading")
            self.reader.focus()
        else:
            self.remove_class("-reading")
            self.doc_list.focus()

    def action_search_step(self, delta: int) -> None:
        self.app.search_step(delta)

    def action_copy_from_list(self) -> None:
        """``y`` copies a paragraph of the reader: say how to get there."""
        self.notify(
            "y copies the paragraph under the reader's cursor: "
            "press Enter (or Tab) to go to the reader, then y.",
            title="Nothing copied",
            severity="warning",
        )

    def action_marks_from_list(self) -> None:
        """``h`` marks the facts of the article the reader shows, from the list too."""
        self.reader.toggle_fact_marks()

    def action_back(self) -> None:
        if self.app.go_back():
            return
        if self.has_class("-reading"):
            self.remove_class("-reading")
            self.doc_list.focus()
