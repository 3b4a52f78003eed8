"""A corpus of hostile and malformed article files, written at test time.

``write_hostile_corpus(folder)`` writes every case into ``folder`` and
returns ``{case name: path}``. Nothing binary is committed: every byte is
made here. Use it to ingest hostile input next to good files, and to render
each stored hostile article in every pane.

``hostile_database(folder)`` also ingests the corpus (without the 50 MB
file) into ``folder/hostile.json`` and returns the database path and
``{case: stored article id}``: the easy way to render every hostile article
in every pane. Never read the raw files blindly: one is a FIFO (reading it
blocks) and two are a symlink loop.

``SKIPPED`` lists the cases ingest must skip (with a one-line reason);
every other case must be stored. ``MUST_SHOW`` gives, per stored case, text
the stored article must contain (checked by hand against the input below);
``NEVER_STORED`` lists characters that must never reach the store.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

__all__ = [
    "HOSTILE_MARKUP",
    "MUST_SHOW",
    "NEVER_STORED",
    "SKIPPED",
    "hostile_database",
    "write_hostile_corpus",
]

_BODY = (
    "The provincial council approved the new budget on Tuesday after a long debate. "
    "Officials said the plan would fund roads, schools and clinics in rural districts."
)

#: Markup that must stay literal text everywhere (never bold, a link or an action).
HOSTILE_MARKUP = (
    "[bold]loud[/bold] [link=https://evil.example]click me[/link] [@click=app.quit]Quit[/]"
)

_FRENCH = (
    "L’économie française résiste\n\n"
    "PARIS — Le gouvernement a présenté mercredi un budget « prudent » pour l’année "
    "prochaine. Les dépenses de l’État augmenteront de 2 % et la dette atteindra 3 000 "
    "milliards d’euros, soit 110 € par mois et par habitant.\n\n"
    "Les syndicats ont salué l’effort en faveur des écoles, mais ils demandent que "
    "l’œuvre de réforme soit menée « à son terme » avant l’été. — AFP\n"
)

_VIETNAMESE = (
    "Hà Nội khởi công tuyến đường sắt đô thị mới\n\n"
    "HÀ NỘI — Ủy ban nhân dân thành phố Hà Nội hôm thứ Ba đã khởi công tuyến đường sắt "
    "đô thị số 3, dự kiến hoàn thành vào năm 2027.\n\n"
    "Tuyến đường dài 12,5 km sẽ phục vụ khoảng 200.000 hành khách mỗi ngày. — TTXVN\n"
)

_ANSI = (
    "Terminal tricks in the news\n\n"
    "Colour: \x1b[31mRED ALERT\x1b[0m and bold \x1b[1mshouting\x1b[22m. "
    "Clear screen: \x1b[2J\x1b[H and a C1 CSI: \u009b2J. " + _BODY + "\n\n"
    "Window title: \x1b]0;pwned title\x07 clipboard: \x1b]52;c;cm0gLXJmIH4=\x07 "
    "link: \x1b]8;;https://evil.example\x1b\\innocent text\x1b]8;;\x1b\\ end.\n"
)

_MARKUP = "Markup in the text\n\n" + HOSTILE_MARKUP + " " + _BODY + "\n\n[red on white]alarm[/]\n"

_BIDI = (
    "Bidi and invisible characters\n\n"
    "The invoice total is \u202e0001\u202c dollars. Isolates \u2066hidden\u2069 here, "
    "zero\u200bwidth\u2060joiner and a stray \ufeffBOM. " + _BODY + "\n"
)

_CR_BS = (
    "Carriage returns and backspaces\n\n"
    "Balance: 100 dollars\rBalance: 999 dollars. Typo fixed: abc\b\b\bxyz. " + _BODY + "\n"
)

#: Case name → text the stored article must contain.
MUST_SHOW: dict[str, list[str]] = {
    "cp1252": ["L’économie française résiste", "l’œuvre", "110 €", "« prudent »"],
    "latin1": ["Les élèves français", "à la rentrée", "garçons"],
    "utf16_bom": ["Hà Nội khởi công tuyến đường sắt đô thị mới"],
    "utf8_bom_crlf": ["A title after a BOM", _BODY],
    "nfd_vietnamese": ["Hà Nội khởi công tuyến đường sắt đô thị mới", "Ủy ban nhân dân"],
    "ansi": ["␛[31mRED ALERT␛[0m", "␛[2J␛[H", "␛]0;pwned title␇", "␛]52;c;cm0gLXJmIH4=␇"],
    "markup": [HOSTILE_MARKUP, "[red on white]alarm[/]"],
    "bidi": ["0001 dollars", "hidden here", "zerowidthjoiner", "stray BOM"],
    "cr_backspace": ["Balance: 100 dollars␍Balance: 999 dollars", "abc␈␈␈xyz"],
    "nul": ["Null␀bytes␀inside"],
    "mac_cr": ["Old Mac line ends", _BODY],
    "impossible_date": [_BODY],
    "long_line": ["A very long line follows"],
    "spaces_unicode_name": [_BODY],
    "nested": ["Deep in nested folders"],
    "escape_in_name": [_BODY],
    "undecodable_name": [_BODY],
}

#: Cases that ingest must skip, each with a one-line reason.
SKIPPED = frozenset(
    {"empty", "blank", "binary", "huge", "symlink_loop_file", "fifo", "utf16_broken"}
)

#: Characters that must never appear in any stored string.
NEVER_STORED = (
    "\x00\x07\x08\x0b\x0c\x0d\x1b\x7f\x9b\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069\u200b\u2060\ufeff"
)


def write_hostile_corpus(folder: Path, *, huge: bool = True) -> dict[str, Path]:
    """Write every hostile case below ``folder``; return ``{case: path}``.

    ``huge=False`` leaves out the 50 MB file (it is skipped at ingest anyway).
    Cases that the platform cannot make (a FIFO, undecodable names) are left
    out of the result.
    """
    folder.mkdir(parents=True, exist_ok=True)
    made: dict[str, Path] = {}

    def put(name: str, filename: str, data: bytes) -> Path:
        path = folder / filename
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        made[name] = path
        return path

    put("empty", "h_empty.txt", b"")
    put("blank", "h_blank.txt", b"  \n\t\n   \r\n\n")
    put(
        "binary",
        "h_binary.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes((i * 37 + 11) % 256 for i in range(4096)),
    )
    put("cp1252", "h_french_cp1252.txt", _FRENCH.encode("cp1252"))
    put(
        "latin1",
        "h_french_latin1.txt",
        (
            "Les élèves français reprennent le chemin de l'école\n\n"
            "Plus de douze millions d'élèves, filles et garçons, retrouvent leur classe "
            "à la rentrée. Le ministre a annoncé des créations de postes.\n"
        ).encode("latin-1"),
    )
    put("utf16_bom", "h_utf16_bom.txt", _VIETNAMESE.encode("utf-16"))
    put("utf16_broken", "h_utf16_broken.txt", "\ufeffBroken".encode("utf-16-le") + b"\x00\xd8")
    put(
        "utf8_bom_crlf",
        "h_utf8_bom_crlf.txt",
        ("\ufeffA title after a BOM\r\n\r\n" + _BODY + "\r\n\r\nSecond paragraph.\r\n").encode(),
    )
    put(
        "nfd_vietnamese",
        "h_vietnamese_nfd.txt",
        unicodedata.normalize("NFD", _VIETNAMESE).encode(),
    )
    put("ansi", "h_ansi_escapes.txt", _ANSI.encode())
    put("markup", "h_markup.txt", _MARKUP.encode())
    put("bidi", "h_bidi_zero_width.txt", _BIDI.encode())
    put("cr_backspace", "h_cr_backspace.txt", _CR_BS.encode())
    put(
        "nul",
        "h_nul_bytes.txt",
        ("NUL bytes in text\n\nNull\x00bytes\x00inside a sentence. " + _BODY * 3 + "\n").encode(),
    )
    put("mac_cr", "h_mac_cr.txt", ("Old Mac line ends\r\r" + _BODY + "\r").encode())
    put(
        "impossible_date",
        "h_impossible_date.txt",
        (" date 2024-13-45 Budget approved\n\n" + _BODY + "\n").encode(),
    )
    words = ("alpha beta gamma delta epsilon zeta eta theta " * 45_000).encode()
    put("long_line", "h_long_line.txt", b"A very long line follows\n\n" + words[:2_100_000] + b"\n")
    if huge:
        line = (_BODY + "\n").encode()
        with (folder / "h_huge_50mb.txt").open("wb") as handle:
            chunk = line * (1_048_576 // len(line) + 1)
            written = 0
            while written < 50 * 1_048_576:
                handle.write(chunk)
                written += len(chunk)
        made["huge"] = folder / "h_huge_50mb.txt"
    put("spaces_unicode_name", "h name with spaces — ñ é 北京.txt", ("Names\n\n" + _BODY).encode())
    deep = "nested/deeper/deepest/h_nested.txt"
    put("nested", deep, ("Deep in nested folders\n\n" + _BODY).encode())
    put("escape_in_name", "h_\x1b[31mred\x1b[0m_name.txt", ("Escape in name\n\n" + _BODY).encode())
    if os.name == "posix":
        try:
            raw = os.fsencode(folder) + b"/h_caf\xe9_latin1_name.txt"
            with open(raw, "wb") as handle:
                handle.write(("Undecodable name\n\n" + _BODY).encode())
            made["undecodable_name"] = Path(os.fsdecode(raw))
        except OSError:
            pass
    # A folder link back to its parent (a loop a naive walk would follow forever)
    # and two file links pointing at each other.
    loop_dir = folder / "loop"
    loop_dir.mkdir(exist_ok=True)
    (loop_dir / "again").symlink_to("..", target_is_directory=True)
    made["symlink_loop_dir"] = loop_dir / "again"
    (folder / "h_loop_a.txt").symlink_to("h_loop_b.txt")
    (folder / "h_loop_b.txt").symlink_to("h_loop_a.txt")
    made["symlink_loop_file"] = folder / "h_loop_a.txt"
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "h_fifo.txt")
        made["fifo"] = folder / "h_fifo.txt"
    return made


def hostile_database(folder: Path) -> tuple[Path, dict[str, str]]:
    """Write the corpus (no 50 MB file) and ingest it into ``folder/hostile.json``.

    Returns the database path and ``{case: article id}`` for every stored case.
    """
    from newsdesk.store import Store
    from newsdesk.store.ingest import safe_name

    made = write_hostile_corpus(folder / "corpus", huge=False)
    db = folder / "hostile.json"
    with Store.open(db) as store:
        store.ingest([folder / "corpus"])
        by_file = {s.file: s.id for s in store.summaries()}
    ids = {
        case: by_file[safe_name(str(path.absolute()))]
        for case, path in made.items()
        if safe_name(str(path.absolute())) in by_file
    }
    return db, ids
