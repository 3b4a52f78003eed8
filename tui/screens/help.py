"""The help screen: every key binding of the app, grouped by where it works."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

__all__ = ["KEYS", "HelpScreen"]

#: (where, key, what) — the one list of keys the help screen and README show.
KEYS: list[tuple[str, str, str]] = [
    ("Anywhere", "?", "this help"),
    ("Anywhere", "/", "search all articles"),
    ("Anywhere", "c", "compare the article with its translation"),
    ("Anywhere", "f", "facts of the article"),
    ("Anywhere", "Tab", "switch between the list and the reader"),
    ("Anywhere", "Ctrl+P", "command palette"),
    ("Anywhere", "q", "quit"),
    ("Article list", "↑ ↓ / j k", "move"),
    ("Article list", "g / G", "first / last article"),
    ("Article list", "Enter", "open the article"),
    ("Reader", "↑ ↓ / j k", "scroll"),
    ("Reader", "Space / PgDn", "page down"),
    ("Reader", "g / G", "top / bottom"),
    ("Reader", "n / N", "next / previous search hit"),
    ("Reader", "Escape", "back to the list (narrow terminals)"),
]


class HelpScreen(ModalScreen[None]):
    """A modal list of key bindings; any of Escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("q", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=False)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column()
        last = ""
        for where, key, what in KEYS:
            if where != last and last:
                table.add_row("", "", "")
            table.add_row(Text(where if where != last else ""), Text(key), Text(what))
            last = where
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = "Escape closes"
            yield Static(table)
