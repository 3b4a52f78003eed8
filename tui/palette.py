"""The command palette (Ctrl+P): every command of the app, and every document by title or id.

Commands depend on where the palette opens: "Copy with citation" needs an
article in the reader, "Compare with its translation" a paired article, and a
screen that can export itself (a method ``export_view() -> (name, markdown)``)
gets "Export this view". Each command also has a key, shown beside it.
"""

from __future__ import annotations

import asyncio
import errno
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from newsdesk.store import fold
from newsdesk.tui.messages import OpenArticle
from newsdesk.tui.screens import ExportsPair, ExportsView
from newsdesk.tui.theme import toggle_theme

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from newsdesk.store import ArticleSummary
    from newsdesk.tui.app import NewsdeskApp
    from newsdesk.tui.widgets.reader import Reader

__all__ = [
    "NewsdeskCommands",
    "compare_with_another",
    "export_view",
    "open_ledger",
    "pick_document",
    "save_export",
    "view_markdown",
]

_DOC_LIMIT = 30


@dataclass(frozen=True, slots=True)
class _Command:
    title: str
    help: str
    key: str
    run: Callable[[], Any]


def _reader(app: NewsdeskApp, screen: Screen[Any] | None = None) -> Reader | None:
    """The reader, when ``screen`` (default: the current screen) is the one showing it."""
    main = app.main_screen
    if (screen if screen is not None else app.screen) is not main:
        return None
    return main.reader


def view_markdown(app: NewsdeskApp, screen: Screen[Any] | None = None) -> tuple[str, str] | None:
    """(name, Markdown) of what ``screen`` (default: the current one) shows, or None."""
    screen = screen if screen is not None else app.screen
    if isinstance(screen, ExportsView):
        result = screen.export_view()
        if result is not None:
            return result
    reader = _reader(app, screen)
    article = reader.article if reader is not None else None
    if article is None:
        return None
    from newsdesk.tui.commands.export import article_markdown

    return article.id, article_markdown(article)


def _export_dir() -> Path:
    return Path(os.environ.get("NEWSDESK_EXPORT_DIR") or Path.cwd())


def _write_new(folder: Path, filename: str, text: str) -> Path:
    """Write ``text`` to ``folder/filename``, or to ``stem-2.md``, ``stem-3.md``… when
    that file exists: an export never overwrites one (``x`` mode makes the check and
    the creation one step)."""
    stem, suffix = filename.rsplit(".", 1)
    for n in range(1, 1000):
        path = folder / (filename if n == 1 else f"{stem}-{n}.{suffix}")
        try:
            with path.open("x", encoding="utf-8") as out:
                out.write(text)
            return path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "too many exports of this view", str(folder))


def export_view(app: NewsdeskApp, *, to_clipboard: bool = False) -> Path | None:
    """Save the current view as Markdown (or copy it); the file written, if any.

    The file is ``newsdesk-<name>.md`` in ``$NEWSDESK_EXPORT_DIR`` or the current
    folder, never over an existing file (``newsdesk-<name>-2.md`` then); in a
    browser (``newsdesk serve``) it is downloaded instead.
    """
    view = view_markdown(app)
    if view is None:
        app.notify("Nothing to export here: open an article first.", severity="warning")
        return None
    name, text = view
    if to_clipboard:
        app.copy_to_clipboard(text)
        app.notify(f"Copied {name} as Markdown ({len(text)} characters).", markup=False)
        return None
    return save_export(app, name, ".md", text, "text/markdown")


def save_export(
    app: App[Any], name: str, suffix: str, text: str, mime_type: str, what: str = ""
) -> Path | None:
    """Save ``text`` as ``newsdesk-<name><suffix>`` in the export folder (downloaded in a
    browser) and say where; ``what`` tells what was saved. The file written, if any."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in name).strip(".-")
    filename = f"newsdesk-{safe or 'view'}{suffix}"
    if app.is_web:
        import io

        app.deliver_text(io.StringIO(text), save_filename=filename, mime_type=mime_type)
        return None
    try:
        path = _write_new(_export_dir(), filename, text)
    except OSError as exc:
        path = _export_dir() / filename
        app.notify(f"Cannot write {path}: {exc.strerror}", severity="error", markup=False)
        return None
    app.notify(
        f"Exported {what} to {path}" if what else f"Exported to {path}",
        title="Export",
        markup=False,
    )
    return path


def open_ledger(app: NewsdeskApp) -> None:
    """Open the facts screen of the current article at its ledger tab (conflicts first)."""
    doc_id = app.current_id
    if doc_id is None:
        app.notify("The ledger is not available yet.", severity="warning")
        return
    from newsdesk.tui.screens.facts import FactsScreen

    screen = FactsScreen(doc_id)
    app.push_screen(screen)
    screen.call_after_refresh(screen.action_tab, "ledger")


def _compare_pair(app: App[Any], left: str, right: str) -> None:
    from newsdesk.tui.screens.compare import CompareScreen

    app.push_screen(CompareScreen(left, right))


class _Documents(Provider):
    """A provider that knows the documents (read off the UI thread when it opens)."""

    # Textual types Provider.app as App[object], and App is invariant in its return
    # type: NewsdeskApp (an App[None]) cannot override it without the ignore.
    @property
    def app(self) -> NewsdeskApp:  # type: ignore[override]
        """The app, typed (the palette's providers run only in newsdesk's)."""
        return cast("NewsdeskApp", super().app)

    async def startup(self) -> None:
        store = self.app.store
        listed = self.app.listed_rows
        self._docs: list[ArticleSummary] = list(listed) if listed else []
        if not self._docs and store is not None:
            self._docs = await asyncio.to_thread(store.summaries)
        docs = self._docs
        self._folded = await asyncio.to_thread(lambda: [fold(f"{d.title} {d.id}") for d in docs])

    def _match_docs(self, query: str) -> list[tuple[float, ArticleSummary]]:
        """Documents whose title or id match ``query`` (accent-insensitive), best first."""
        from rapidfuzz import fuzz, process

        needle = fold(query.strip())
        if not needle or not self._docs:
            return []
        found = process.extract(
            needle, self._folded, scorer=fuzz.partial_ratio, limit=_DOC_LIMIT, score_cutoff=70
        )
        # Scores below the commands' (0–1) for equal quality: a command name wins a tie.
        return [(score / 100 * 0.95, self._docs[index]) for _, score, index in found]

    @staticmethod
    def _prompt(doc: ArticleSummary, verb: str = "") -> Text:
        """A document as a palette line: its title as plain text (never markup)."""
        prompt = Text(f"{verb} ", style="dim") if verb else Text()
        prompt.append(doc.title)
        return prompt

    @staticmethod
    def _help(doc: ArticleSummary) -> str:
        return escape(f"{doc.id} · {doc.lang} · {doc.date or 'date unknown'}")


class _DocumentPicker(_Documents):
    """Choose one document; ``chosen`` gets its id. Subclassed per use by :func:`pick_document`."""

    exclude: str | None = None

    def chosen(self, doc_id: str) -> None:  # pragma: no cover - replaced per use
        raise NotImplementedError

    def _run(self, doc_id: str) -> Callable[[], None]:
        return lambda: self.chosen(doc_id)

    async def discover(self) -> Hits:
        for doc in self._docs[:200]:
            if doc.id != self.exclude:
                yield DiscoveryHit(self._prompt(doc), self._run(doc.id), doc.title, self._help(doc))

    async def search(self, query: str) -> Hits:
        for score, doc in await asyncio.to_thread(self._match_docs, query):
            if doc.id != self.exclude:
                yield Hit(score, self._prompt(doc), self._run(doc.id), doc.title, self._help(doc))


def pick_document(
    app: App[Any], placeholder: str, on_pick: Callable[[str], None], exclude: str | None = None
) -> None:
    """Open a palette that lists the documents; ``on_pick(doc_id)`` runs on the one chosen."""
    from textual.command import CommandPalette

    picker = type(
        "DocumentPicker",
        (_DocumentPicker,),
        {"exclude": exclude, "chosen": lambda self, doc_id: on_pick(doc_id)},
    )
    app.push_screen(CommandPalette(providers=[picker], placeholder=placeholder))


def compare_with_another(app: App[Any], doc_id: str) -> None:
    """The document picker; the document chosen is compared with ``doc_id``."""
    pick_document(
        app,
        "Compare with which document?",
        lambda other: _compare_pair(app, doc_id, other),
        exclude=doc_id,
    )


class NewsdeskCommands(_Documents):
    """Commands of the app and of the current view, and documents to open."""

    # -- the commands -----------------------------------------------------
    def _commands(self) -> list[_Command]:
        app = self.app
        reader = _reader(app, self.screen)
        commands = [
            _Command(
                "Search all articles",
                "Fuzzy search for a quote, a name or a figure",
                "/",
                lambda: app.action_open_screen("search"),
            )
        ]
        if reader is not None and reader.article is not None:
            article = reader.article
            here = escape(article.id)
            if article.pair:
                commands.append(
                    _Command(
                        "Compare with its translation",
                        f"{here} beside {escape(article.pair)}",
                        "c",
                        lambda: app.action_open_screen("compare"),
                    )
                )
            commands += [
                _Command(
                    "Compare with another document…",
                    f"Choose a document to read beside {here}",
                    "",
                    lambda: self._choose_other(article.id),
                ),
                _Command(
                    "Facts of this article",
                    f"Figures, dates, people and quotes of {here}",
                    "f",
                    lambda: app.action_open_screen("facts"),
                ),
                _Command(
                    "Copy with citation",
                    "The current paragraph (or highlighted passage) with its source",
                    "y",
                    reader.action_copy,
                ),
                _Command(
                    "Toggle fact marks",
                    "Mark the facts in the reader by kind (symbol and colour)",
                    "h",
                    reader.toggle_fact_marks,
                ),
            ]
        commands.append(
            _Command(
                "Fact ledger",
                "Facts grouped across articles and languages, conflicts first",
                "",
                lambda: open_ledger(app),
            )
        )
        if view_markdown_available(app, self.screen):
            commands += [
                _Command(
                    "Export this view as Markdown",
                    "Save it as newsdesk-….md in the current folder",
                    "e",
                    lambda: export_view(app),
                ),
                _Command(
                    "Copy this view as Markdown",
                    "To your clipboard (works over SSH)",
                    "",
                    lambda: export_view(app, to_clipboard=True),
                ),
            ]
        if isinstance(self.screen, ExportsPair) and self.screen.comparison is not None:
            commands.append(
                _Command(
                    "Export this pair as TMX",
                    "Aligned sentences as a translation memory for CAT tools: newsdesk-….tmx",
                    "x",
                    self.screen.action_export_tmx,
                )
            )
        commands += [
            _Command(
                "Toggle light / dark theme",
                f"Now: {escape(str(app.theme))}",
                "t",
                lambda: app.notify(f"Theme: {toggle_theme(app)}", timeout=2),
            ),
            _Command(
                "Choose a theme…", "Every theme, previewed as you move", "", app.action_change_theme
            ),
            _Command("Help: every key", "The keys of every pane", "?", app.action_help),
        ]
        return commands

    def _choose_other(self, doc_id: str) -> None:
        compare_with_another(self.app, doc_id)

    @staticmethod
    def _label(command: _Command) -> str:
        return f"{command.title}  ({command.key})" if command.key else command.title

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(self._label(command), command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            label = self._label(command)
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), command.run, help=command.help)
        for score, doc in await asyncio.to_thread(self._match_docs, query):
            yield Hit(
                score,
                self._prompt(doc, "Open"),
                (lambda doc_id=doc.id: self.app.post_message(OpenArticle(doc_id))),
                text=f"Open {doc.title}",
                help=self._help(doc),
            )


def view_markdown_available(app: NewsdeskApp, screen: Screen[Any] | None = None) -> bool:
    """Whether ``screen`` (default: the current one) has something to export."""
    screen = screen if screen is not None else app.screen
    if isinstance(screen, ExportsView):
        return True
    reader = _reader(app, screen)
    return reader is not None and reader.article is not None
