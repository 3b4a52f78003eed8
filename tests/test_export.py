"""`newsdesk export`: every kind in every format, checked against the store and the seeds."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from newsdesk.store import Store
from newsdesk.tui.cli import build_parser, main
from newsdesk.tui.commands.export import (
    ARTICLE_COLUMNS,
    FACT_COLUMNS,
    PAIR_COLUMNS,
    PARAGRAPH_COLUMNS,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def export(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["export", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def articles(db_path: Path) -> dict[str, dict[str, object]]:
    with Store.open(db_path) as store:
        store.ensure_seeded()
        return {a.id: a.to_dict() for a in store.articles()}


def test_jsonl_is_one_article_a_line_in_the_show_json_shape(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = export(capsys)
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == 5
    expected = articles(db_path)
    for line in lines:
        record = json.loads(line)
        assert record == expected[record["id"]]


def test_csv_of_articles(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = export(capsys, "--format", "csv")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ARTICLE_COLUMNS
    by_id = {row["id"]: row for row in rows}
    assert len(by_id) == 5
    row = by_id["004_724a446758bcd638"]
    assert (row["source"], row["date"], row["lang"], row["dateline"]) == (
        "VNS",
        "2023-10-10",
        "en",
        "HÀ NỘI",
    )
    assert row["text"].startswith("Prime Minister Phạm Minh Chính speaks at the National")
    source = articles(db_path)["004_724a446758bcd638"]
    assert row["text"].split("\n\n") == [p["text"] for p in source["paragraphs"]]  # type: ignore[union-attr]
    assert by_id["000_c83c607eafd10b0c"]["credits"] == "VNA/VNS"


def test_csv_of_paragraphs_cites_each_paragraph(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = export(capsys, "--kind", "paragraphs", "--format", "csv", "004")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == PARAGRAPH_COLUMNS
    assert [int(r["n"]) for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0]["kind"] == "caption"
    assert rows[6]["text"].startswith('"Việt Nam aims to develop a safe, humane')


def test_csv_cells_cannot_run_as_spreadsheet_formulas(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = tmp_path / "formula.txt"
    story.write_text(
        '=HYPERLINK("http://example.com","click")\n\n+SUM(1,2) is not a sum.\n\n'
        "@cmd and a bell \x07 here.",
        encoding="utf-8",
    )
    with Store.open(db_path) as store:
        store.ingest([story])
    status, out, _ = export(capsys, "--kind", "paragraphs", "--format", "csv", "formula")
    assert status == 0
    cells = [r["text"] for r in csv.DictReader(io.StringIO(out))]
    assert cells[0] == '\'=HYPERLINK("http://example.com","click")'
    assert cells[1] == "'+SUM(1,2) is not a sum."
    assert cells[2].startswith("'@cmd and a bell ")
    assert "\x07" not in out


def test_markdown_of_articles(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = tmp_path / "marks.txt"
    story.write_text("A title\n\n# not a heading\n\n1. not a list | with a pipe", encoding="utf-8")
    with Store.open(db_path) as store:
        store.ensure_seeded()
        store.ingest([story])
    status, out, _ = export(capsys, "--format", "markdown", "004", "marks")
    assert status == 0
    assert out.count("\n## ") + out.startswith("## ") == 2
    # A derived title is the whole first sentence: no cut, no "…", in the data.
    heading = out.splitlines()[0]
    assert heading.startswith("## The Government of Việt Nam is determined to develop a digital ")
    assert heading.endswith("with global competitiveness") and "…" not in heading
    assert "`004_724a446758bcd638` · 2023-10-10 · en · HÀ NỘI · VNS" in out
    assert "**¶1 (caption)** Prime Minister Phạm Minh Chính speaks" in out
    assert "**¶3** Prime Minister Phạm Minh Chính made this statement" in out
    assert "\\# not a heading" in out
    assert "\\1. not a list | with a pipe" in out


def test_only_some_ids_and_errors(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = export(capsys, "003", "004")
    assert status == 0
    assert [json.loads(line)["id"][:3] for line in out.splitlines()] == ["003", "004"]
    status, out, err = export(capsys, "999")
    assert status == 2 and out == ""
    assert err.startswith("newsdesk: error: no article with id '999'")


def test_output_file(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "articles.csv"
    status, out, err = export(capsys, "--format", "csv", "-o", str(target))
    assert status == 0 and out == ""
    assert f"wrote {target}" in err
    assert target.read_bytes().decode("utf-8").startswith(",".join(ARTICLE_COLUMNS) + "\r\n")
    status, _, err = export(capsys, "-o", str(tmp_path / "missing" / "x.jsonl"))
    assert status == 2 and "cannot write" in err  # the user's path: a usage error, not 3


def test_facts(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = export(capsys, "--kind", "facts", "000")
    try:
        import newsdesk.store.facts as facts_engine
    except ImportError:  # pragma: no cover - a build without the facts engine
        assert status == 2 and "facts are not available" in err
        return
    assert hasattr(facts_engine, "facts_for")
    assert status == 0
    texts = {p["n"]: p["text"] for p in articles(db_path)["000_c83c607eafd10b0c"]["paragraphs"]}  # type: ignore[index, union-attr]
    facts = [json.loads(line) for line in out.splitlines()]
    assert facts and {f["doc"] for f in facts} == {"000_c83c607eafd10b0c"}
    for fact in facts:  # the evidence is exactly the text at the span
        start, end = fact["span"]
        assert texts[fact["para"]][start:end] == fact["text"]
    ranks = [f for f in facts if f["kind"] == "ranking" and f["fields"].get("rank") == 74]
    assert ranks and ranks[0]["fields"]["out_of"] == 193
    status, out, _ = export(capsys, "--kind", "facts", "--format", "csv", "000")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == FACT_COLUMNS and len(rows) == len(facts)
    status, out, _ = export(capsys, "--kind", "facts", "--format", "markdown", "000")
    assert "## ranking" in out and "| `000_c83c607eafd10b0c` |" in out


def test_pairs(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = export(capsys, "--kind", "pairs")
    try:
        import newsdesk.store.align as aligner
    except ImportError:  # pragma: no cover - a build without the aligner
        assert status == 2 and "pairs are not available" in err
        return
    assert hasattr(aligner, "compare")
    assert status == 0
    pairs = [json.loads(line) for line in out.splitlines()]
    assert [(p["left"][:3], p["right"][:3]) for p in pairs] == [("000", "001")]
    status, out, _ = export(capsys, "--kind", "pairs", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == PAIR_COLUMNS
    assert len(rows) == len(pairs[0]["links"])
    # The French title has no English paragraph: a one-sided link.
    assert rows[0]["left_paras"] == "" and rows[0]["right_paras"] == "1"
    assert (
        rows[0]["right_text"]
        == "Placer les citoyens et la communauté au cœur de la transformation numérique"
    )
    status, out, _ = export(capsys, "--kind", "pairs", "--format", "markdown", "003")
    assert out == "No translation pairs.\n"


def test_every_command_has_help_with_examples() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    commands = sub.choices  # type: ignore[attr-defined]
    assert {"export", "serve"} <= set(commands)
    for name, command in commands.items():
        text = command.format_help()
        assert "examples:" in text, name
        assert f"newsdesk {name}" in text.split("examples:", 1)[1], name
