"""``newsdesk search``: output, JSON shape and grep-like exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.tui.cli import main


@pytest.fixture(autouse=True)
def _db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "db" / "newsdesk.json"
    db.parent.mkdir()
    monkeypatch.setenv("NEWSDESK_DB", str(db))


def test_hits_exit_zero_and_show_doc_paragraph_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["search", "nothing is dificult only fear of not being stedfast"])
    out = capsys.readouterr().out
    assert status == 0
    first, second = out.splitlines()[:2]
    assert first.startswith("003_9094b1ad625a1bb7  ¶5 ")
    # 003 states no date of its own: the hit shows none.
    assert "quote" in first and "2024-10-12" not in first
    assert second.strip().startswith("nothing is difficult, only fear of not being steadfast")


def test_no_hits_exit_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "'zzzqqq"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err == "newsdesk: no hits\n"


def test_no_hits_names_a_language_no_article_is_in(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "lang:xx digital"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "newsdesk: no hits: no article is in xx (languages here: en, fr)\n"


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_query_is_a_usage_error(capsys: pytest.CaptureFixture[str], query: str) -> None:
    assert main(["search", query]) == 2
    assert capsys.readouterr().err.startswith("newsdesk: error: the query is empty")


def test_bad_query_exit_two_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", '"open phrase']) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsdesk: error: unterminated quote")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert main(["search", "digital", "--lang", "english!"]) == 2


def test_json_hits(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "viet nam kind:quote", "--json", "--limit", "2"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 2
    for hit in hits:
        assert {"doc", "lang", "date", "para", "score", "text", "spans", "kind"} <= set(hit)
        assert hit["kind"] == "quote"
        start, end = hit["spans"][0]
        assert hit["text"][start:end] == "Việt Nam"
        assert 0 <= hit["score"] <= 100


def test_lang_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "transformation", "--lang", "fr", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and {h["lang"] for h in hits} == {"fr"}


def test_help_lists_the_syntax(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["search", "--help"])
    out = capsys.readouterr().out
    for token in ("'exact", '"a phrase"', "^prefix", "suffix$", "!not", "a | b", "kind:quote"):
        assert token in out
