"""Themes and colour for every terminal: light/dark, 16 colours, NO_COLOR.

* ``$NEWSDESK_THEME`` picks the start theme (any Textual theme name).
* At 16 colours or fewer (``TERM=xterm``, ``TERM=linux``) the app starts in
  ``ansi-dark`` (``ansi-light`` when ``$COLORFGBG`` says the background is light):
  those themes use the terminal's own palette instead of approximating RGB.
* With ``NO_COLOR`` set the app sends no colour at all, only bold, reverse,
  underline and italic; every mark the app makes has a symbol as well.
* ``t`` switches between the light and the dark form of the current theme.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

__all__ = [
    "NO_COLOR_CSS",
    "THEME_PAIRS",
    "apply_terminal_colours",
    "light_background",
    "start_theme",
    "toggle_theme",
]

#: dark theme ↔ light theme, for ``t``. A theme not listed goes to the first pair.
THEME_PAIRS: list[tuple[str, str]] = [
    ("textual-dark", "textual-light"),
    ("ansi-dark", "ansi-light"),
    ("solarized-dark", "solarized-light"),
    ("catppuccin-mocha", "catppuccin-latte"),
    ("atom-one-dark", "atom-one-light"),
    ("rose-pine", "rose-pine-dawn"),
]

#: Without colour, cursors and highlights that are a background colour elsewhere
#: are shown reversed or bold instead.
NO_COLOR_CSS = """
DocumentList:nocolor > .doc-list--cursor { text-style: reverse bold; }
DataTable:nocolor > .datatable--cursor { text-style: reverse bold; }
DataTable:nocolor > .datatable--fixed-cursor { text-style: reverse bold; }
DataTable:nocolor > .datatable--header { text-style: bold underline; }
LazyTable:nocolor > .lazy-table--cursor { text-style: reverse bold; }
LazyTable:nocolor > .lazy-table--header { text-style: bold underline; }
OptionList:nocolor > .option-list--option-highlighted { text-style: reverse bold; }
KeyFooter:nocolor > .key-footer--key { text-style: bold reverse; }
"""


def light_background(environ: Mapping[str, str]) -> bool:
    """Whether ``$COLORFGBG`` (set by rxvt, Konsole, iTerm2 …) says the background is light."""
    value = environ.get("COLORFGBG", "")
    background = value.rsplit(";", 1)[-1]
    return background.isdigit() and int(background) in (7, 9, 10, 11, 12, 13, 14, 15)


def start_theme(
    environ: Mapping[str, str], color_system: str | None, known: set[str], *, detect: bool = True
) -> str | None:
    """The theme to start in, or None to keep Textual's default.

    ``detect`` False (tests, snapshots) honours ``$NEWSDESK_THEME`` only.
    """
    wanted = environ.get("NEWSDESK_THEME", "").strip()
    if wanted in known:
        return wanted
    if not detect:
        return None
    if color_system in (None, "standard", "windows") or "NO_COLOR" in environ:
        return "ansi-light" if light_background(environ) else "ansi-dark"
    if light_background(environ):
        return "textual-light"
    return None


def apply_terminal_colours(app: App[Any], environ: Mapping[str, str] | None = None) -> None:
    """Set the start theme and, under NO_COLOR, drop colour entirely (call in ``on_mount``).

    The terminal is looked at only when there is one: a headless app (Pilot
    tests, snapshots) keeps the default theme unless ``$NEWSDESK_THEME`` says.
    """
    from textual.filter import Monochrome, NoColor

    env = os.environ if environ is None else environ
    theme = start_theme(
        env, app.console.color_system, set(app.available_themes), detect=not app.is_headless
    )
    if theme is not None:
        app.theme = theme
    if app.no_color:
        # Textual's own NO_COLOR filter turns colours into greys; strip them instead.
        app._filters = [f for f in app._filters if not isinstance(f, Monochrome | NoColor)]
        app._filters.append(NoColor())


def toggle_theme(app: App[Any]) -> str:
    """Switch between the light and dark forms of the current theme; the new theme's name."""
    current = app.theme
    for dark, light in THEME_PAIRS:
        if current == dark:
            app.theme = light
            break
        if current == light:
            app.theme = dark
            break
    else:
        app.theme = THEME_PAIRS[0][1] if app.current_theme.dark else THEME_PAIRS[0][0]
    name: str = app.theme
    return name
