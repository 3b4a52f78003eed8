"""The document list: one row per article (date, language, source, title)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from store import ArticleSummary

__all__ = ["DocumentList"]


class DocumentList(DataTable[Text]):
    """A keyboard-driven table of articles. Cells are ``Text``: titles are never markup."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "Top", show=False),
        Binding("G", "scroll_bottom", "Bottom", show=False),
    ]

    class Chosen(Message):
        """An article was opened (Enter) in the list."""

        def __init__(self, doc_id: str) -> None:
            super().__init__()
            self.doc_id = doc_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.border_title = "Articles"

    def on_mount(self) -> None:
        self.add_column("Date", key="date", width=10)
        self.add_column("Ln", key="lang", width=2)
        self.add_column("Source", key="source", width=8)
        self.add_column("Title", key="title")

    def show_articles(self, rows: Sequence[ArticleSummary]) -> None:
        """Replace the rows with ``rows``, keeping the cursor on the same article."""
        current = self.current_id
        self.clear()
        for row in rows:
            pair = " ⇄" if row.pair else ""
            title = Text(row.title + pair, no_wrap=True, overflow="ellipsis")
            if row.title_derived:
                title.stylize("italic")
            self.add_row(
                Text(row.date or "—"),
                Text(row.lang),
                Text(row.source or "—", overflow="ellipsis", no_wrap=True),
                title,
                key=row.id,
            )
        self.border_subtitle = f"{len(rows)}"
        if current is not None:
            self.select(current)

    @property
    def current_id(self) -> str | None:
        """The id of the article under the cursor."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    def select(self, doc_id: str) -> None:
        """Move the cursor to ``doc_id`` if it is listed."""
        try:
            index = self.get_row_index(doc_id)
        except Exception:
            return
        self.move_cursor(row=index, scroll=True)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Chosen(str(event.row_key.value)))
