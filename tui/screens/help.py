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
    ("Anywhere", "?  F1", "this help"),
    ("Anywhere", "/", "search all articles"),
    ("Anywhere", "c", "compare the article with its translation"),
    ("Anywhere", "f", "facts, ledger, people and chart"),
    ("Anywhere", "Tab", "switch between the list and the reader"),
    ("Anywhere", "t", "light / dark theme"),
    ("Anywhere", "e", "export the view as Markdown"),
    ("Anywhere", "Ctrl+P", "command palette: open any document, run any command"),
    ("Anywhere", "q", "quit"),
    ("Article list", "↑ ↓  j k", "move"),
    ("Article list", "PgUp PgDn  g G", "page; first / last article"),
    ("Article list", "Enter", "open the article"),
    ("Reader", "↑ ↓  j k", "move the paragraph cursor"),
    ("Reader", "Space  b", "page down / up"),
    ("Reader", "g G", "first / last paragraph"),
    ("Reader", "y", "copy the paragraph, quote or sentence with its citation"),
    ("Reader", "h", "mark facts by kind"),
    ("Reader", "n N", "next / previous search hit (hit 2 of 4; after the last, the first)"),
    ("Reader", "Escape", "back (to the search results, or to the list)"),
    (
        "Search",
        "type",
        'results update as you type; fzf syntax: \'exact "a phrase" ^start end$ !not a | b',
    ),
    ("Search", "filters", "lang:fr doc:003 kind:quote kind:fact by:chinh date:2024-10..2024-11"),
    ("Search", "↓  Enter", "go to the hits; open one in the reader"),
    ("Search", "/", "back to the query, its text selected: typing replaces it"),
    ("Search", "Ctrl+U", "clear the query"),
    ("Search", "Escape", "back to the articles (the query is kept)"),
    ("Compare", "] [", "next / previous difference (⊕ one side only, ≠ figures differ)"),
    ("Compare", "Enter", "open the row in the reader"),
    ("Compare", "x  e", "export the pair as TMX (a translation memory) / as Markdown"),
    ("Facts", "1 2 3 4  f l p r", "facts, ledger (✗ conflicts first), people, rankings chart"),
    ("Facts", "a", "this article or every article"),
    ("Facts", "] [  Enter", "show one kind of fact; open the evidence in the reader"),
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
