"""The key footer: the keys that work here, drawn as one line by one widget.

Textual's footer is a container with a widget per key, each styled on its
own: composing it was a tenth of a second of every screen's first paint here
(the whole list screen painted in 0.69 s with it, 0.59 s without), and it was
rebuilt whenever focus moved. :class:`KeyFooter` renders the same keys as one
line of text, redrawn only when they change; a click runs a key, hovering
shows its tooltip, and the command palette's key stays at the right edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

__all__ = ["FooterEntry", "KeyFooter"]


@dataclass(frozen=True, slots=True)
class FooterEntry:
    """One key as the footer shows it."""

    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str


class KeyFooter(Widget, can_focus=False):
    """The keys of the focused widget and its screen, and the command palette's."""

    ALLOW_SELECT = False

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyFooter > .key-footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyFooter > .key-footer--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyFooter > .key-footer--separator {
        color: $foreground 20%;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-footer--key",
        "key-footer--description",
        "key-footer--separator",
    }

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.entries: tuple[FooterEntry, ...] = ()
        self.palette: FooterEntry | None = None
        #: (first cell, end cell, entry) of each key as last drawn, for clicks and tooltips
        self._cells: list[tuple[int, int, FooterEntry]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Collect the keys to show; redraw only when they differ from those shown."""
        if not self.is_attached or screen is not self.screen:
            return
        entries: list[FooterEntry] = []
        actions: set[str] = set()
        palette: FooterEntry | None = None
        app = self.app
        for _node, binding, enabled, tooltip in screen.active_bindings.values():
            entry = FooterEntry(
                binding.key,
                app.get_key_display(binding),
                binding.description,
                enabled,
                tooltip or binding.tooltip or binding.description,
            )
            if binding.key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = entry
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)  # one key per action, the first bound
                entries.append(entry)
        if (tuple(entries), palette) != (self.entries, self.palette):
            self.entries, self.palette = tuple(entries), palette
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-footer--key")
        description_style = self.get_component_rich_style("key-footer--description")
        width = self.size.width
        right = Text()
        if self.palette is not None:
            right.append("▏", self.get_component_rich_style("key-footer--separator"))
            right.append(self.palette.display, key_style)
            right.append(f" {self.palette.description} ", description_style)
        line = Text(no_wrap=True, overflow="crop")
        cells: list[tuple[int, int, FooterEntry]] = []
        for entry in self.entries:
            start = line.cell_len
            dim = Style(dim=not entry.enabled)
            line.append(f" {entry.display} ", key_style + dim)
            line.append(f"{entry.description} ", description_style + dim)
            cells.append((start, line.cell_len, entry))
        room = max(0, width - right.cell_len)
        line.truncate(room, overflow="crop", pad=True)
        line.append_text(right)
        self._cells = [(s, min(e, room), entry) for s, e, entry in cells if s < room]
        if self.palette is not None and right.cell_len <= width:
            self._cells.append((room + 1, width, self.palette))
        return line

    def _entry_at(self, x: int) -> FooterEntry | None:
        return next((entry for s, e, entry in self._cells if s <= x < e), None)

    def on_click(self, event: events.Click) -> None:
        entry = self._entry_at(event.x)
        if entry is None:
            return
        if entry.enabled:
            self.app.simulate_key(entry.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        entry = self._entry_at(event.x)
        self.tooltip = entry.tooltip if entry is not None else None
