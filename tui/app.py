"""The newsdesk Textual app: loads the store off the UI thread and routes keys to screens."""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import events, work
from textual.actions import SkipAction
from textual.app import App
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input

from newsdesk.store import (
    Article,
    ArticleSummary,
    ChangeListener,
    NewsdeskError,
    Store,
    open_store,
    read_listing,
    server_status,
    target_path,
)
from newsdesk.tui.key_hold import KeyHold
from newsdesk.tui.messages import OpenArticle
from newsdesk.tui.palette import NewsdeskCommands, export_view
from newsdesk.tui.screens import STILL_READING, WaitsForStore
from newsdesk.tui.screens.help import HelpScreen
from newsdesk.tui.screens.main import MainScreen
from newsdesk.tui.theme import NO_COLOR_CSS, apply_terminal_colours, toggle_theme
from newsdesk.tui.widgets.doc_list import MARGIN, DocumentList
from newsdesk.tui.widgets.row_source import StoreRows

if TYPE_CHECKING:
    from newsdesk.tui.screens.search import SearchScreen

__all__ = ["NewsdeskApp", "run_app"]

#: Keys handled at once while start-up holds the others (the rest wait for the list).
PASS_AT_START = frozenset({"q", "ctrl+q", "ctrl+c"})
#: Longest wait (seconds) for the search box before held keys go where the focus is.
SEARCH_HOLD_SECONDS = 2.0

#: Longest wait (seconds) for the first frame before the database read begins: on a
#: loaded machine the read would otherwise keep the screen blank until it ends.
FIRST_PAINT_WAIT = 10.0
#: A database file smaller than this holds no article: start-up adds the bundled ones.
NEW_DATABASE_BYTES = 64

#: Rows of the list read with the store (the first view, and more around it).
FIRST_PAGE = 2 * MARGIN + 100
#: Longest wait (seconds) of the change listener before it checks that the app still runs.
LISTEN_WAIT = 0.5

#: A database at least this large is read after the search index is mapped
#: (about 2,000 articles; its read then takes longer than loading the search code).
EARLY_INDEX_BYTES = 8_000_000


def _is_text_box(widget: object) -> bool:
    """Whether ``widget`` takes typed text (an Input, or a TextArea if one was ever made).

    Importing TextArea only for this check cost start-up 17 ms.
    """
    text_area = sys.modules.get("textual.widgets._text_area")
    kinds: tuple[type, ...] = (Input,) + ((text_area.TextArea,) if text_area else ())
    return isinstance(widget, kinds)


class _Gate:
    """Counts holds; :meth:`wait_clear` blocks until none is left (thread-safe)."""

    def __init__(self) -> None:
        self._count = 0
        self._cond = threading.Condition()

    def hold(self) -> Callable[[], None]:
        """Take a hold; the returned function lets it go (calling it again does nothing)."""
        with self._cond:
            self._count += 1
        released = False

        def release() -> None:
            nonlocal released
            with self._cond:
                if not released:
                    released = True
                    self._count -= 1
                    self._cond.notify_all()

        return release

    def is_clear(self) -> bool:
        return self._count == 0

    def wait_clear(self, timeout: float) -> None:
        with self._cond:
            self._cond.wait_for(lambda: self._count == 0, timeout=timeout)


class NewsdeskApp(App[None]):
    """Browse, read, search and compare news articles."""

    TITLE = "newsdesk"
    CSS_PATH = "app.tcss"
    CSS = NO_COLOR_CSS
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {NewsdeskCommands}

    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark,f1", "help", "Help", key_display="?", id="help"),
        # Priority: "/" and a query typed in one burst (over SSH, or pasted) must open
        # the pane before the query's letters are handled, not after (SkipAction in Inputs).
        Binding(
            "slash", "open_screen('search')", "Search", key_display="/", id="search", priority=True
        ),
        Binding("c", "open_screen('compare')", "Compare", id="compare"),
        Binding("f", "open_screen('facts')", "Facts", id="facts"),
        Binding("t", "toggle_theme", "Theme", show=False, id="theme"),
        Binding("e", "export_view", "Export", show=False, id="export"),
    ]

    class StoreLoaded(Message):
        """The store is open; it lists ``count`` articles, ``rows`` from row ``start`` on are
        read, and ``cursor`` is where the article under the cursor now stands (None: gone)."""

        def __init__(
            self,
            store: Store,
            count: int,
            start: int,
            rows: list[ArticleSummary],
            cursor: int | None,
        ) -> None:
            super().__init__()
            self.store = store
            self.count = count
            self.start = start
            self.rows = rows
            self.cursor = cursor

    class ListLoaded(Message):
        """The article list is known (from the catalog); the store is still loading."""

        def __init__(self, rows: list[ArticleSummary]) -> None:
            super().__init__()
            self.rows = rows

    class Status(Message):
        """What the database read is doing (shown in the header until the store is open)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class StoreFailed(Message):
        """The store could not be opened."""

        def __init__(self, message: str, exit_code: int) -> None:
            super().__init__()
            self.message = message
            self.exit_code = exit_code

    class KeysReady(Message):
        """What held keys waited for is ready: handle them in order."""

        def __init__(self, serial: int) -> None:
            super().__init__()
            self.serial = serial

    def __init__(self, db_path: Path | str | None = None, *, store: Store | None = None) -> None:
        super().__init__()
        self.db_path = db_path
        self.store: Store | None = store
        self.main_screen = MainScreen()
        self.return_screen: str | None = None
        self.error_message: str | None = None
        self.listed_rows: list[ArticleSummary] | None = None
        self.listed_generation: int | None = None
        self._list_painted = threading.Event()
        self._first_paint = threading.Event()
        self._read_holds = _Gate()
        self.key_hold = KeyHold()
        self._hold_serial = 0
        #: A server archive tells of its changes (store.changes()); a file is polled.
        self._listening = threading.Event()
        #: The article list once it has rows (its cursor's article is kept on a reload).
        self._shown_list: DocumentList | None = None
        #: start-up event → wall-clock time (first_paint, list_shown, store_ready)
        self.timings: dict[str, float] = {}

    @property
    def database_path(self) -> Path:
        """The database file this app shows (read before the store is open)."""
        if self.store is not None:
            return self.store.path
        return target_path(self.db_path)

    # -- keys that arrive before their target is ready -------------------
    async def on_event(self, event: events.Event) -> None:
        if self.key_hold.keeps(event):
            self.key_hold.keep(event)
            return
        if (
            isinstance(event, events.Paste)
            and not event.is_forwarded
            and event.text.startswith("/")
            and self.screen is self.main_screen
            and not _is_text_box(self.focused)
        ):
            # "/query" pasted where no text goes: a search, as if typed.
            self.action_open_screen("search")
            if self.key_hold.holding:  # the search screen opens: the rest goes into its box
                self.key_hold.keep(events.Paste(event.text[1:]))
            return
        await super().on_event(event)

    def hold_keys(
        self, reason: str, *, passing: frozenset[str] = frozenset(), timeout: float | None = None
    ) -> None:
        """Hold key and paste events until :meth:`release_keys` (or ``timeout`` seconds)."""
        self._hold_serial += 1
        self.key_hold.start(reason, passing=passing)
        if timeout is not None:
            serial = self._hold_serial
            self.set_timer(timeout, lambda: self.post_message(self.KeysReady(serial)))

    def release_keys(self, reason: str) -> None:
        """The ``reason`` for the hold is gone: held keys are handled next, in order."""
        if self.key_hold.reason == reason:
            self.post_message(self.KeysReady(self._hold_serial))

    async def on_newsdesk_app_keys_ready(self, message: KeysReady) -> None:
        if message.serial != self._hold_serial or not self.key_hold.holding:
            return  # a later hold is on (a held "/" opened the search again)
        self.key_hold.stop()
        while (event := self.key_hold.next()) is not None:
            await super().on_event(event)

    def on_mount(self) -> None:
        apply_terminal_colours(self)
        # Keys typed before the list is shown act on it once it is (q quits at once).
        self.hold_keys("start-up", passing=PASS_AT_START)
        self.sub_title = "opening the database…"  # the first frame says what comes
        self.push_screen(self.main_screen)
        # Paint first: reading a large database holds the interpreter for a while.
        self.call_after_refresh(self._mark, "first_paint")
        self.call_after_refresh(self._first_paint.set)
        self.load_store()
        self.set_interval(2.0, self._check_for_changes)

    # -- loading --------------------------------------------------------
    @work(thread=True, exclusive=True, group="store", exit_on_error=False)
    def load_store(self) -> None:
        """Open the database (seeding an empty one) and read the list, off the UI thread."""
        self._first_paint.wait(timeout=FIRST_PAINT_WAIT)
        listing = None
        try:
            if self.store is None:
                self.post_message(self.Status(self._reading_status()))
                # The catalog shows the list before the whole database is read.
                listing = read_listing(self.database_path)
                if listing is not None:
                    self._list_painted.clear()
                    self.post_message(self.ListLoaded(listing.rows))
                    self.post_message(
                        self.Status(f"{len(listing.rows)} articles · reading the database…")
                    )
                    # Let the list reach the screen before the long read of the database.
                    self._list_painted.wait(timeout=2.0)
                    self._read_early_index()
                    # A search opened meanwhile answers before the read takes the interpreter.
                    self._read_holds.wait_clear(timeout=2.0)
            store = self.store or open_store(self.db_path, on_lock_wait=self._lock_wait)
            store.ensure_seeded()
            generation = store.generation()
            # The list reads its rows a page at a time: the page around the article
            # under the cursor (the catalog's list may have been moved meanwhile).
            keep = self._current_from_thread()
            position = store.summary_position(keep) if keep is not None else None
            start = max(0, (position or 0) - MARGIN)
            count, rows = len(store), store.summary_page(start, FIRST_PAGE)
            self._listen(store)
        except NewsdeskError as exc:
            self.post_message(self.StoreFailed(str(exc), exc.exit_code))
            return
        self.listed_generation = generation
        self.post_message(self.StoreLoaded(store, count, start, rows, position))

    def _current_from_thread(self) -> str | None:
        """The article under the list cursor, read from a worker thread (the list's own
        fields: waiting for the UI thread could wait for ever on an app that is closing)."""
        shown = self._shown_list
        return shown.current_id if shown is not None else None

    def _listen(self, store: Store) -> None:
        """Hear the archive's changes on a thread of its own, when it tells them (a server)."""
        if self._listening.is_set():
            return
        listener = store.changes()
        if listener is None:
            return  # a file: polled every two seconds
        self._listening.set()
        threading.Thread(
            target=self._hear, args=(listener,), name="newsdesk-changes", daemon=True
        ).start()

    def _hear(self, listener: ChangeListener) -> None:
        """Reload the list on each change another client commits, until the app ends
        (or the connection drops: polling takes over)."""
        try:
            while self.is_running:
                if listener.wait(LISTEN_WAIT):
                    self.call_from_thread(self._reload_changed)
        except (NewsdeskError, RuntimeError):
            pass
        finally:
            self._listening.clear()
            listener.close()

    def _reading_status(self) -> str:
        """What the header says while the database is opened."""
        server = server_status(self.db_path)
        if server is not None:
            return server
        try:
            new = self.database_path.stat().st_size < NEW_DATABASE_BYTES
        except OSError:
            new = True
        if new:
            return "a new database: adding the bundled articles…"
        return f"reading {self.database_path.name}…"

    def on_newsdesk_app_status(self, message: Status) -> None:
        if self.store is None:
            self.sub_title = message.text

    def _read_early_index(self) -> None:
        """Map the search index the catalog vouches for, before a long database read.

        The search box then answers as soon as a query is typed instead of after
        the read (:func:`store.search.index_from_catalog`; a mapped file costs
        little until it is searched). A small database is read first: its read
        is shorter than loading the search code (a quarter of a second).
        """
        with contextlib.suppress(OSError):
            if self.database_path.stat().st_size < EARLY_INDEX_BYTES:
                return
        from newsdesk.store import index_from_catalog

        with contextlib.suppress(NewsdeskError, OSError):
            index_from_catalog(self.database_path)

    def hold_database_read(self) -> Callable[[], None]:
        """Keep the database read (if still to come) from starting; call the result to go on.

        Reading a large database holds the interpreter for a while: a search
        opened while the list is up answers first. The read waits 2 s at most.
        """
        return self._read_holds.hold()

    def _mark(self, event: str) -> None:
        """Note the wall-clock time of a start-up event (the benchmark reads them)."""
        self.timings.setdefault(event, time.time())

    def _lock_wait(self, message: str) -> None:
        """Show another writer's lock as a notification (called from a worker thread)."""
        self.call_from_thread(self.notify, message, title="Waiting for the database")

    def on_newsdesk_app_list_loaded(self, message: ListLoaded) -> None:
        self.listed_rows = message.rows  # the palette's documents until the store is read
        self.main_screen.show_articles(message.rows)
        self._shown_list = self.main_screen.doc_list
        self._list_shown(len(message.rows))
        self.call_after_refresh(self._list_painted.set)

    def on_newsdesk_app_store_loaded(self, message: StoreLoaded) -> None:
        self.store = message.store
        self.listed_rows = None
        self._mark("store_ready")
        # NoMatches: the app is closing (quit while the database was read).
        with contextlib.suppress(NoMatches):
            self._store_ready(message)

    def _store_ready(self, loaded: StoreLoaded) -> None:
        """Show the list, fill the reader, tell waiting screens: the database is read."""
        store = loaded.store
        self.main_screen.show_rows(
            StoreRows(store), loaded.count, loaded.start, loaded.rows, loaded.cursor
        )
        self._shown_list = self.main_screen.doc_list
        self._list_shown(loaded.count)
        first = self.current_id or (loaded.rows[0].id if loaded.rows else None)
        if first is not None and self.main_screen.reader.article is None:
            # Fill the reader behind whatever screen the user opened meanwhile
            # (search answers before the database is read): never pop it.
            article = self.get_article(first)
            if article is not None:
                self.main_screen.reader.show(article)
        # Screens opened while the database was read may have had to wait for it.
        for screen in self.screen_stack:
            if isinstance(screen, WaitsForStore):
                screen.store_ready()

    def _list_shown(self, count: int) -> None:
        self.sub_title = f"{count} articles"
        self.release_keys("start-up")
        if "list_shown" not in self.timings:
            self.call_after_refresh(self._mark, "list_shown")

    def on_newsdesk_app_store_failed(self, message: StoreFailed) -> None:
        self.error_message = message.message
        self.exit(return_code=message.exit_code)

    def _check_for_changes(self) -> None:
        if self.store is not None and not self._listening.is_set():
            self.watch_database()

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def watch_database(self) -> None:
        """Reload the list when another process (an ingest) changed the database."""
        store = self.store
        if store is None:
            return
        try:
            changed = store.generation() != self.listed_generation
        except NewsdeskError:
            return  # a half-broken file stays unread; the next check tries again
        if changed:
            self.call_from_thread(self._reload_changed)

    def _reload_changed(self) -> None:
        self.load_store()
        self.notify("The archive changed; the list was reloaded.")

    # -- navigation -----------------------------------------------------
    @property
    def current_id(self) -> str | None:
        """The article under the list cursor."""
        return self.main_screen.doc_list.current_id

    def get_article(self, doc_id: str) -> Article | None:
        """The article ``doc_id``, or None (with a notification) when it is gone."""
        if self.store is None:
            self.notify(STILL_READING)
            return None
        try:
            return self.store.get(doc_id)
        except NewsdeskError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return None

    def open_article(
        self,
        doc_id: str,
        para: int | None = None,
        spans: list[tuple[int, int]] | None = None,
        *,
        focus_reader: bool = True,
        return_to: str | None = None,
    ) -> None:
        """Show ``doc_id`` in the reader at paragraph ``para`` with ``spans`` highlighted.

        ``return_to`` names an installed screen (such as ``"search"``) that Escape in
        the reader goes back to.
        """
        article = self.get_article(doc_id)
        if article is None:
            return
        while len(self.screen_stack) > 2 and self.screen is not self.main_screen:
            self.pop_screen()
        self.return_screen = return_to
        if focus_reader:
            self.main_screen.show_article(article, para=para, spans=spans)
        else:
            self.main_screen.reader.show(article, para=para, spans=spans)

    def on_open_article(self, message: OpenArticle) -> None:
        """A screen asked for an article: keep the screen Escape returns to, then show it."""
        name = message.return_name
        kept = message.return_to
        if name is not None and kept is not None:
            if self.is_screen_installed(name) and self.get_screen(name) is not kept:
                self.uninstall_screen(name)
            if not self.is_screen_installed(name):
                self.install_screen(kept, name)
        self.open_article(
            message.doc_id,
            para=message.para,
            spans=message.spans,
            focus_reader=message.focus_reader,
            return_to=name,
        )

    def go_back(self) -> bool:
        """Return to the screen that opened the current article; False if there is none."""
        name, self.return_screen = self.return_screen, None
        if name is None or not self.is_screen_installed(name):
            return False
        self.push_screen(name)
        return True

    def search_step(self, delta: int) -> None:
        """Open the next (``delta`` = 1) or previous (-1) search hit in the reader."""
        if not self.is_screen_installed("search"):
            self.notify("No search yet: press / to search.", severity="warning")
            return
        screen = cast("SearchScreen", self.get_screen("search"))  # installed only as "search"
        before = screen.current
        hit = screen.step_hit(delta)
        if hit is None:
            self.notify("No hits: press / to change the query.", severity="warning")
            return
        doc_id, para, spans = hit
        self.open_article(doc_id, para=para, spans=spans, return_to="search")
        after = screen.current  # set: there was a hit
        wrapped = before is not None and after is not None and (after - before) * delta < 0
        where = (" (back to the first)" if delta > 0 else " (on to the last)") if wrapped else ""
        self.notify(f"{screen.position().capitalize()}{where}", timeout=2)

    def action_toggle_theme(self) -> None:
        self.notify(f"Theme: {toggle_theme(self)}", timeout=2)

    def action_export_view(self) -> None:
        export_view(self)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_open_screen(self, name: str) -> None:
        """Open a feature screen: ``search``, or ``compare`` / ``facts`` of the current article."""
        if _is_text_box(self.focused):
            raise SkipAction()  # "/" typed in a text box is text
        if name != "search":
            doc_id = self.current_id
            if doc_id is None:
                self.notify("Choose an article first.", severity="warning")
                return
            self.push_screen(_article_screen(name, doc_id))
            return
        from newsdesk.tui.screens.search import SearchScreen

        # The search screen is installed once, so it keeps its query and hits.
        if not self.is_screen_installed(name):
            self.install_screen(SearchScreen(), name)
        installed = self.get_screen(name)
        # The query's letters, typed in the same burst as "/", go into the box:
        # they wait until it has the focus (the screen calls release_keys).
        self.hold_keys("search", timeout=SEARCH_HOLD_SECONDS)
        if self.screen is not installed:
            self.push_screen(name)
        elif isinstance(installed, SearchScreen):
            installed.edit_query()  # "/" from the hits: to the query


def _article_screen(name: str, doc_id: str) -> Screen[None]:
    """The ``compare`` or ``facts`` screen of ``doc_id`` (imported on first use, not at start)."""
    if name == "compare":
        from newsdesk.tui.screens.compare import CompareScreen

        return CompareScreen(doc_id)
    if name == "facts":
        from newsdesk.tui.screens.facts import FactsScreen

        return FactsScreen(doc_id)
    raise ValueError(f"no screen {name!r}")


def run_app(db_path: Path | str | None = None) -> int:
    """Run the app; the exit status for the command line."""
    app = NewsdeskApp(db_path)
    app.run()
    if app.error_message:
        raise NewsdeskError(app.error_message, app.return_code or 3)
    return app.return_code or 0
