"""Messages the screens send up to the app, instead of calling back into it."""

from __future__ import annotations

from typing import Any

from textual.message import Message
from textual.screen import Screen

__all__ = ["OpenArticle"]


class OpenArticle(Message):
    """Show an article in the reader, at a paragraph, with spans highlighted.

    ``return_to`` is the screen Escape in the reader goes back to; the app keeps
    it installed under ``return_name`` so that it comes back as it was left.
    """

    def __init__(
        self,
        doc_id: str,
        para: int | None = None,
        spans: list[tuple[int, int]] | None = None,
        *,
        focus_reader: bool = True,
        return_to: Screen[Any] | None = None,
        return_name: str | None = None,
    ) -> None:
        super().__init__()
        self.doc_id = doc_id
        self.para = para
        self.spans = spans
        self.focus_reader = focus_reader
        self.return_to = return_to
        self.return_name = return_name
