"""The real `newsdesk` in a real terminal: tmux at 80×24 and 200×50, keys in, screen text out.

Each test starts ``python -m newsdesk.tui.cli`` on a fresh database in its own tmux server
(a private socket), sends keys with ``send-keys`` and reads the screen with
``capture-pane``. A step whose screen module is not in this build is skipped.
Waiting is polling the screen until the expected text shows, with a deadline.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

ROOT = Path(__file__).resolve().parent.parent
SIZES = [(80, 24), (200, 50)]
DEADLINE = 20.0


class Terminal:
    """One tmux server with one pane running newsdesk."""

    def __init__(
        self, socket: str, size: tuple[int, int], env: dict[str, str], status_file: Path
    ) -> None:
        self.socket = socket
        self.size = size
        self.env = env
        self.status_file = status_file

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        return result.stdout

    def start(self) -> None:
        width, height = self.size
        # COLUMNS/LINES (pytest sets them) would override the pane's real size.
        unset = ["-u", "COLUMNS", "-u", "LINES", "-u", "NO_COLOR", "-u", "TEXTUAL"]
        settings = [f"{k}={v}" for k, v in self.env.items() if v]
        unset += [item for k, v in self.env.items() if not v for item in ("-u", k)]
        app = shlex.join(["env", *unset, *settings, sys.executable, "-m", "newsdesk.tui.cli"])
        command = f"{app}; echo $? > {shlex.quote(str(self.status_file))}"
        subprocess.run(
            [
                "tmux",
                "-L",
                self.socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                str(width),
                "-y",
                str(height),
                "-c",
                str(ROOT),
                command,
            ],
            check=True,
        )
        self.tmux("set-option", "-t", "t", "remain-on-exit", "on")
        self.tmux("set-option", "-s", "set-clipboard", "on")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "t", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "t", "-l", text)

    def screen(self, *, escapes: bool = False) -> str:
        return self.tmux("capture-pane", "-p", *(["-e"] if escapes else []), "-t", "t")

    def exit_status(self) -> int:
        """The app's exit status, once it has ended."""
        self.wait_for(lambda _: self.status_file.exists() and bool(self.status_file.read_text()))
        return int(self.status_file.read_text())

    def wait_for(self, what: str | Callable[[str], bool], *, escapes: bool = False) -> str:
        """The screen once ``what`` (text, or a test of the screen) shows on it."""
        test = (lambda screen: what in screen) if isinstance(what, str) else what
        end = time.monotonic() + DEADLINE
        screen = ""
        while time.monotonic() < end:
            screen = self.screen(escapes=escapes)
            if test(screen):
                return screen
            time.sleep(0.05)
        pid = self.tmux("display", "-p", "-t", "t", "#{pane_pid} #{pane_dead}").strip()
        raise AssertionError(f"timed out waiting for {what!r} (pane {pid}); the screen:\n{screen}")


@pytest.fixture
def terminal(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Callable[..., Terminal]]:
    started: list[Terminal] = []

    def start(size: tuple[int, int], **env: str) -> Terminal:
        base = {
            "NEWSDESK_DB": str(tmp_path / "db" / "newsdesk.json"),
            "NEWSDESK_EXPORT_DIR": str(tmp_path),
            "PYTHONPATH": str(ROOT),
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
        }
        base.update(env)
        (tmp_path / "db").mkdir(exist_ok=True)
        socket = f"newsdesk-test-{os.getpid()}-{len(started)}-{abs(hash(request.node.nodeid))}"
        term = Terminal(socket, size, base, tmp_path / f"status-{len(started)}")
        started.append(term)
        term.start()
        return term

    yield start
    for term in started:
        subprocess.run(["tmux", "-L", term.socket, "kill-server"], capture_output=True, check=False)


def started(term: Terminal) -> str:
    return term.wait_for("People must be at the heart")


@pytest.mark.parametrize("size", SIZES)
def test_open_an_article_copy_and_quit(
    terminal: Callable[..., Terminal], size: tuple[int, int]
) -> None:
    term = terminal(size)
    screen = started(term)
    assert "newsdesk" in screen.splitlines()[0]
    assert "Placer les citoyens et la communauté" in screen
    term.keys("j", "j", "Enter")
    screen = term.wait_for("002_956a9e9d0dc31da8")
    screen = term.wait_for("¶1 Effective and substantive national digital")
    wide = size[0] >= 100
    # Wide: the list stays beside the reader; narrow: the reader takes the screen.
    assert ("Articles" in screen) is wide
    term.keys("j", "y")
    screen = term.wait_for("Copied ¶2 with citation")
    # OSC 52 reached the terminal: tmux keeps what the app copied as a paste buffer.
    buffer = term.tmux("show-buffer")
    assert buffer.startswith("“")
    assert buffer.endswith("” — VNS, 2024-11-15, ¶2")
    term.keys("q")
    assert term.exit_status() == 0
    assert "Traceback" not in term.screen()


@pytest.mark.parametrize("size", SIZES)
def test_palette_opens_a_document(terminal: Callable[..., Terminal], size: tuple[int, int]) -> None:
    term = terminal(size)
    started(term)
    term.keys("C-p")
    term.wait_for("Search for commands")
    term.type("viet nam gov")
    term.wait_for("Open The Government of Việt Nam")
    term.keys("Enter")
    term.wait_for("004_724a446758bcd638")
    term.wait_for("¶2 The Government of Việt Nam is determined")


@pytest.mark.parametrize("size", SIZES)
def test_search_a_quote(terminal: Callable[..., Terminal], size: tuple[int, int]) -> None:
    if importlib.util.find_spec("newsdesk.tui.screens.search") is None:
        pytest.skip("no search screen in this build")
    term = terminal(size)
    started(term)
    before = term.screen()
    term.keys("/")
    # Type only once the search pane is up (keys sent earlier would go to the list).
    term.wait_for(lambda screen: screen != before and "Articles" not in screen)
    term.type("nothing is dificult only fear of not being stedfast")
    term.wait_for("steadfast")
    term.keys("Enter")
    screen = term.wait_for("003_9094b1ad625a1bb7")
    assert "steadfast" in term.wait_for("steadfast")
    assert "Traceback" not in screen


@pytest.mark.parametrize("size", SIZES)
def test_compare_and_back(terminal: Callable[..., Terminal], size: tuple[int, int]) -> None:
    if importlib.util.find_spec("newsdesk.tui.screens.compare") is None:
        pytest.skip("no compare screen in this build")
    term = terminal(size)
    started(term)
    term.keys("c")  # the cursor is on 000, which 001 translates
    screen = term.wait_for("000_c83c607eafd10b0c ⇄ 001_90cf4035eb27f56b")
    screen = term.wait_for("Les citoyens doivent être au cœur de la transformation")
    assert "EN ¶1 People must be at the heart" in screen
    assert "only in French" in screen  # one-sided rows say so in words, not only colour
    term.keys("Escape")
    term.wait_for(lambda screen: "Articles" in screen and "⇄ 001_90cf" not in screen)
    term.keys("q")
    assert term.exit_status() == 0


_SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def _colour_codes(screen: str) -> set[str]:
    """Every SGR colour parameter on the screen (30–37, 90–97, 38;…, and backgrounds)."""
    found: set[str] = set()
    for match in _SGR.finditer(screen):
        params = match.group(1).replace(":", ";").split(";")
        i = 0
        while i < len(params):
            p = params[i]
            if p in ("38", "48", "58"):
                kind = params[i + 1] if i + 1 < len(params) else ""
                width = 3 if kind == "5" else 5
                found.add(";".join(params[i : i + width]))
                i += width
                continue
            if p.isdigit() and (
                30 <= int(p) <= 37
                or 40 <= int(p) <= 47
                or 90 <= int(p) <= 97
                or 100 <= int(p) <= 107
            ):
                found.add(p)
            i += 1
    return found


def test_sixteen_colours_use_only_the_terminal_palette(terminal: Callable[..., Terminal]) -> None:
    term = terminal((80, 24), TERM="xterm", COLORTERM="")
    started(term)
    term.keys("Enter")
    term.wait_for("¶1")
    screen = term.screen(escapes=True)
    codes = _colour_codes(screen)
    assert codes, "some colour is expected at 16 colours"
    assert not [c for c in codes if c.startswith(("38", "48"))], codes  # no 256/RGB colours


def test_no_color_draws_no_colour_and_keeps_marks(terminal: Callable[..., Terminal]) -> None:
    term = terminal((80, 24), NO_COLOR="1")
    started(term)
    # The list's cursor row is reversed, not only a background colour.
    row = next(line for line in term.screen(escapes=True).splitlines() if "People must" in line)
    assert any("7" in m.split(";") for m in _SGR.findall(row)), row
    term.keys("Enter")
    term.wait_for("¶1")
    term.keys("j")
    # The cursor is a bar at the left of the current paragraph, visible without colour.
    term.wait_for(lambda screen: re.search(r"▊¶2 ", screen) is not None)
    assert _colour_codes(term.screen(escapes=True)) == set()


def _query_line(screen: str) -> str | None:
    """The text in the search box (the line between its ▊ … ▎ edges), if it shows."""
    lines = [line for line in screen.splitlines() if line.startswith("▊  ")]
    return lines[0].strip("▊▎ ") if lines else None


@pytest.mark.parametrize("size", SIZES)
def test_queries_typed_in_one_burst_land_in_the_box(
    terminal: Callable[..., Terminal], size: tuple[int, int]
) -> None:
    if importlib.util.find_spec("newsdesk.tui.screens.search") is None:
        pytest.skip("no search screen in this build")
    term = terminal(size)
    started(term)
    term.keys("Enter")  # the reader has the focus: there, c compares and f shows facts
    term.wait_for("¶1 People must be at the heart")
    # One write to the terminal, as SSH delivers a fast typist or a paste.
    term.keys(*"/pham minh chinh", "Down", "Enter")
    # The first hit, opened in the reader (its id in the border, "Copy" in the footer); the
    # hit list shows the same words first, so wait for the reader itself.
    screen = term.wait_for(
        lambda s: (
            "Prime Minister Phạm Minh Chính speaks" in s
            and "004_724a446758bcd638" in s
            and "Copy" in s
        )
    )
    assert "⇄" not in screen.splitlines()[0]  # no compare screen
    term.keys(*"/inevitable", "Down", "Enter")
    term.wait_for(lambda s: "inévitable" in s and "Copy" in s)  # in the reader
    term.keys(*"/pham")
    # The old query is replaced, not added to, and no letter is lost.
    term.wait_for(lambda s: _query_line(s) == "pham" and "7 hits" in s)
    term.keys("Escape")  # back to the reader
    term.wait_for(lambda s: "Copy" in s and _query_line(s) is None)
    term.keys(*"/inevitable")
    screen = term.wait_for(lambda s: _query_line(s) == "inevitable" and "4 hits" in s)
    term.keys("Escape")  # alone: Escape and q in one write would read as Alt+q
    term.wait_for(lambda s: _query_line(s) is None)
    term.keys("q")
    assert term.exit_status() == 0
    assert "Traceback" not in term.screen()
