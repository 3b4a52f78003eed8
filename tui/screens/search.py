"""The search pane: type a query, see ranked hits as you type, open one in the reader.

Each keystroke asks for a search in a worker thread, one at a time: keys typed while
a search runs wait, and only the last query typed is searched once it is done (a
thread cannot be stopped, and searches left running side by side would slow the
one that matters); stale results are dropped, so typing never waits. Enter opens
the highlighted hit in the reader (scrolled to the paragraph, the match
highlighted); there ``n`` / ``N`` step through the hits (via
``app.action_search_step``) and Escape comes back here with the query kept.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Input, OptionList, Static

from newsdesk.tui.messages import OpenArticle
from newsdesk.tui.screens import STILL_READING
from newsdesk.tui.widgets.fill import fill_in_slices
from newsdesk.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from textual import getters

    from newsdesk.store import Hit, SearchResult, Store
    from newsdesk.tui.app import NewsdeskApp

__all__ = ["LIMIT", "SearchScreen", "hit_prompt"]

#: Hits shown for one query.
LIMIT = 200
_EXCERPT = 180
_HINT = (
    'words forgive typos · \'exact  "phrase"  ^start  end$  !not  a | b · '
    "lang:fr doc:003 kind:quote date:2024-10..2024-11"
)


def _excerpt(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[str, list[tuple[int, int]]]:
    """At most about ``_EXCERPT`` characters of ``text`` around its first span."""
    if len(text) <= _EXCERPT:
        return text, list(spans)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - _EXCERPT // 4, len(text) - _EXCERPT))
    end = min(len(text), start + _EXCERPT)
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    cut = [(max(s, start) + shift, min(e, end) + shift) for s, e in spans if e > start and s < end]
    return prefix + text[start:end] + suffix, cut


def hit_prompt(hit: Hit) -> Text:
    """Two or three lines for one hit: where it is, then the passage with matches marked."""
    head = Text()
    head.append(hit.doc, style="bold")
    head.append(f"  ¶{hit.para} · {hit.date or 'no date'} · {hit.lang} · {hit.kind}", "dim")
    head.append(f" · {hit.score:.0f}", style="dim")
    text, spans = _excerpt(hit.text.replace("\n", " "), hit.spans)
    body = Text(text)  # untrusted text: a Text object, never markup
    for start, end in spans:
        body.stylize("reverse bold", start, end)
    return Text.assemble(head, "\n", body)


class SearchScreen(Screen[None]):
    """The query box, a status line (``37 hits · 4 ms``) and the ranked hits."""

    if TYPE_CHECKING:  # the app, typed (at run time: Textual's own property)
        app = getters.app(NewsdeskApp)

    DEFAULT_CSS = """
    SearchScreen #search-input {
        margin: 0 0;
    }
    SearchScreen #search-status {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    SearchScreen #search-status.-error {
        color: $error;
        text-style: bold;
    }
    SearchScreen #search-results {
        height: 1fr;
        border: round $primary 50%;
    }
    SearchScreen #search-results:focus {
        border: round $primary;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Back", id="search_close", tooltip="Back to the articles"),
        Binding("down", "to_results", "Hits", show=False, id="search_to_results"),
        Binding("slash", "to_query", "Query", key_display="/", id="search_to_query", show=False),
    ]

    class Finished(Message):
        """A search worker's answer: the result, or a message for the status line."""

        def __init__(self, seq: int, result: SearchResult | None, error: str | None) -> None:
            super().__init__()
            self.seq = seq
            self.result = result
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self.seq = 0
        self.hits: list[Hit] = []
        self.current: int | None = None
        self.status_text = ""
        self._opened = False
        self._release_read: Callable[[], None] = lambda: None
        #: the query whose answer is shown (``seq`` is the latest typed)
        self.answered = 0
        #: what ↓ or Enter, pressed before the answer came, asked for: "hits" or "open"
        self._after_answer: str | None = None
        #: whether a search runs, and the query typed since, searched once it is done
        self._searching = False
        self._queued: tuple[int, str] | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="⌕")
        yield Input(placeholder="Search sentences and quotes…", id="search-input")
        yield Static(Text(_HINT), id="search-status")
        yield OptionList(id="search-results")
        yield KeyFooter()

    @property
    def query_input(self) -> Input:
        return self.query_one("#search-input", Input)

    @property
    def results(self) -> OptionList:
        return self.query_one("#search-results", OptionList)

    def on_mount(self) -> None:
        self.edit_query()
        app = self.app
        if app.store is None:  # opened during start-up: answer before the database read
            self._release_read = app.hold_database_read()
        self.preload_index()

    def on_screen_suspend(self) -> None:
        self._release_read()

    @work(thread=True, exclusive=True, group="search-index", exit_on_error=False)
    def preload_index(self) -> None:
        """Read (or bring up to date) the search index while the user starts typing.

        Before the database is read, the index saved beside it answers instead
        when the catalog vouches for it (``index_from_catalog``).
        """
        from newsdesk.store import NewsdeskError, index_from_catalog, prepare_search

        app = self.app
        with contextlib.suppress(NewsdeskError, OSError):
            if app.store is not None:
                prepare_search(app.store)
            else:
                index_from_catalog(app.database_path)

    def on_screen_resume(self) -> None:
        app = self.app
        back_from_hit = self._opened and app.return_screen is None
        self._opened = False
        if back_from_hit and self.hits and app.key_hold.reason != "search":
            self.results.focus()
            if self.current is not None:
                self.results.highlighted = self.current
        else:
            self.edit_query()

    def edit_query(self) -> None:
        """Focus the query box with its text selected (typing replaces it), at once.

        Keys typed in the same burst as ``/`` wait for this (``app.release_keys``):
        focusing now, not on the next refresh, sends them into the box.
        """
        box = self.query_input
        self.set_focus(box)
        box.select_all()
        app = self.app
        app.release_keys("search")

    def store_ready(self) -> None:
        """The database is read (the app calls this): answer a query that waited for it."""
        query = self.query_input.value
        if self.status_text.startswith(STILL_READING) and query.strip():
            self.seq += 1
            self._search(self.seq, query)

    # -- searching --------------------------------------------------------
    @property
    def waiting(self) -> bool:
        """Whether the query typed last is still being answered."""
        return self.answered != self.seq

    @on(Input.Changed, "#search-input")
    def _query_changed(self, event: Input.Changed) -> None:
        self.seq += 1
        query = event.value
        if not query.strip():
            self.answered = self.seq
            self._after_answer = None
            self._show([], Text(_HINT), error=False)
            return
        self._search(self.seq, query)

    def _search(self, seq: int, query: str) -> None:
        """Search ``query`` now, or once the search running is done (then only the
        latest query asked for is searched)."""
        if self._searching:
            self._queued = (seq, query)
            return
        self._searching = True
        self.run_search(seq, query)

    @work(thread=True, group="search", exit_on_error=False)
    def run_search(self, seq: int, query: str) -> None:
        """Search off the UI thread; the answer always comes back (an unexpected
        failure as its message), so the next query is searched."""
        started = time.perf_counter()
        try:
            answer = self._answer(seq, query, self.app.store, started)
        except Exception as exc:  # shown in the status line, not lost
            answer = self.Finished(seq, None, f"search failed: {type(exc).__name__}: {exc}")
        self.post_message(answer)

    def _answer(self, seq: int, query: str, store: Store | None, started: float) -> Finished:
        """The hits of ``query``, or why there are none yet."""
        from newsdesk.store import (
            NewsdeskError,
            index_from_catalog,
            parse_query,
            search_index,
            search_store,
        )

        try:
            if store is not None:
                return self.Finished(seq, search_store(store, query, limit=LIMIT), None)
            # Before the database is read: the index beside it, if the catalog
            # vouches for it. Fact filters (kind:fact, by:) need the database.
            parsed = parse_query(query)
            app = self.app
            index = None if parsed.filters.needs_facts else index_from_catalog(app.database_path)
            if index is None:
                return self.Finished(seq, None, STILL_READING)
            result = search_index(index, parsed, limit=LIMIT, query_text=query, started=started)
            return self.Finished(seq, result, None)
        except NewsdeskError as exc:
            return self.Finished(seq, None, str(exc))

    def on_search_screen_finished(self, message: Finished) -> None:
        self._searching = False
        queued, self._queued = self._queued, None
        if queued is not None and queued[0] == self.seq:
            self._search(*queued)  # the query typed while this one was searched
        if message.seq != self.seq:
            return  # an older query's answer
        self.answered = message.seq
        if message.result is None:
            self._show([], Text(message.error or ""), error=True)
        else:
            self._show(message.result.hits, Text(message.result.status()), error=False)
        self._release_read()  # answered: the database read may go on
        after, self._after_answer = self._after_answer, None
        if after == "open":
            self._submitted()
        elif after == "hits":
            self.action_to_results()

    def _show(self, hits: list[Hit], status: Text, *, error: bool) -> None:
        self.hits = hits
        self.current = None
        self.status_text = status.plain
        line = self.query_one("#search-status", Static)
        line.update(status)
        line.set_class(error, "-error")
        # The first screenful at once, the rest on the next tick (200 hits take 0.08 s).
        fill_in_slices(self.results, hits, hit_prompt, first=20)

    # -- opening hits -----------------------------------------------------
    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        if self.waiting:  # Enter typed in the same burst as the query: open its first hit
            self._after_answer = "open"
        elif self.hits:
            self.open_hit(self.results.highlighted or 0)

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.open_hit(event.option_index)

    def open_hit(self, index: int) -> None:
        """Show hit ``index`` in the reader; Escape there returns here."""
        if not 0 <= index < len(self.hits):
            return
        self.current = index
        hit = self.hits[index]
        self._opened = True
        self.post_message(
            OpenArticle(hit.doc, hit.para, hit.para_spans, return_to=self, return_name="search")
        )

    def step_hit(self, delta: int) -> tuple[str, int, list[tuple[int, int]]] | None:
        """Move to the next (``delta`` 1) or previous (-1) hit: ``(doc, para, spans)``.

        Called by ``app.action_search_step`` for ``n`` / ``N`` in the reader; after the
        last hit comes the first again (and before the first, the last). None when
        there is no hit.
        """
        if not self.hits:
            return None
        if self.current is None:
            index = 0 if delta > 0 else len(self.hits) - 1
        else:
            index = (self.current + delta) % len(self.hits)
        self.current = index
        self._opened = True
        if self.is_mounted:
            self.results.highlighted = index
        hit = self.hits[index]
        return hit.doc, hit.para, hit.para_spans

    def position(self) -> str:
        """Where the current hit stands: ``hit 2 of 4``."""
        if self.current is None:
            return f"{len(self.hits)} hits"
        return f"hit {self.current + 1} of {len(self.hits)}"

    # -- keys -------------------------------------------------------------
    def action_close(self) -> None:
        self.app.pop_screen()

    def action_to_results(self) -> None:
        if self.waiting:
            self._after_answer = self._after_answer or "hits"
        elif self.hits:
            self.set_focus(self.results)

    def action_to_query(self) -> None:
        self.edit_query()
