"""A deterministic synthetic corpus of news articles built from the seeds.

``generate_corpus(n, out_dir, seed)`` writes ``n`` article files. Each English
article is about 25 sentences drawn from the English seeds (000, 002, 003,
004) in a shuffled order, with people, places, numbers and some words varied;
one file in ten (every index ending in 9) is the French translation of the file
before it: that pair is built from seed 000 and its French translation 001 with
the same people, places and numbers, so pairing benchmarks know the answer.
``corpus.json`` beside the articles lists the pairs.

Article ``i`` depends only on ``(seed, i)``: the first 1,000 articles of a
10,000-article corpus are the 1,000-article corpus.

Command line::

    python -m bench.corpus 10000 bench/out/corpus-10k [--seed 0]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from newsdesk.store.parse import parse_file  # noqa: E402
from newsdesk.store.sentences import split_sentences  # noqa: E402

__all__ = ["Templates", "generate_corpus", "load_templates", "main"]

SEEDS = ROOT / "seeds"

# People in the seeds: every way the text names them, longest first; the last
# form is the short name used after the first mention. "cn" marks a Chinese name.
_PEOPLE: list[tuple[str, tuple[str, ...]]] = [
    ("vn", ("Lê Thành Long", "Le Thanh Long", "Long")),
    ("vn", ("Phạm Minh Chính", "Pham Minh Chinh", "Chính")),
    ("vn", ("Nguyễn Hòa Bình", "Nguyen Hoa Binh", "Bình")),
    ("vn", ("Tô Lâm", "To Lam")),
    ("vn", ("Luong Tam Quang",)),
    ("vn", ("Nguyen Minh Hung",)),
    ("vn", ("Dương Giang",)),
    ("cn", ("Lu Dongliang", "Lu")),
    ("cn", ("Wang Hao",)),
]
_PLACES: list[tuple[str, tuple[str, ...]]] = [
    ("vn", ("Hà Nội", "HÀ NỘI")),
    ("vn", ("Bình Dương",)),
    ("vn", ("Hai Duong",)),
    ("cn", ("Zhejiang",)),
    ("cn", ("Guangxi",)),
    ("town", ("Wuzhen",)),
    ("city", ("Beijing", "BEIJING")),
]
_VN_FAMILY = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh".split()
)
_VN_MIDDLE = "Văn Thị Minh Hữu Đức Thành Quốc Thanh Ngọc Hoàng Xuân Công Khắc Đình".split()
_VN_GIVEN = (
    "An Bình Chính Dũng Đạt Hải Hùng Khánh Lâm Long Minh Nam Phúc Quang Sơn Thắng Tuấn "
    "Việt Đông Hương Lan Mai Thảo Trang Huệ Điệp Hiếu Kiên Nghĩa Thư Yến Vinh Tâm"
).split()
_CN_FAMILY = "Wang Li Zhang Liu Chen Yang Zhao Huang Zhou Wu Xu Sun Hu Zhu Gao Lin".split()
_CN_GIVEN = "Wei Fang Hao Jun Lei Ming Qiang Tao Yong Dongliang Xiaoming Jianguo Hua Bo".split()
_PLACE_POOL = {
    "vn": (
        "Hà Nội Hải Phòng Đà Nẵng Cần Thơ Bình Dương Đồng Nai Quảng Ninh Nghệ An Thanh Hóa "
        "Khánh Hòa Lâm Đồng Bắc Ninh Huế Hải Dương Long An Quảng Nam Thái Nguyên Vĩnh Phúc"
    ),
    "cn": "Zhejiang Guangxi Guangdong Yunnan Jiangsu Fujian Sichuan Hubei Hunan Shandong",
    "town": "Wuzhen Hangzhou Nanning Kunming Xiamen Suzhou Ningbo Guilin",
    "city": "Beijing Shanghai Shenzhen Guangzhou Chengdu Wuhan",
}


def _pool(kind: str) -> list[str]:
    words = _PLACE_POOL[kind].split()
    if kind != "vn":
        return words
    # Vietnamese place names are two words.
    return [f"{words[i]} {words[i + 1]}" for i in range(0, len(words) - 1, 2)]


# Words swapped for one another (same sense, same grammar).
_SYNONYMS = [
    ("stressed", "emphasised", "underlined", "highlighted"),
    ("emphasized", "stressed", "underscored"),
    ("important", "significant", "major"),
    ("strategic", "long-term", "decisive"),
    ("rapid", "fast", "quick"),
    ("promote", "boost", "foster"),
    ("promoting", "boosting", "fostering"),
    ("develop", "build", "grow"),
    ("developing", "building", "growing"),
    ("achievements", "successes", "accomplishments"),
    ("countries", "nations", "economies"),
    ("businesses", "enterprises", "companies"),
    ("cooperation", "collaboration", "partnership"),
    ("people", "citizens", "residents"),
    ("said", "stated", "told reporters"),
    ("noted", "observed", "remarked"),
    ("comprehensive", "all-round", "thorough"),
    ("necessary", "essential", "vital"),
    ("progress", "headway", "gains"),
    ("focus", "concentrate", "centre"),
    ("challenges", "difficulties", "hurdles"),
    ("opportunities", "openings", "prospects"),
    ("sustainable", "lasting", "durable"),
    ("efforts", "endeavours", "work"),
    ("ensure", "guarantee", "secure"),
    ("strong", "robust", "solid"),
]
_SYNONYM_MAP = {group[0]: group for group in _SYNONYMS}
_SYNONYM_RE = re.compile(r"\b(" + "|".join(sorted(_SYNONYM_MAP, key=len, reverse=True)) + r")\b")

_MONTHS_EN = (
    "January February March April May June July August September October November December"
).split()
_MONTHS_FR = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
).split()
_NUMBER_RE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(st|nd|rd|th|e|er)?(?![\w])")
_DAY_BEFORE = re.compile(r"(?:" + "|".join(_MONTHS_EN) + r")\s+$")
_DAY_AFTER = re.compile(r"^\s+(?:" + "|".join(_MONTHS_FR + _MONTHS_EN) + r")\b", re.IGNORECASE)
_TITLES = [
    "{person} calls for faster digital transformation",
    "{place} speeds up its digital economy",
    "Digital transformation must put people first, says {person}",
    "{person} urges firms to invest in digital infrastructure",
    "National digital transformation day marked in {place}",
    "Digital economy to reach {number} per cent of GDP by {year}",
    "{place} and partners sign digital cooperation deal",
    "New data platform handles {number} million transactions a day",
]


def strip_accents(text: str) -> str:
    """``"Phạm Minh Chính"`` → ``"Pham Minh Chinh"`` (case kept)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class Templates:
    """Sentences of the seeds, ready to vary."""

    english: list[str]  # every English body sentence
    pair_en: list[list[str]]  # seed 000: paragraphs of sentences
    pair_fr: list[list[str]]  # seed 001: its French translation
    pair_fr_title: str


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def load_templates(seeds: Path = SEEDS) -> Templates:
    """Read the seeds and cut their body paragraphs into sentences."""
    english: list[str] = []
    pair_en: list[list[str]] = []
    pair_fr: list[list[str]] = []
    fr_title = ""
    for path in sorted(seeds.glob("*.txt")):
        article = parse_file(path)
        body = [p.text for p in article.paragraphs if p.kind == "body"]
        prefix = path.name[:3]
        if prefix == "001":
            pair_fr = [_sentences(t) for t in body]
            fr_title = article.title
            continue
        if prefix == "000":
            pair_en = [_sentences(t) for t in body]
        english.extend(s for t in body for s in _sentences(t))
    return Templates(english, pair_en, pair_fr, fr_title)


@dataclass(slots=True)
class _Variation:
    """The choices that make one article (or one translation pair) unique."""

    rng: random.Random
    people: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, float] = field(default_factory=dict)
    year_shift: int = 0

    def person(self, canonical: str, kind: str) -> tuple[str, str, str]:
        """(accented full name, plain full name, short name) standing in for ``canonical``."""
        if canonical not in self.people:
            rng = self.rng
            if kind == "cn":
                full = f"{rng.choice(_CN_FAMILY)} {rng.choice(_CN_GIVEN)}"
                short = full.split()[0]
            else:
                given = rng.choice(_VN_GIVEN)
                full = f"{rng.choice(_VN_FAMILY)} {rng.choice(_VN_MIDDLE)} {given}"
                short = given
            self.people[canonical] = (full, strip_accents(full), short)
        return self.people[canonical]

    def place(self, canonical: str, kind: str) -> str:
        if canonical not in self.places:
            self.places[canonical] = self.rng.choice(_pool(kind))
        return self.places[canonical]

    def number(self, text: str, suffix: str | None, context: tuple[str, str]) -> str:
        digits = text.replace(",", "")
        before, after = context
        if re.fullmatch(r"(19|20)\d\d", digits):
            return str(int(digits) + self.year_shift)
        if _DAY_BEFORE.search(before) or _DAY_AFTER.match(after):
            key = f"day:{digits}"
            if key not in self.numbers:
                self.numbers[key] = self.rng.randint(1, 28)
            return str(int(self.numbers[key])) + (suffix or "")
        key = text
        if key not in self.numbers:
            self.numbers[key] = self.rng.uniform(0.4, 2.5)
        value = float(digits.replace(",", "")) * self.numbers[key]
        if "." in digits:
            decimals = len(digits.split(".")[1])
            out = f"{value:.{decimals}f}"
        else:
            whole = max(1, round(value))
            out = f"{whole:,}" if "," in text else str(whole)
        if suffix in ("st", "nd", "rd", "th"):
            n = int(out.replace(",", ""))
            suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return out + (suffix or "")


def _vary(sentence: str, var: _Variation, *, synonyms: bool) -> str:
    """The template sentence with this article's people, places and numbers."""
    text = sentence
    for kind, forms in _PEOPLE:
        canonical = forms[0]
        accented, plain, short = var.person(canonical, kind)
        for i, form in enumerate(forms):
            is_short = i == len(forms) - 1 and len(forms) > 1 and " " not in form
            if is_short:
                # A bare given name, but not inside a place ("Bình Dương", "Long An").
                pattern = rf"\b{re.escape(form)}\b(?! Dương| An\b)"
                text = re.sub(pattern, short, text)
            else:
                replacement = accented if form != strip_accents(form) or kind == "cn" else plain
                text = text.replace(form, replacement)
    for kind, forms in _PLACES:
        place = var.place(forms[0], kind)
        for form in forms:
            text = text.replace(form, place.upper() if form.isupper() else place)
    text = _NUMBER_RE.sub(
        lambda m: var.number(
            m.group(0)[: len(m.group(0)) - len(m.group(1) or "")],
            m.group(1),
            (text[max(0, m.start() - 12) : m.start()], text[m.end() : m.end() + 12]),
        ),
        text,
    )
    if synonyms:
        text = _SYNONYM_RE.sub(
            lambda m: (
                var.rng.choice(_SYNONYM_MAP[m.group(1)]) if var.rng.random() < 0.5 else m.group(1)
            ),
            text,
        )
    return text


def _date(rng: random.Random) -> str:
    return f"{rng.randint(2022, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _credit(rng: random.Random) -> str:
    return rng.choice(["VNS", "VNA/VNS", "VNA/CVN", "PV-TTXVN"])


def _title(var: _Variation) -> str:
    person = var.person("title", "vn")[0]
    place = var.place("title", "vn")
    template = var.rng.choice(_TITLES)
    return template.format(
        person=person,
        place=place,
        number=var.rng.randint(2, 95),
        year=var.rng.randint(2025, 2035),
    )


def _paragraphs(sentences: list[str], rng: random.Random) -> list[str]:
    paragraphs: list[str] = []
    i = 0
    while i < len(sentences):
        take = rng.choice((1, 1, 2, 2, 3))
        paragraphs.append(" ".join(sentences[i : i + take]))
        i += take
    return paragraphs


def _render(date: str, title: str | None, dateline: str | None, paragraphs: list[str]) -> str:
    lines = [f" date {date}", ""]
    if title:
        lines += [title, ""]
    first = paragraphs[0]
    if dateline:
        first = f"{dateline} — {first}"
    for para in [first, *paragraphs[1:]]:
        lines += [para, ""]
    return "\n".join(lines).rstrip() + "\n"


def _english_article(templates: Templates, var: _Variation) -> str:
    rng = var.rng
    var.year_shift = rng.randint(-3, 1)
    count = min(len(templates.english), rng.randint(22, 28))
    chosen = rng.sample(templates.english, count)
    sentences = [_vary(s, var, synonyms=True) for s in chosen]
    paragraphs = _paragraphs(sentences, rng)
    paragraphs[-1] = f"{paragraphs[-1]} — {_credit(rng)}"
    dateline = var.place("dateline", "vn").upper() if rng.random() < 0.5 else None
    title = _title(var) if rng.random() < 0.6 else None
    return _render(_date(rng), title, dateline, paragraphs)


def _pair(templates: Templates, var: _Variation) -> tuple[str, str]:
    rng = var.rng
    var.year_shift = rng.randint(-3, 1)
    date = _date(rng)
    en = [" ".join(_vary(s, var, synonyms=False) for s in p) for p in templates.pair_en]
    fr = [" ".join(_vary(s, var, synonyms=False) for s in p) for p in templates.pair_fr]
    place = var.place("Beijing", "city").upper()
    credit = _credit(rng)
    en[-1] = f"{en[-1]} — {credit}"
    fr_title = _vary(templates.pair_fr_title, var, synonyms=False)
    return (
        _render(date, None, place, en),
        _render(date, fr_title, None, [*fr, credit]),
    )


def _name(seed: int, i: int) -> str:
    digest = hashlib.sha1(f"newsdesk-corpus:{seed}:{i}".encode()).hexdigest()[:16]
    return f"{i:05d}_{digest}.txt"


def generate_corpus(n: int, out_dir: Path, seed: int = 0) -> list[Path]:
    """Write ``n`` articles into ``out_dir``; return their paths in order.

    Files ``i`` with ``i % 10 == 9`` are French translations of file ``i - 1``.
    Also writes ``corpus.json``: ``{"n", "seed", "pairs": [[en_name, fr_name], …]}``.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    templates = load_templates()
    paths: list[Path] = []
    pairs: list[list[str]] = []
    pending_fr: str | None = None
    for i in range(n):
        name = _name(seed, i)
        if i % 10 == 9 and pending_fr is not None:
            text = pending_fr
            pending_fr = None
            pairs.append([paths[-1].name, name])
        elif i % 10 == 8:
            var = _Variation(random.Random(f"{seed}:{i}"))
            text, pending_fr = _pair(templates, var)
        else:
            var = _Variation(random.Random(f"{seed}:{i}"))
            text = _english_article(templates, var)
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    manifest = {"n": n, "seed": seed, "pairs": pairs}
    (out_dir / "corpus.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.corpus",
        description="Write a deterministic synthetic corpus of N articles built from the seeds.",
    )
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out_dir", type=Path, help="folder to write the .txt files into")
    parser.add_argument("--seed", type=int, default=0, help="variation seed (default 0)")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("n must be 0 or more")
    paths = generate_corpus(args.n, args.out_dir, args.seed)
    print(f"wrote {len(paths)} articles to {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
