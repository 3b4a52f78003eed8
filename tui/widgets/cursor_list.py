"""What the article list and the lazy table share: Line API rows under a header line,
with a row cursor that stays in view.

Subclasses say how many rows there are (:attr:`CursorList.row_count`), draw
them (``render_line``, line 0 being the header), bind keys to the actions
below and react to :meth:`CursorList.cursor_moved` and :meth:`CursorList.choose`.
"""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView

__all__ = ["CursorList"]


class CursorList(ScrollView, can_focus=True):
    """Rows under a header line; ``cursor`` is the index of the highlighted row."""

    cursor: reactive[int] = reactive(0, always_update=True)

    @property
    def row_count(self) -> int:
        """How many rows there are (not counting the header)."""
        raise NotImplementedError

    def cursor_moved(self, old: int, new: int) -> None:
        """The cursor went from row ``old`` to row ``new`` (``new`` may equal ``old``)."""

    def choose(self, row: int) -> None:
        """Enter or a double click on ``row``."""

    def fit_rows(self) -> None:
        """Size the scrollable area to the rows and the header, as wide as the view
        (call when the rows change; a resize calls it)."""
        self.virtual_size = Size(self.scrollable_content_region.width, self.row_count + 1)

    def on_resize(self, _event: events.Resize) -> None:
        self.fit_rows()
        self.scroll_cursor_into_view()

    # -- cursor -------------------------------------------------------------
    @property
    def visible_rows(self) -> int:
        """How many rows fit under the header."""
        return max(1, self.scrollable_content_region.height - 1)

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.row_count - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self.scroll_cursor_into_view()
        self.refresh()
        self.cursor_moved(old, new)

    def scroll_cursor_into_view(self) -> None:
        """Scroll as little as needed to show the cursor's row (at once: rows may be new)."""
        top = round(self.scroll_y)
        if self.cursor < top:
            target = self.cursor
        elif self.cursor >= top + self.visible_rows:
            target = self.cursor - self.visible_rows + 1
        else:
            return
        self.scroll_to(y=target, animate=False, immediate=True, force=True)

    def row_at(self, y: int) -> int | None:
        """The row on line ``y`` of the widget (None for the header and below the rows)."""
        row = round(self.scroll_y) + y - 1
        return row if y >= 1 and 0 <= row < self.row_count else None

    # -- actions ------------------------------------------------------------
    def action_cursor(self, delta: int) -> None:
        self.cursor += delta

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.visible_rows - 1)

    def action_jump(self, where: int) -> None:
        self.cursor = 0 if where == 0 else self.row_count - 1

    def action_choose(self) -> None:
        if 0 <= self.cursor < self.row_count:
            self.choose(self.cursor)

    def on_click(self, event: events.Click) -> None:
        row = self.row_at(event.y)
        if row is not None:
            self.cursor = row
            if event.chain > 1:
                self.action_choose()
