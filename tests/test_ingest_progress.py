"""An ingest says what it is doing at every step, and the command line shows it on one line."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

from newsdesk.store import Store
from newsdesk.tui.commands.ingest import ProgressLine

ALL_STEPS = [
    "finding files",
    "reading files",
    "parsing articles",
    "storing articles",
    "pairing translations",
    "storing facts",
    "indexing for search",
    "writing the database",
    "writing the article list",
]


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int, str]] = []

    def __call__(self, done: int, total: int, step: str) -> None:
        self.calls.append((done, total, step))

    def steps(self) -> list[str]:
        out: list[str] = []
        for _, _, step in self.calls:
            if not out or out[-1] != step:
                out.append(step)
        return out


def test_an_ingest_reports_each_step_in_order(db_path: Path, seeds_dir: Path) -> None:
    heard = Recorder()
    with Store.open(db_path) as store:
        store.ingest([seeds_dir], progress=heard)
    assert heard.steps() == ALL_STEPS
    counted = {step: [(d, t) for d, t, s in heard.calls if s == step] for step in ALL_STEPS[1:3]}
    assert counted["reading files"] == [(i, 5) for i in range(1, 6)]
    assert counted["parsing articles"] == [(i, 5) for i in range(1, 6)]
    assert all(t == 0 for _, t, s in heard.calls if s not in counted)


def test_an_unchanged_archive_only_reads_its_files(db_path: Path, seeds_dir: Path) -> None:
    with Store.open(db_path) as store:
        store.ingest([seeds_dir])
        heard = Recorder()
        store.ingest([seeds_dir], progress=heard)
    assert heard.steps() == ["finding files", "reading files"]


def test_one_changed_file_is_parsed_alone(db_path: Path, seeds_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(seeds_dir, folder)
    with Store.open(db_path) as store:
        store.ingest([folder])
        first = sorted(folder.glob("*.txt"))[0]
        first.write_text(first.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
        heard = Recorder()
        store.ingest([folder], progress=heard)
    assert heard.steps() == ALL_STEPS
    assert [(d, t) for d, t, s in heard.calls if s == "parsing articles"] == [(1, 1)]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def screen(written: str) -> str:
    """What a terminal shows after ``written``: its lines, with carriage returns,
    line feeds, "erase line" and "cursor up" applied (other escapes draw nothing)."""
    lines: list[list[str]] = [[]]
    row = col = 0
    for token in re.findall(r"\x1b\[[0-9;?]*[A-Za-z]|.", written, re.DOTALL):
        if token == "\r":
            col = 0
        elif token == "\n":
            row, col = row + 1, 0
            if row == len(lines):
                lines.append([])
        elif token == "\x1b[2K":
            lines[row] = []
        elif token.startswith("\x1b[") and token.endswith("A"):
            row = max(0, row - int(token[2:-1] or 1))
        elif not token.startswith("\x1b"):
            line = lines[row]
            line[col : col + 1] = [token]
            col += 1
    return "\n".join("".join(line).rstrip() for line in lines).strip()


def test_the_progress_line_redraws_in_place_and_is_cleared_at_the_end() -> None:
    stream, clock = io.StringIO(), Clock()
    line = ProgressLine(stream, clock)
    line(0, 0, "finding files")
    assert screen(stream.getvalue()) == "finding files…"
    for done in range(1, 1001):  # a thousand files read within 50 ms: two draws
        clock.now = done * 0.00005
        line(done, 1000, "reading files")
    assert stream.getvalue().count("reading files") == 2  # drawn twice, not a thousand times
    assert screen(stream.getvalue()) == f"[{'#' * 30}] 1,000/1,000 reading files"
    clock.now += 0.01  # a new step draws at once, over the longer bar
    line(0, 0, "pairing translations")
    assert screen(stream.getvalue()) == "pairing translations…"
    clock.now += 1
    line(300, 1000, "parsing articles")
    assert screen(stream.getvalue()) == f"[{'#' * 9}{'.' * 21}] 300/1,000 parsing articles"
    line.close()
    assert screen(stream.getvalue()) == ""


def test_nothing_is_drawn_or_cleared_when_nothing_was_reported() -> None:
    stream = io.StringIO()
    ProgressLine(stream, Clock()).close()
    assert stream.getvalue() == ""
