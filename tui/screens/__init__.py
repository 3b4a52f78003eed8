"""The app's screens, one module each, and what a screen may declare it can do."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from newsdesk.store import Comparison

#: What a pane says while the database is still being read at start-up.
STILL_READING = "Still reading the database…"


@runtime_checkable
class WaitsForStore(Protocol):
    """A screen that may open before the database is read: the app tells it when it is."""

    def store_ready(self) -> None: ...


@runtime_checkable
class ExportsView(Protocol):
    """A screen that exports itself: ``(name, Markdown)``, or None when it has nothing yet."""

    def export_view(self) -> tuple[str, str] | None: ...


@runtime_checkable
class ExportsPair(Protocol):
    """A screen showing a translation pair that it can save as TMX once compared."""

    @property
    def comparison(self) -> Comparison | None: ...

    def action_export_tmx(self) -> None: ...
