"""A table that builds only the rows on screen, for lists of any length.

Textual's :class:`~textual.widgets.DataTable` measures and stores every cell
as it is added: the facts of every article of a 10,000-article archive
(265,000 rows) held the interface for 77 seconds. :class:`LazyTable` keeps the
items and a function that turns one into cells, and renders a row (Line API)
only when it scrolls into view, so filling it costs nothing whatever the length.

Cells are :class:`rich.text.Text`, so article text is never read as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip

from newsdesk.tui.widgets.cursor_list import CursorList

__all__ = ["Column", "LazyTable"]


@dataclass(frozen=True, slots=True)
class Column:
    """A column's title, its width in cells, and its share of the width left over
    (``grow``: a column with 2 gets twice what a column with 1 gets)."""

    title: str
    width: int
    grow: int = 0


class LazyTable(CursorList):
    """Rows of cells under a header line, with a row cursor; Enter or a double click selects."""

    DEFAULT_CSS = """
    LazyTable {
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
    }
    LazyTable > .lazy-table--header {
        text-style: bold;
        background: $panel;
    }
    LazyTable > .lazy-table--even {
        background: $surface-lighten-1 30%;
    }
    LazyTable > .lazy-table--cursor {
        background: $block-cursor-blurred-background;
    }
    LazyTable:focus > .lazy-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "lazy-table--header",
        "lazy-table--even",
        "lazy-table--cursor",
    }

    # No letters: the screens around them bind them (the facts pane: j k g G to move).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("enter", "choose", "Open", show=False),
    ]

    class Selected(Message):
        """Enter (or a double click) on row ``index``."""

        def __init__(self, table: LazyTable, index: int) -> None:
            super().__init__()
            self.table = table
            self.index = index

        @property
        def control(self) -> LazyTable:
            return self.table

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._columns: list[Column] = []
        self._items: Sequence[Any] = ()
        self._cells: Callable[[Any], Sequence[Text]] = lambda _item: ()

    # -- content ------------------------------------------------------------
    def set_rows(
        self,
        columns: Sequence[Column],
        items: Sequence[Any],
        cells: Callable[[Any], Sequence[Text]],
    ) -> None:
        """Show ``items`` under ``columns``; ``cells(item)`` gives a row's cells when shown."""
        self._columns = list(columns)
        self._items = items
        self._cells = cells
        self.fit_rows()
        self.scroll_to(0, 0, animate=False, immediate=True, force=True)
        self.cursor = 0

    @property
    def row_count(self) -> int:
        """How many rows the table holds (not counting the header)."""
        return len(self._items)

    def _widths(self) -> list[int]:
        """Each column's width in cells at the table's width (one space after each)."""
        widths = [c.width for c in self._columns]
        spare = self.scrollable_content_region.width - sum(w + 1 for w in widths)
        shares = sum(c.grow for c in self._columns)
        if spare <= 0 or not shares:
            return widths  # too narrow: the last columns are cut at the edge
        for i, column in enumerate(self._columns):
            widths[i] += spare * column.grow // shares
        last = max(i for i, c in enumerate(self._columns) if c.grow)
        widths[last] += spare - sum(widths) + sum(c.width for c in self._columns)
        return widths

    # -- rendering --------------------------------------------------------------
    def _line(self, cells: Sequence[Text], widths: list[int]) -> list[Segment]:
        console = self.app.console
        segments: list[Segment] = []
        for cell, width in zip(cells, widths, strict=False):
            text = cell.copy()
            text.no_wrap = True
            text.truncate(width, overflow="ellipsis", pad=True)
            text.append(" ")
            segments.extend(text.render(console, end=""))
        return segments

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        widths = self._widths()
        base = self.rich_style
        if y == 0:
            titles = [Text(c.title) for c in self._columns]
            style = base + self.get_component_rich_style("lazy-table--header")
            segments = list(Segment.apply_style(self._line(titles, widths), style))
        else:
            index = y - 1 + scroll_y
            if not 0 <= index < len(self._items):
                return Strip.blank(width, base)
            style = base
            if index % 2:
                style += self.get_component_rich_style("lazy-table--even")
            post: Style | None = None
            if index == self.cursor:
                post = self.get_component_rich_style("lazy-table--cursor")
            line = self._line(self._cells(self._items[index]), widths)
            segments = list(Segment.apply_style(line, style, post))
        return Strip(segments).crop_extend(scroll_x, scroll_x + width, base)

    def choose(self, row: int) -> None:
        self.post_message(self.Selected(self, row))
