"""TMX export, read back with translate-toolkit's TMX store (a reader this project did not write).

Checked on the seed pair, on an EN/FR pair written for these tests with a 2–1
merge, a 1–2 split and a sentence on one side only (``tests/data/tmx``), and on
a pair whose text holds ``<``, ``&``, ``]]>`` and control characters.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
from translate.storage.tmx import tmxfile

from newsdesk.store.align import align_articles
from newsdesk.store.parse import parse_file
from newsdesk.store.records import Article
from newsdesk.store.tmx import DEFAULT_MIN_SCORE, pair_units, tmx_chunks
from newsdesk.tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "tmx"
EN, FR = "000_c83c607eafd10b0c", "001_90cf4035eb27f56b"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read_tmx(data: bytes) -> tmxfile:
    return tmxfile.parsestring(data)


def props(element: Any) -> dict[str, str]:
    """The ``<prop>``s directly under a ``<tu>`` or ``<tuv>``."""
    return {p.get("type"): p.text or "" for p in element.findall("prop")}


def variants(unit: Any) -> list[tuple[str, str, dict[str, str]]]:
    """(xml:lang, segment text, props) of each ``<tuv>`` of a unit, in order."""
    return [
        (tuv.get(XML_LANG), unit.getNodeText(tuv), props(tuv)) for tuv in unit.getlanguageNodes()
    ]


def export(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(["export", "--format", "tmx", *args])
    return status, capsys.readouterr().err


def reported(err: str) -> tuple[int, int]:
    """(written, left out) from the command's closing line."""
    found = re.search(r"wrote (\d+) translation units .* left out (\d+)", err)
    assert found, err
    return int(found.group(1)), int(found.group(2))


def tmx_of(left: Article, right: Article, **options: Any) -> tuple[tmxfile, Any]:
    result = pair_units(left, right, align_articles(left, right), **options)
    text = "".join(tmx_chunks(result.units, "en"))
    return read_tmx(text.encode("utf-8")), result


# -- the seed pair, through the command ----------------------------------------


def test_seed_pair_opens_in_the_reader_with_its_aligned_sentences(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "seeds.tmx"
    status, err = export(capsys, "--pair", "000", "-o", str(out))
    assert status == 0
    store = tmxfile(out.open("rb"))
    written, left_out = reported(err)
    assert written == len(store.units) > 10
    assert left_out > 0  # the French title, photo credit and the sentences only one side has
    assert store.sourcelanguage == "en"
    from newsdesk.store import Store

    with Store.open(db_path) as archive:
        en, fr = archive.get(EN), archive.get(FR)
    first = store.units[0]
    assert first.source.startswith("People must be at the heart of digital transformation")
    assert first.target.startswith("Les citoyens doivent être au cœur de la transformation")
    ids = [unit.getid() for unit in store.units]
    assert len(set(ids)) == len(ids)
    for unit in store.units:
        assert unit.xmlelement.get("srclang") == "en"
        (en_lang, en_text, en_props), (fr_lang, fr_text, fr_props) = variants(unit)
        assert (en_lang, fr_lang) == ("en", "fr")
        assert (en_props["x-document"], fr_props["x-document"]) == (EN, FR)
        assert en_props["x-date"] == "2024-11-20"
        # Each segment is a sentence of the paragraph its props name.
        for article, text, found in ((en, en_text, en_props), (fr, fr_text, fr_props)):
            (n,) = map(int, found["x-paragraph"].split(","))
            assert text and text in article.paragraph(n).text
        assert float(props(unit.xmlelement)["x-score"]) >= DEFAULT_MIN_SCORE


def test_document_has_the_tmx_14b_structure(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "seeds.tmx"
    export(capsys, "--pair", "000", "--keep-one-sided", "-o", str(out))
    root = tmxfile(out.open("rb")).document.getroot()
    assert (root.tag, root.get("version")) == ("tmx", "1.4")
    header, body = list(root)
    assert header.tag == "header" and body.tag == "body"
    required = {"creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang"}
    assert required | {"srclang", "datatype"} <= set(header.attrib)
    assert header.get("segtype") == "sentence"
    for tu in body:
        tags = [child.tag for child in tu]
        # (note|prop)*, tuv+ ; and in each tuv (note|prop)*, seg
        assert tags == sorted(tags, key=lambda t: t == "tuv") and "tuv" in tags
        for tuv in tu.findall("tuv"):
            assert tuv.get(XML_LANG) in ("en", "fr")
            assert [c.tag for c in tuv][-1] == "seg" and len(tuv.findall("seg")) == 1
            assert {"x-document", "x-date", "x-paragraph", "x-sentence"} <= set(props(tuv))


def test_min_score_and_keep_one_sided_change_what_is_written(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    default, strict, kept = (tmp_path / f"{n}.tmx" for n in ("default", "strict", "kept"))
    export(capsys, "000", "-o", str(default))
    status, err = export(capsys, "--pair", "001", "--min-score", "0.99", "-o", str(strict))
    assert status == 0 and "below --min-score 0.99" in err
    _, kept_err = export(capsys, "--pair", "000", "--keep-one-sided", "-o", str(kept))
    units = {p.stem: tmxfile(p.open("rb")).units for p in (default, strict, kept)}
    scores = [float(props(u.xmlelement)["x-score"]) for u in units["default"]]
    assert len(units["strict"]) == sum(s >= 0.99 for s in scores)
    alone = [u for u in units["kept"] if len(u.getlanguageNodes()) == 1]
    assert len(units["kept"]) - len(alone) == len(units["default"])
    # Every unit left out is either below the score or one-sided.
    one_sided = len(alone)
    assert reported(err) == (len(units["strict"]), len(scores) - len(units["strict"]) + one_sided)
    assert reported(kept_err) == (len(units["kept"]), 0)
    assert all(props(u.xmlelement)["x-one-sided"] == variants(u)[0][0] for u in alone)
    assert all(u.xmlelement.get("srclang") == variants(u)[0][0] for u in alone)
    title = "Placer les citoyens et la communauté au cœur de la transformation numérique"
    assert title in [u.source for u in alone]  # the French title has no English counterpart


def test_srclang_puts_that_language_first(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "fr.tmx"
    status, _ = export(capsys, "--pair", "000", "--srclang", "FR", "-o", str(out))
    assert status == 0
    store = tmxfile(out.open("rb"))
    assert store.sourcelanguage == "fr"
    assert store.units[0].source.startswith("Les citoyens doivent être")
    assert [lang for lang, _, _ in variants(store.units[0])] == ["fr", "en"]


def test_all_pairs_to_stdout(db_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["export", "--format", "tmx", "--all-pairs"]) == 0
    captured = capsysbinary.readouterr()
    store = read_tmx(captured.out)
    written, _ = reported(captured.err.decode())
    assert written == len(store.units) > 0
    docs = {props(tuv)["x-document"] for u in store.units for tuv in u.getlanguageNodes()}
    assert docs == {EN, FR}  # the seeds hold one pair


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "tmx", "--pair", "002"], "has no detected translation"),
        (["--format", "tmx", "--pair", "000", "--srclang", "vi"], "is en/fr, not vi"),
        (["--format", "tmx", "--kind", "facts"], "translation pairs only"),
        (["--format", "tmx", "--all-pairs", "000"], "--all-pairs takes no article ids"),
        (["--format", "csv", "--pair", "000"], "--pair: only with --format tmx"),
    ],
)
def test_user_errors_are_one_message_and_no_file(
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    out = tmp_path / "x.tmx"
    assert main(["export", *args, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert err.count("\n") == 1
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))


def test_min_score_must_be_between_0_and_1(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--format", "tmx", "--min-score", "1.5"])
    assert exit_info.value.code == 2
    assert "1.5 is not between 0 and 1" in capsys.readouterr().err


def test_help_shows_the_default_min_score(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert f"(default {DEFAULT_MIN_SCORE})" in help_text
    assert "--format tmx --pair 000" in help_text


# -- merges and splits -----------------------------------------------------------


def test_merges_and_splits_become_one_joined_segment_a_side() -> None:
    en, fr = parse_file(DATA / "en.txt"), parse_file(DATA / "fr.txt")
    store, result = tmx_of(en, fr)
    kinds = [props(u.xmlelement)["x-link"] for u in store.units]
    # The headlines link to each other; EN ¶2 + FR ¶2 is a 2-1, EN ¶4 + FR ¶4 a 1-2.
    assert kinds == ["1-1", "2-1", "1-1", "1-1", "1-1", "1-2", "1-1"]
    assert store.units[0].source == "Hải Phòng port handles record 12 million containers"
    merged, split = store.units[1], store.units[5]
    # EN ¶2 says in two sentences what FR ¶2 says in one.
    assert merged.source == (
        "Hải Phòng port handled 12.4 million containers in 2024, a record for the northern "
        "city. The figure is 15 per cent higher than in 2023."
    )
    assert merged.target.startswith("Le port de Hải Phòng a manutentionné 12,4 millions")
    assert merged.target.endswith("soit 15 % de plus qu’en 2023.")
    assert variants(merged)[0][2]["x-sentence"] == "2.1,2.2"
    assert variants(merged)[1][2]["x-sentence"] == "2.1"
    # FR ¶4 splits EN ¶4's one sentence in two.
    assert split.source.startswith("The port plans to invest VNĐ 7 trillion")
    assert split.target == (
        "Le port prévoit d’investir 7.000 milliards de VNĐ dans les grues et le dragage. "
        "Il attend 14 millions de conteneurs en 2025, principalement à destination de "
        "l’Europe et des États-Unis."
    )
    assert variants(split)[1][2]["x-sentence"] == "4.1,4.2"
    # Left out: the French sentence about jobs, one-sided.
    assert (result.one_sided, result.below_score) == (1, 0)
    assert not any("6.000 personnes" in u.target for u in store.units)


def test_one_sided_sentence_kept_when_asked() -> None:
    en, fr = parse_file(DATA / "en.txt"), parse_file(DATA / "fr.txt")
    store, _ = tmx_of(en, fr, keep_one_sided=True)
    jobs = [u for u in store.units if "6.000 personnes" in variants(u)[0][1]]
    assert len(jobs) == 1
    ((lang, text, found),) = variants(jobs[0])
    assert (lang, text) == ("fr", "Le port emploie 6.000 personnes.")
    assert found["x-paragraph"] == "5" and found["x-sentence"] == "5.2"
    assert props(jobs[0].xmlelement)["x-one-sided"] == "fr"


# -- escaping ----------------------------------------------------------------------


def test_markup_characters_round_trip() -> None:
    en, fr = parse_file(DATA / "hostile_en.txt"), parse_file(DATA / "hostile_fr.txt")
    store, _ = tmx_of(en, fr)
    pairs = [(u.source, u.target) for u in store.units]
    assert (
        "The ministry said revenue was < 5% & spending > 3% of GDP in 2024.",
        "Le ministère a indiqué que les recettes étaient < 5 % & les dépenses > 3 % du PIB "
        "en 2024.",
    ) in pairs
    # The parser shows the bell as a symbol (␇); the memory keeps the text as stored.
    assert "Its file ended with ]]> and a bell ␇ in 2024." in [s for s, _ in pairs]
    assert "Les responsables à Hà Nội ont rencontré 12 <experts> le 2 mai." in [t for _, t in pairs]


def _with_text(article: Article, n: int, text: str) -> Article:
    paragraphs = [dataclasses.replace(p, text=text) if p.n == n else p for p in article.paragraphs]
    return dataclasses.replace(article, paragraphs=paragraphs)


def test_control_characters_xml_forbids_are_dropped_never_written() -> None:
    en, fr = parse_file(DATA / "hostile_en.txt"), parse_file(DATA / "hostile_fr.txt")
    # Text that did not come through the parser (an older archive, another reader).
    raw_en = "Officials in Hà Nội met 12 <experts> \x00on\x0b 2 \x1bMay\ufffe & left]]>."
    raw_fr = "Les responsables à Hà Nội ont rencontré 12 <experts>\x07 le 2\x9b mai\r."
    en, fr = _with_text(en, 3, raw_en), _with_text(fr, 3, raw_fr)
    result = pair_units(en, fr, align_articles(en, fr))
    data = "".join(tmx_chunks(result.units, "en")).encode("utf-8")
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", data)
    store = read_tmx(data)  # lxml refuses a document with forbidden characters
    last = store.units[-1]
    assert last.source == "Officials in Hà Nội met 12 <experts> on 2 May & left]]>."
    assert last.target == "Les responsables à Hà Nội ont rencontré 12 <experts> le 2 mai\r."
