"""The command line: exit codes, JSON shapes, messages instead of tracebacks."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from newsdesk.tui.cli import main
from newsdesk.tui.commands.common import out_styled

ARTICLE_KEYS = {
    "id",
    "file",
    "lang",
    "title",
    "title_derived",
    "date",
    "date_precision",
    "date_source",
    "dateline",
    "credits",
    "paragraphs",
    "words",
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_json_seeds_an_empty_database(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 5
    assert {r["lang"] for r in rows} == {"en", "fr"}
    assert ARTICLE_KEYS - {"paragraphs"} <= set(rows[0])


def test_show_json_by_prefix(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "001", "--json")
    assert code == 0
    article = json.loads(out)
    assert set(article) >= ARTICLE_KEYS
    assert article["id"] == "001_90cf4035eb27f56b"
    assert article["date"] == "2024-11-20" and article["date_source"] == "text"
    assert article["paragraphs"][0] == {
        "n": 1,
        "kind": "title",
        "text": "Placer les citoyens et la communauté au cœur de la transformation numérique",
    }


def test_show_text(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "004")
    assert code == 0
    assert "HÀ NỘI" in out and "¶1" in out and "Dương Giang" in out
    # Wrapped lines start in the column of the first line's text, marked or not.
    blocks = [b.splitlines() for b in out.split("\n\n")[1:] if b.startswith("¶")]
    wrapped = [b for b in blocks if len(b) > 1]
    assert len(wrapped) >= 5
    for first, *rest in wrapped:
        column = 6
        assert first[column - 1] == " " and first[column] != " ", first
        assert all(line[:column] == " " * column and line[column] != " " for line in rest)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "00"], "ambiguous"),
        (["show", "nope"], "no article"),
        (["ingest", "/no/such/folder"], "no such file"),
    ],
)
def test_user_errors_are_one_line_and_exit_2(
    db_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_ingest_reports_skips_with_exit_1(
    tmp_path: Path, db_path: Path, seeds_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    shutil.copytree(seeds_dir, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "nested").mkdir()
    (folder / "nested" / "extra.txt").write_text(
        "HÀ NỘI — A new article about ports, dated March 3, 2025.", encoding="utf-8"
    )
    code, out, err = run(capsys, "ingest", str(folder))
    assert code == 1
    assert "empty.txt: empty file" in err
    assert out.strip() == "6 added, 0 updated, 0 unchanged, 1 skipped"
    code, out, _ = run(capsys, "ingest", str(folder))
    assert out.strip() == "0 added, 0 updated, 6 unchanged, 1 skipped"


def test_ingest_all_good_exits_0(
    db_path: Path, seeds_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "ingest", str(seeds_dir))
    assert code == 0
    assert out.startswith("5 added")


def test_help_lists_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for command in ("ingest", "list", "show"):
        assert command in out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_output_is_styled_on_a_terminal_and_plain_when_piped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    parts = [("[bold]001 ", "bold"), ("title\x1b[2J", "")]
    tty = _Terminal()
    out_styled(parts, file=tty)
    assert "\x1b[1m" in tty.getvalue()  # bold, from the style, not from the text
    assert "[bold]001" in tty.getvalue() and "␛[2J" in tty.getvalue()
    piped = io.StringIO()
    out_styled(parts, file=piped)
    assert piped.getvalue() == "[bold]001 title␛[2J\n"
    monkeypatch.setenv("NO_COLOR", "1")
    plain_tty = _Terminal()
    out_styled(parts, file=plain_tty)
    assert plain_tty.getvalue() == "[bold]001 title␛[2J\n"
