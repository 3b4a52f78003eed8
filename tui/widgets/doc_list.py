"""The document list: one row per article (date, language, source, title).

A virtual list: only the rows on screen are rendered, so ten thousand
articles show as fast as five.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from store import ArticleSummary
from tui.widgets.cursor_list import CursorList

__all__ = ["DocumentList"]

#: (header, width) of the fixed columns; the title takes the rest. ⇄ marks an
#: article with a translation: a column of its own, so a long title never hides it.
_COLUMNS = (("Date", 10), ("Ln", 2), ("Source", 8), ("⇄", 1))
_GAP = "  "


def _cut(text: str, width: int) -> str:
    """``text`` in exactly ``width`` cells, ending in … when it had to be cut."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, max(0, width - 1)) + ("…" if width else "")


class DocumentList(CursorList):
    """A keyboard-driven list of articles with a cursor row."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,g", "jump(0)", "First", show=False),
        Binding("end,G", "jump(-1)", "Last", show=False),
        Binding("enter", "choose", "Open", show=False),
    ]

    COMPONENT_CLASSES = {
        "doc-list--header",
        "doc-list--cursor",
        "doc-list--derived",
        "doc-list--muted",
    }

    DEFAULT_CSS = """
    DocumentList > .doc-list--header { text-style: bold; color: $text-accent; }
    DocumentList > .doc-list--cursor { background: $block-cursor-blurred-background; }
    DocumentList:focus > .doc-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    DocumentList > .doc-list--derived { text-style: italic; }
    DocumentList > .doc-list--muted { color: $text-muted; }
    """

    class Highlighted(Message):
        """The cursor moved to another article."""

        def __init__(self, doc_id: str) -> None:
            super().__init__()
            self.doc_id = doc_id

    class Chosen(Message):
        """An article was opened (Enter or a click) in the list."""

        def __init__(self, doc_id: str) -> None:
            super().__init__()
            self.doc_id = doc_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[ArticleSummary] = []
        self._index: dict[str, int] = {}
        self.border_title = "Articles"

    # -- data -------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return len(self.rows)

    def show_articles(self, rows: Sequence[ArticleSummary]) -> None:
        """Replace the rows with ``rows``, keeping the cursor on the same article."""
        current = self.current_id
        self.rows = list(rows)
        self._index = {row.id: i for i, row in enumerate(self.rows)}
        self.fit_rows()
        self.border_subtitle = f"{len(self.rows)}"
        position = self._index.get(current, 0) if current is not None else 0
        self.cursor = min(position, max(0, len(self.rows) - 1))
        self.refresh()

    @property
    def current_id(self) -> str | None:
        """The id of the article under the cursor."""
        if not self.rows:
            return None
        return self.rows[min(self.cursor, len(self.rows) - 1)].id

    def select(self, doc_id: str) -> None:
        """Move the cursor to ``doc_id`` if it is listed."""
        index = self._index.get(doc_id)
        if index is not None and index != self.cursor:
            self.cursor = index

    # -- cursor -----------------------------------------------------------
    def cursor_moved(self, old: int, new: int) -> None:
        if self.rows and old != new:
            self.post_message(self.Highlighted(self.rows[new].id))

    def choose(self, row: int) -> None:
        self.post_message(self.Chosen(self.rows[row].id))

    # -- rendering --------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            cells = [name for name, _ in _COLUMNS] + ["Title"]
            return self._strip(cells, width, self.get_component_rich_style("doc-list--header"))
        index = int(self.scroll_offset.y) + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        row = self.rows[index]
        cells = [row.date or "—", row.lang, row.source or "—", "⇄" if row.pair else " ", row.title]
        style = self.rich_style
        if row.title_derived:
            style += self.get_component_rich_style("doc-list--derived", partial=True)
        if index == self.cursor:
            style += self.get_component_rich_style("doc-list--cursor")
        return self._strip(cells, width, style)

    def _strip(self, cells: list[str], width: int, style: Style) -> Strip:
        parts = [_cut(text, w) for text, (_, w) in zip(cells, _COLUMNS, strict=False)]
        fixed = sum(w for _, w in _COLUMNS) + len(_GAP) * len(_COLUMNS) + 1
        parts.append(_cut(cells[-1], max(0, width - fixed)))
        line = " " + _GAP.join(parts)
        return Strip([Segment(set_cell_size(line, width), style)], width)
