"""The key footer: Textual's, recomposed only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

__all__ = ["KeyFooter"]


class KeyFooter(Footer):
    """Textual's footer, without rebuilding the same keys again.

    Textual recomposes the footer whenever focus or bindings change, rebuilding
    and restyling every key even when none differs: at start-up and on opening
    a pane that was a tenth of a second of a small server's time.
    """

    _shown: tuple[tuple[object, ...], ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown = tuple(
            (binding.key, binding.action, binding.description, binding.show, enabled, tooltip)
            for _, binding, enabled, tooltip in screen.active_bindings.values()
        )
        if self._bindings_ready and shown == self._shown:
            return  # the same keys: nothing to rebuild
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = shown  # what the recompose about to be scheduled will show
        super().bindings_changed(screen)
