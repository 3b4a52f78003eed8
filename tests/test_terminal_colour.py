"""Colour: NO_COLOR, 16-colour and light terminals, and marks that carry a symbol as well."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pilot_helpers import settle
from textual.color import Color
from textual.filter import Monochrome, NoColor
from textual.theme import BUILTIN_THEMES

from newsdesk.store import Store
from newsdesk.store.facts.model import Fact
from newsdesk.tui.app import NewsdeskApp
from newsdesk.tui.theme import THEME_PAIRS, light_background, start_theme
from newsdesk.tui.widgets import reader as reader_module
from newsdesk.tui.widgets.reader import FACT_MARKS, ParagraphView

DOC_000 = "000_c83c607eafd10b0c"
KNOWN = set(BUILTIN_THEMES)


async def ready(app: NewsdeskApp, pilot: Any) -> None:
    """Wait for the workers; one replaced by a newer one (exclusive) is not an error."""
    await settle(pilot, allow_cancelled=True)


def test_start_theme_follows_the_terminal() -> None:
    assert start_theme({"TERM": "xterm-256color"}, "256", KNOWN) is None
    assert start_theme({"COLORTERM": "truecolor"}, "truecolor", KNOWN) is None
    assert start_theme({"TERM": "xterm"}, "standard", KNOWN) == "ansi-dark"
    assert start_theme({"TERM": "linux"}, "standard", KNOWN) == "ansi-dark"
    assert start_theme({"TERM": "xterm", "COLORFGBG": "0;15"}, "standard", KNOWN) == "ansi-light"
    assert start_theme({"COLORFGBG": "0;default;15"}, "truecolor", KNOWN) == "textual-light"
    assert start_theme({"COLORFGBG": "15;0"}, "truecolor", KNOWN) is None
    assert start_theme({"NO_COLOR": "1"}, "truecolor", KNOWN) == "ansi-dark"
    assert start_theme({"NEWSDESK_THEME": "nord"}, "standard", KNOWN) == "nord"
    assert start_theme({"NEWSDESK_THEME": "no-such"}, "256", KNOWN) is None
    # Tests and snapshots (no terminal) keep the default unless told.
    assert start_theme({"TERM": "xterm"}, "standard", KNOWN, detect=False) is None
    assert light_background({"COLORFGBG": "12;8"}) is False


def test_every_theme_pair_is_one_dark_and_one_light_theme() -> None:
    for dark, light in THEME_PAIRS:
        assert BUILTIN_THEMES[dark].dark and not BUILTIN_THEMES[light].dark


def _luminance(color: Color) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def _contrast(a: Color, b: Color) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_reader_text_is_readable_in_light_and_dark(db_path: Path, theme: str) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await ready(app, pilot)
        await pilot.press("enter")
        await ready(app, pilot)
        # WCAG AA asks for 4.5:1 for body text, AAA for 7:1; dim metadata at least 3:1.
        for widget, least in [
            (next(iter(app.main_screen.reader.query(ParagraphView))), 7),  # under the cursor
            (list(app.main_screen.reader.query(ParagraphView))[1], 7),
            (app.main_screen.reader.query_one("#reader-meta"), 7),
        ]:
            style = widget.rich_style
            fg = Color.from_rich_color(style.color)
            bg = Color.from_rich_color(style.bgcolor)
            assert _contrast(fg, bg) >= least, (theme, widget, fg, bg)


async def test_no_color_sends_no_colour(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert app.no_color
        assert any(isinstance(f, NoColor) for f in app._filters)
        assert not any(isinstance(f, Monochrome) for f in app._filters)
        # The filter leaves no colour in what it draws, only text attributes.
        strips = app.screen._compositor.render_strips()
        colours = set()
        for strip in strips:
            for segment in app._filters[-1].apply(list(strip), Color(0, 0, 0)):
                style = segment.style
                if style is not None:
                    for c in (style.color, style.bgcolor):
                        if c is not None and not c.is_default:
                            colours.add(c.name)
        assert colours == set()


async def test_marks_carry_a_symbol_as_well_as_colour(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(db_path) as store:
        store.ensure_seeded()
        text = store.get(DOC_000).paragraph(5).text
    start = text.index("74th")
    quote_start = text.index("Global")
    facts = [
        Fact("ranking", DOC_000, 5, start, start + 4, "74th", "en", {"rank": 74}),
        Fact("quote", DOC_000, 5, quote_start, quote_start + 6, "Global", "en", {"speaker": "X"}),
    ]
    monkeypatch.setattr(reader_module, "load_facts", lambda store, article: facts)
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("enter")
        await ready(app, pilot)
        reader = app.main_screen.reader
        # The cursor is a bar glyph at the left, not only a background colour.
        cursor = next(iter(reader.query(".-cursor")))
        assert cursor.styles.border_left[0] == "tall"
        await pilot.press("h")
        await ready(app, pilot)
        view = next(v for v in reader.query(ParagraphView) if v.n == 5)
        rendered = view.render()
        plain = str(rendered)
        symbol = FACT_MARKS["ranking"][0]
        assert f"{symbol}74th" in plain
        assert f"{FACT_MARKS['quote'][0]}Global ‹X› Innovation" in plain
        offset = plain.index(f"{symbol}74th") + 1
        spans = rendered.spans  # type: ignore[union-attr]
        assert any(s.start <= offset < s.end and s.style.underline for s in spans)
        meta = str(reader.query_one("#reader-meta").render())
        assert "# ranking" in meta
        await pilot.press("h")
        await ready(app, pilot)
        assert "74th" in str(view.render()) and f"{symbol}74th" not in str(view.render())


async def test_search_hits_are_reversed_not_only_coloured(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.open_article(DOC_000, para=4, spans=[(0, 5)])
        await ready(app, pilot)
        view = next(v for v in app.main_screen.reader.query(ParagraphView) if v.n == 4)
        rendered = view.render()
        spans = rendered.spans  # type: ignore[union-attr]
        assert any(s.style.reverse and (s.start, s.end) == (3, 8) for s in spans)  # after "¶4 "
