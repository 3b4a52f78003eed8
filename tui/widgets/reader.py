"""The reader: an article's metadata and its numbered paragraphs."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from store import Article

__all__ = ["ParagraphView", "Reader"]

_KIND_LABEL = {"title": "Title", "caption": "▣ Caption", "credit": "— Credit"}


def _meta_text(article: Article) -> Text:
    text = Text()
    text.append(article.title, style="bold")
    if article.title_derived:
        text.append("  (title derived from the text)", style="dim italic")
    text.append("\n")
    date = article.date or "date unknown"
    if article.date:
        date += f" ({article.date_precision}, from {article.date_source})"
    parts = [article.id, date, article.lang]
    if article.dateline:
        parts.append(article.dateline)
    if article.credits:
        parts.append(", ".join(article.credits))
    text.append(" · ".join(parts), style="dim")
    text.append(f"\n{article.words} words")
    if article.pair:
        text.append(f" · translation: {article.pair}  (c to compare)")
    return text


class ParagraphView(Static):
    """One numbered paragraph; captions and credits styled apart from the body."""

    def __init__(self, n: int, kind: str, text: str, spans: list[tuple[int, int]]) -> None:
        body = Text(text)
        for start, end in spans:
            body.stylize("reverse bold", start, end)
        label = Text(f"¶{n}", style="dim")
        if kind != "body":
            label.append(f" {_KIND_LABEL.get(kind, kind)}", style="dim")
        super().__init__(Text.assemble(label, " ", body), classes=f"para -{kind}")
        self.n = n


class Reader(VerticalScroll, can_focus=True):
    """Shows one article; ``show`` scrolls to a paragraph and highlights spans."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
        Binding("space", "page_down", "Page down", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.border_title = "Reader"

    def compose(self) -> ComposeResult:
        yield Static(Text("Choose an article.", style="dim"), id="reader-meta")

    def show(
        self,
        article: Article,
        para: int | None = None,
        spans: list[tuple[int, int]] | None = None,
    ) -> None:
        """Show ``article``, scrolled to paragraph ``para`` with ``spans`` highlighted."""
        self.article = article
        self.border_title = article.id
        self.query_one("#reader-meta", Static).update(_meta_text(article))
        views = [
            ParagraphView(p.n, p.kind, p.text, (spans or []) if p.n == para else [])
            for p in article.paragraphs
        ]
        # Exclusive: a newer article replaces a half-built older one.
        self.run_worker(self._replace(views, para), exclusive=True, group="reader")

    async def _replace(self, views: list[ParagraphView], para: int | None) -> None:
        async with self.batch():
            await self.remove_children(ParagraphView)
            await self.mount_all(views)
        target = next((v for v in views if v.n == para), None) if para is not None else None
        if target is not None:
            target.add_class("-target")
            self.call_after_refresh(self.scroll_to_widget, target, top=True, animate=False)
        else:
            self.call_after_refresh(self.scroll_home, animate=False)
