"""The document list: one row per article (date, language, source, title).

A virtual list: only the rows on screen are rendered, and only the rows around
the view are held (:data:`MARGIN` on each side), read from a
:class:`~tui.widgets.row_source.RowSource` in a worker as the view moves: the
list's memory does not grow with the archive. A row not read yet shows as "…"
for the moment its page takes.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip
from textual.worker import get_current_worker

from newsdesk.store import ArticleSummary, NewsdeskError
from newsdesk.tui.widgets.cursor_list import CursorList
from newsdesk.tui.widgets.row_source import ListedRows, RowSource

__all__ = ["MARGIN", "DocumentList"]

#: Rows read beyond each edge of the view (a page is the view and both margins).
MARGIN = 100

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

    class PageRead(Message, bubble=False):
        """Rows from position ``start`` on were read from the source of serial ``serial``;
        ``cursor``: where the cursor goes (an article located by :meth:`select`)."""

        def __init__(
            self, serial: int, start: int, rows: list[ArticleSummary], cursor: int | None = None
        ) -> None:
            super().__init__()
            self.serial = serial
            self.start = start
            self.rows = rows
            self.cursor = cursor

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._source: RowSource = ListedRows(())
        self._count = 0
        #: The rows held: ``_window[0]`` is the list's row ``_start``.
        self._start = 0
        self._window: list[ArticleSummary] = []
        #: Bumped when the source changes: pages read from an older one are dropped.
        self._serial = 0
        self._asked: tuple[int, int] | None = None
        #: The cursor is on a row not read yet: say Highlighted once it is.
        self._announce = False
        self.border_title = "Articles"

    # -- data -------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return self._count

    @property
    def rows(self) -> list[ArticleSummary]:
        """The rows held now, in order (all of them on a short list)."""
        return list(self._window)

    def row(self, index: int) -> ArticleSummary | None:
        """Row ``index`` of the list if it is held, else None."""
        at = index - self._start
        return self._window[at] if 0 <= at < len(self._window) else None

    def _held(self, doc_id: str | None) -> int | None:
        """Where ``doc_id`` is among the rows held, None if it is not."""
        for at, row in enumerate(self._window):
            if row.id == doc_id:
                return self._start + at
        return None

    def show_articles(self, rows: Sequence[ArticleSummary]) -> None:
        """Show ``rows`` (all of them, in memory), keeping the cursor on the same article."""
        self.show_rows(ListedRows(rows), len(rows), 0, list(rows))

    def show_rows(
        self,
        source: RowSource,
        count: int,
        start: int,
        rows: list[ArticleSummary],
        cursor: int | None = None,
    ) -> None:
        """Show the ``count`` rows of ``source``, of which ``rows`` (from ``start`` on) are read.

        The cursor goes to row ``cursor``, else stays on the same article if it is among
        ``rows``, else goes to the first row.
        """
        current = self.current_id
        self._serial += 1
        self._source, self._count = source, count
        self._start, self._window = start, rows
        self._asked = None
        self.fit_rows()
        self.border_subtitle = f"{count}"
        if cursor is None:
            cursor = self._held(current) or 0
        self.cursor = min(cursor, max(0, count - 1))
        self.refresh()
        self._read_around_view()

    @property
    def current_id(self) -> str | None:
        """The id of the article under the cursor (None while its row is being read)."""
        row = self.row(min(self.cursor, self._count - 1))
        return row.id if row is not None else None

    def select(self, doc_id: str) -> None:
        """Move the cursor to ``doc_id`` if it is listed (found by the source if not held)."""
        index = self._held(doc_id)
        if index is None:
            self._locate(self._source, self._serial, doc_id, self.visible_rows)
        elif index != self.cursor:
            self.cursor = index

    # -- reading pages ------------------------------------------------------
    def _read_around_view(self) -> None:
        """Read the page around the view when the view nears the edge of the rows held."""
        if not self._count:
            return
        top = max(0, round(self.scroll_y))
        bottom = min(self._count, top + self.visible_rows + 1)
        end = self._start + len(self._window)
        covered = self._start <= top and bottom <= end
        near = (top - self._start < self.visible_rows and self._start > 0) or (
            end - bottom < self.visible_rows and end < self._count
        )
        if covered and not near:
            return
        offset = max(0, top - MARGIN)
        wanted = (offset, self.visible_rows + 2 * MARGIN)
        if wanted == (self._start, len(self._window)) or wanted == self._asked:
            return
        self._asked = wanted
        self._read_page(self._source, self._serial, *wanted)

    @work(thread=True, exclusive=True, group="doc-list-page", exit_on_error=False)
    def _read_page(self, source: RowSource, serial: int, offset: int, limit: int) -> None:
        try:
            rows = source.page(offset, limit)
        except NewsdeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.PageRead(serial, offset, rows))

    @work(thread=True, exclusive=True, group="doc-list-locate", exit_on_error=False)
    def _locate(self, source: RowSource, serial: int, doc_id: str, visible: int) -> None:
        try:
            position = source.position(doc_id)
            if position is None:
                return
            offset = max(0, position - MARGIN)
            rows = source.page(offset, visible + 2 * MARGIN)
        except NewsdeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.post_message(self.PageRead(serial, offset, rows, cursor=position))

    def on_document_list_page_read(self, message: PageRead) -> None:
        if message.serial != self._serial:
            return  # read from a list since replaced
        self._start, self._window = message.start, message.rows
        self._asked = None
        self.refresh()
        if message.cursor is not None and message.cursor < self._count:
            self.cursor = message.cursor
        elif self._announce:
            self.cursor_moved(-1, self.cursor)
        self._read_around_view()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._read_around_view()

    def on_resize(self, event: events.Resize) -> None:
        super().on_resize(event)
        self._read_around_view()

    # -- cursor -----------------------------------------------------------
    def cursor_moved(self, old: int, new: int) -> None:
        if not self._count or old == new:
            return
        row = self.row(new)
        self._announce = row is None  # said once its page is read
        if row is not None:
            self.post_message(self.Highlighted(row.id))

    def choose(self, row: int) -> None:
        found = self.row(row)
        if found is not None:
            self.post_message(self.Chosen(found.id))

    # -- rendering --------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            cells = [name for name, _ in _COLUMNS] + ["Title"]
            return self._strip(cells, width, self.get_component_rich_style("doc-list--header"))
        index = int(self.scroll_offset.y) + y - 1
        if index >= self._count:
            return Strip.blank(width, self.rich_style)
        row = self.row(index)
        style = self.rich_style
        if row is None:  # its page is being read
            style += self.get_component_rich_style("doc-list--muted", partial=True)
            if index == self.cursor:
                style += self.get_component_rich_style("doc-list--cursor")
            return self._strip(["…", "", "", " ", ""], width, style)
        cells = [row.date or "—", row.lang, row.source or "—", "⇄" if row.pair else " ", row.title]
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
