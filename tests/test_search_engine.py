"""Search on the seeds plus two articles written here (Vietnamese with đ, French with « »)."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from rapidfuzz.distance import OSA

from newsdesk.store import Store
from newsdesk.store.derived import reset_caches
from newsdesk.store.errors import QueryError
from newsdesk.store.search import SearchIndex, engine, load_index, search
from newsdesk.store.search.index import index_key
from newsdesk.store.search.match import (
    COMMON_SHARE,
    FuzzyMatcher,
    bound_tenths,
    make_matcher,
    max_typos,
    round1,
)
from newsdesk.store.search.query import parse_query
from newsdesk.store.search.tokens import TOKEN_RE
from newsdesk.store.text import fold

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

VI_ARTICLE = """\
 date 2024-10-20

Sản lượng điện tăng mạnh trong tháng Chín

HÀ NỘI — Tập đoàn Điện lực Việt Nam cho biết sản lượng điện tháng 9 tăng
9,9 phần trăm so với cùng kỳ. Các nhà máy thủy điện hoạt động hết công suất.
"""

FR_ARTICLE = """\
 date 2024-11-05

Le vice-Premier ministre inaugure un centre de données

Le vice-Premier ministre Lê Thành Long a déclaré : « Rien n'est impossible à ceux
qui persévèrent. Nous réussirons ensemble », devant les ingénieurs réunis à Hà Nội.

Le centre traitera 1,5 million de dossiers par jour, selon le ministère.
"""


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "vi_dien.txt").write_text(VI_ARTICLE, encoding="utf-8")
    (extra / "fr_long.txt").write_text(FR_ARTICLE, encoding="utf-8")
    db = tmp_path / "db" / "newsdesk.json"
    db.parent.mkdir()
    s = Store.open(db)
    s.ingest([SEEDS, extra])
    yield s
    reset_caches()
    s.close()


def texts(result: object) -> list[str]:
    return [h.text for h in result.hits]  # type: ignore[attr-defined]


def span_texts(hit: object) -> list[str]:
    return [hit.text[s:e] for s, e in hit.spans]  # type: ignore[attr-defined]


# -- case, accents, width, quotes ------------------------------------------------
def test_accent_free_query_finds_accented_text(store: Store) -> None:
    result = search(store, "viet nam")
    assert result.hits
    assert all(h.score == 100.0 for h in result.hits[:5])
    for hit in result.hits[:5]:
        assert "Việt Nam" in span_texts(hit)


def test_chinh_finds_both_spellings(store: Store) -> None:
    found = {t for h in search(store, "chinh", limit=100).hits for t in span_texts(h)}
    assert {"Chính", "Chinh"} <= found


def test_d_with_stroke_folds_to_d(store: Store) -> None:
    result = search(store, "dien", limit=100)
    words = {t for h in result.hits for t in span_texts(h)}
    assert {"điện", "Điện"} <= words
    assert all(h.doc == "vi_dien" for h in result.hits if h.score == 100.0)


def test_upper_case_and_full_width_query(store: Store) -> None:
    hit = search(store, "ＡＩ GOVERNANCE").hits[0]
    assert hit.doc.startswith("000")
    assert span_texts(hit) == ["AI governance"]


def test_straight_and_curly_apostrophes_match_each_other(store: Store) -> None:
    curly_text = search(store, "'country's 51,000").hits  # text has country’s
    assert curly_text and "country’s" in curly_text[0].text
    straight_text = search(store, "'government’s complete").hits  # text has Government's
    assert straight_text and "Government's complete" in straight_text[0].text


def test_french_guillemets_quote_is_a_passage(store: Store) -> None:
    result = search(store, "rien n'est impossible kind:quote")
    assert result.hits[0].doc == "fr_long"
    assert result.hits[0].text == (
        "Rien n'est impossible à ceux qui persévèrent. Nous réussirons ensemble"
    )


# -- typos, left-out and swapped words ------------------------------------------
def test_typo_query_ranks_the_003_sentence_first(store: Store) -> None:
    result = search(store, "nothing is dificult only fear of not being stedfast")
    top = result.hits[0]
    assert top.doc.startswith("003") and top.para == 5
    assert top.text.startswith("nothing is difficult, only fear of not being steadfast")
    assert span_texts(top) == ["nothing is difficult, only fear of not being steadfast"]
    assert 90 <= top.score < 100  # two typos cost a little


@pytest.mark.parametrize(
    "query",
    [
        "nothing difficult fear steadfast",  # words left out
        "steadfast fear nothing difficult",  # words swapped
        "only fear of not being stedfast nothing is dificult",
    ],
)
def test_left_out_and_swapped_words_still_find_the_sentence(store: Store, query: str) -> None:
    top = search(store, query).hits[0]
    assert top.doc.startswith("003") and top.para == 5


def test_in_order_words_outrank_the_same_words_scattered(store: Store) -> None:
    ordered = search(store, "digital data", limit=200).hits
    best = ordered[0]
    assert "digital data" in fold(best.text)

    def near(text: str) -> bool:  # "digital…" then "data" within three words
        toks = TOKEN_RE.findall(fold(text))
        firsts = [i for i, t in enumerate(toks) if t.startswith("digital")]
        seconds = [i for i, t in enumerate(toks) if t.startswith("data")]
        return any(0 < j - i <= 3 for i in firsts for j in seconds)

    scattered = [h for h in ordered if not near(h.text)]
    assert scattered and all(h.score < best.score for h in scattered)
    assert all(h.score == best.score for h in ordered if near(h.text))


# -- operators -----------------------------------------------------------------
def test_exact_matches_inside_words_but_no_typos(store: Store) -> None:
    hits = search(store, "'gital", limit=200).hits
    assert hits and all("gital" in fold(h.text) for h in hits)
    assert not search(store, "'stedfast").hits


def test_whole_word(store: Store) -> None:
    hits = search(store, "'nam'", limit=200).hits
    assert hits
    for hit in hits:
        assert "nam" in TOKEN_RE.findall(fold(hit.text))


def test_phrase_needs_the_words_together_in_order(store: Store) -> None:
    hits = search(store, '"digital data"', limit=200).hits
    assert hits and all("digital data" in fold(h.text) for h in hits)
    assert not search(store, '"data digital"').hits


def test_phrase_ignores_punctuation_between_words(store: Store) -> None:
    hit = search(store, '"difficult only fear"').hits[0]
    assert span_texts(hit) == ["difficult, only fear"]


def test_prefix_and_suffix(store: Store) -> None:
    hits = search(store, "^prime", limit=200).hits
    assert hits and all(fold(h.text).lstrip('"').startswith("prime") for h in hits)
    hits = search(store, "taught$").hits
    assert [h.doc[:3] for h in hits] == ["003"]
    assert hits[0].text.endswith("as beloved President Ho Chi Minh taught.")
    assert search(store, "^the government's complete perspective").hits  # leading quote skipped


def test_anchors_together(store: Store) -> None:
    hits = search(store, "^dual goal$").hits
    assert [h.text for h in hits] == ["dual goal"]
    assert search(store, "^make in viet nam$").hits[0].text == "Make in Việt Nam"
    assert not search(store, "^dual$").hits  # no passage is just "dual"
    assert [h.text for h in search(store, "^Lu$ | ^goal$ | ^dual$").hits] == []


def test_not(store: Store) -> None:
    hits = search(store, "transformation !digital", limit=200).hits
    assert hits and all("digital" not in fold(h.text) for h in hits)
    hits = search(store, 'transformation !"digital transformation"', limit=200).hits
    assert hits and all("digital transformation" not in fold(h.text) for h in hits)


def test_or(store: Store) -> None:
    hits = search(store, "'blockchain | 'cyberespace", limit=50).hits
    docs = {h.doc[:3] for h in hits}
    assert docs == {"000", "001"}
    for hit in hits:
        assert "blockchain" in fold(hit.text) or "cyberespace" in fold(hit.text)


# -- filters -------------------------------------------------------------------
def test_lang_filter_and_option(store: Store) -> None:
    hits = search(store, "transformation lang:fr", limit=100).hits
    assert hits and {h.lang for h in hits} == {"fr"}
    hits = search(store, "transformation", lang="fr", limit=100).hits
    assert hits and {h.lang for h in hits} == {"fr"}
    assert not search(store, "transformation lang:vi").hits


def test_doc_kind_and_date_filters(store: Store) -> None:
    hits = search(store, "digital doc:003", limit=100).hits
    assert hits and {h.doc[:3] for h in hits} == {"003"}
    hits = search(store, "digital kind:quote", limit=100).hits
    assert hits and {h.kind for h in hits} == {"quote"}
    hits = search(store, "digital date:2023", limit=100).hits
    assert hits and {h.doc[:3] for h in hits} == {"004"}
    hits = search(store, "digital date:2024-10..2024-11", limit=200).hits
    assert {h.doc[:3] for h in hits} == {"000", "002"}  # 003 has no date
    hits = search(store, "digital !date:2024", limit=100).hits
    assert hits and {h.date[:4] for h in hits if h.date} == {"2023"}


def test_filters_alone_list_passages(store: Store) -> None:
    hits = search(store, "doc:fr_long", limit=100).hits
    assert {h.doc for h in hits} == {"fr_long"}
    assert len(hits) >= 3


def test_bad_queries_raise_query_error(store: Store) -> None:
    for query in ['"open', "a |", "lang:", "date:2024-99", "kind:word"]:
        with pytest.raises(QueryError):
            search(store, query)


def test_empty_query_has_no_hits(store: Store) -> None:
    result = search(store, "  ")
    assert result.hits == [] and result.total == 0


# -- hits: fields, spans, ranking, no duplicates -----------------------------------
def test_hit_fields_and_json(store: Store) -> None:
    hit = search(store, "make in viet nam kind:quote").hits[0]
    data = hit.to_dict()
    assert set(data) >= {"doc", "lang", "date", "para", "score", "text", "spans", "kind"}
    assert data["doc"].startswith("002") and data["lang"] == "en"
    assert data["date"] == "2024-11-15" and data["para"] == 16
    assert data["text"] == "Make in Việt Nam" and data["kind"] == "quote"
    assert data["spans"] == [[0, 16]]
    article = store.get(hit.doc)
    paragraph = article.paragraph(hit.para).text
    assert paragraph[hit.start : hit.start + len(hit.text)] == hit.text
    assert [paragraph[s:e] for s, e in hit.para_spans] == ["Make in Việt Nam"]


@pytest.mark.parametrize(
    "query",
    ["viet nam", "'digital", "pham minh chinh", '"driving force"', "dien", "numérique"],
)
def test_spans_point_at_matching_text(store: Store, query: str) -> None:
    parsed = parse_query(query)
    words = set(parsed.clauses[0].terms[0].words)
    for hit in search(store, query, limit=100).hits:
        assert hit.spans
        for start, end in hit.spans:
            assert 0 <= start < end <= len(hit.text)
            found = TOKEN_RE.findall(fold(hit.text[start:end]))
            assert any(
                t.startswith(w) or OSA.distance(t, w) <= max_typos(w) for t in found for w in words
            ), hit.text[start:end]


@pytest.mark.parametrize("query", ["digital economy", "digital", "vietnamese digital people"])
def test_ranking_best_first_then_shorter(store: Store, query: str) -> None:
    hits = search(store, query, limit=200).hits
    assert len(hits) >= 10
    for a, b in itertools.pairwise(hits):
        assert a.score >= b.score
        if a.score == b.score:
            assert len(a.text) <= len(b.text)


def test_a_match_is_shown_once(store: Store) -> None:
    hits = search(store, "nothing is difficult only fear").hits
    in_003 = [h for h in hits if h.doc.startswith("003") and h.para == 5]
    assert len(in_003) == 1  # the quote, not also its sentence
    assert in_003[0].kind == "quote"


def test_limit_and_status(store: Store) -> None:
    result = search(store, "digital", limit=3)
    assert len(result.hits) == 3
    assert result.total >= 3
    assert " hits · " in result.status() and result.status().endswith(" ms")


# -- the fast path agrees with the passage check ------------------------------------
@pytest.mark.parametrize(
    "query",
    [
        "nothing is dificult only fear of not being stedfast",
        "digital transformation",
        "viet nam digital",
        "dgital transfomation strategc",
        "people digital heart",
        "the the digital",
    ],
)
def test_index_scores_equal_passage_scores(store: Store, query: str) -> None:
    index = load_index(store)
    term = parse_query(query).clauses[0].terms[0]
    matcher = make_matcher(index, term)
    assert isinstance(matcher, FuzzyMatcher)
    bound = matcher.bound(index)
    pids = np.arange(len(index))
    fast = matcher.refine(index, pids)
    for pid in range(len(index)):
        folded = fold(index.passage_text(pid))
        toks = [(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(folded)]
        slow = matcher.match(folded, toks)
        assert (slow[0] if slow else 0.0) == fast[pid]
        # The engine rounds bounds to tenths as it rounds scores: never below them.
        assert bound_tenths(bound[pid : pid + 1])[0] >= round(fast[pid] * 10)


# -- a large tie whose score equals its bound ----------------------------------------
REPEATED = """\
 date 2024-10-{day:02d}

Ministry report number {n}

The ministry said {word} welfare has made significant progress especially in education.

Officials counted {n} new schools in the province this year.
"""

#: Typo'd fragments of the repeated sentence: every copy scores as its bound allows.
TIE_QUERIES = [
    "welfare has made sagnificant progress especially in education",
    "has made significant progres especially",
    "welfare made significant progress in educaton",
    "significant progress especialy in education",
]
#: The same with a typo in a word of most passages (the title's and the sentence's),
#: which the bound assumes present rather than reading where it is.
COMMON_TYPO_QUERIES = [
    "the minsitry said welfare has made significant progress",
    "minstry said welfare has made significant progress especially",
]


def write_copies(folder: Path) -> None:
    """Forty articles sharing one sentence (only a word before it varies)."""
    folder.mkdir()
    fillers = ["today", "again", "recently", "openly", "firmly"]
    for n in range(40):
        text = REPEATED.format(day=n % 28 + 1, n=n, word=fillers[n % 5])
        (folder / f"copy_{n:02d}.txt").write_text(text, encoding="utf-8")


def test_a_tie_scoring_its_bound_is_taken_from_its_first_chunk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forty copies of one sentence share a bound that their score reaches: the first
    chunk of them gives the hits. A bound rounded up to tenths would sit one tenth
    above a score whose hundredths are under .05, and a common word assumed present
    with the similarity 1 above the typo'd word's best one: every copy then scored."""
    write_copies(tmp_path / "copies")
    db = Store.open(tmp_path / "newsdesk.json")
    try:
        db.ingest([tmp_path / "copies"])
        index = load_index(db)
        monkeypatch.setattr(engine, "_FIRST_CHUNK", 8)
        monkeypatch.setattr(engine, "_CHUNK", 8)
        refined: list[int] = []
        real = engine._Checker.refine

        def counted(self: engine._Checker, pids: np.ndarray) -> np.ndarray:
            refined.append(len(pids))
            return real(self, pids)

        monkeypatch.setattr(engine._Checker, "refine", counted)
        gaps = 0
        for query in TIE_QUERIES + COMMON_TYPO_QUERIES:
            term = parse_query(query).clauses[0].terms[0]
            matcher = make_matcher(index, term)
            assert isinstance(matcher, FuzzyMatcher)
            bound = matcher.bound(index)
            top = float(bound.max())
            gaps += 0.02 < (top * 10) % 1 < 0.49  # ceil(10 * bound) passes the score
            refined.clear()
            result = search(db, query, limit=3)
            assert len(result.hits) == 3
            assert {h.score for h in result.hits} == {round1(top)}, query  # the bound reached
            assert all("significant progress" in h.text for h in result.hits)
            assert sum(refined) == 8, query  # one chunk: 40 copies, 3 hits
            if query in COMMON_TYPO_QUERIES:  # the typo'd word is assumed, not read
                typo = next(w for w in matcher.words if w.startswith("min"))
                j = matcher.words.index(typo)
                assert matcher.postings[j] * COMMON_SHARE > index.population
                assert matcher.expansions[j].exact is None
        assert gaps  # some bound here sits where rounding it up would pass the score
    finally:
        reset_caches()
        db.close()


# -- the stored index ------------------------------------------------------------
def test_index_is_built_at_ingest_and_saved(store: Store) -> None:
    path = store.sidecar_path("search")
    assert path.exists()
    assert SearchIndex.read_key(path) == index_key(store)
    loaded = SearchIndex.load(path)
    assert len(loaded) == len(load_index(store))
    assert loaded.vocab == load_index(store).vocab


def test_out_of_date_index_is_rebuilt_not_used(store: Store) -> None:
    assert search(store, "'blockchain").hits
    store.remove([i for i in store.ids() if i.startswith("000")])  # no derived stage runs
    assert all(not h.doc.startswith("000") for h in search(store, "'blockchain").hits)
    assert SearchIndex.read_key(store.sidecar_path("search")) == index_key(store)


def test_index_of_another_database_is_never_used(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    first = Store.open(db)
    first.ingest([SEEDS / next(p.name for p in SEEDS.glob("003_*"))])
    assert search(first, "'steadfast").hits
    first.close()
    sidecar = db.with_name("db.search")
    kept = sidecar.read_bytes()
    db.unlink()
    second = Store.open(db)  # same path, same generation, other articles
    second.ingest([SEEDS / next(p.name for p in SEEDS.glob("002_*"))])
    sidecar.write_bytes(kept)  # a stale sidecar left behind
    reset_caches()
    assert second.generation() == 1
    assert not search(second, "'steadfast").hits
    assert search(second, "'semiconductors").hits
    reset_caches()
    second.close()


def test_a_read_index_outlives_its_file_being_saved_again(store: Store) -> None:
    """An index read from disk is mapped, not copied: saving replaces the file (a new
    inode) instead of rewriting it in place, so the mapped index stays whole."""
    path = store.sidecar_path("search")
    read = SearchIndex.load(path)
    texts = [read.passage_text(p) for p in range(len(read))]
    assert texts and any("blockchain" in t for t in texts)
    inode = path.stat().st_ino
    load_index(store).save(path)
    assert path.stat().st_ino != inode
    assert [read.passage_text(p) for p in range(len(read))] == texts
    assert len(read.postings(read.word_id["blockchain"])) > 0


@pytest.mark.parametrize(
    ("date", "number"),
    [
        ("2024-10-12", 20241012),
        ("2024-10-12T08:30", 20241012),
        ("2024-10", 20241000),
        ("2024", 20240000),
        ("2024-1-5", 20240105),
        ("", 0),
        (None, 0),
    ],
)
def test_dates_become_sortable_numbers(date: str | None, number: int) -> None:
    from newsdesk.store.search.index import _date_number

    assert _date_number(date) == number


def test_damaged_index_file_is_rebuilt(store: Store) -> None:
    path = store.sidecar_path("search")
    path.write_bytes(path.read_bytes()[:1000])
    reset_caches()
    assert search(store, "'blockchain").hits
    assert SearchIndex.load(path).key == index_key(store)


def _same(a: SearchIndex, b: SearchIndex) -> None:
    assert a.docs == b.docs and a.doc_shas == b.doc_shas and a.vocab == b.vocab
    assert a.doc_langs == b.doc_langs and a.doc_dates == b.doc_dates
    base_a, base_b = a.blob_base, b.blob_base
    assert (
        a.blob[base_a : base_a + int(a.par_off[-1])] == b.blob[base_b : base_b + int(b.par_off[-1])]
    )
    for name in SearchIndex._ARRAYS:
        assert np.array_equal(getattr(a, name), getattr(b, name)), name


def test_ingest_updates_the_index_in_place_equal_to_a_full_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsdesk.store.search.index as index_module

    seeds = sorted(SEEDS.glob("*.txt"))
    s = Store.open(tmp_path / "db.json")
    s.ingest([seeds[0], seeds[2], seeds[4]])
    cut: list[str] = []
    segment = index_module._segment

    def spy(articles: object) -> object:
        listed = list(articles)  # type: ignore[call-overload]
        cut.extend(a.id for a in listed)
        return segment(listed)

    monkeypatch.setattr(index_module, "_segment", spy)
    s.ingest([seeds[1], seeds[3]])
    delta = s.sidecar_path("search-delta")
    assert delta.exists()  # a small ingest writes the delta, not the whole index
    assert index_module.saved_key(s.sidecar_path("search")) == index_key(s)
    reset_caches()
    updated = load_index(s)
    assert sorted(c[:3] for c in cut) == ["001", "003"]  # only the new articles were cut
    assert updated.key == index_key(s)
    _same(updated, index_module.build_index(s.articles(), updated.key))
    assert not delta.exists()  # merged in and saved whole on reading
    assert SearchIndex.read_key(s.sidecar_path("search")) == index_key(s)

    cut.clear()
    s.remove([i for i in s.ids() if i.startswith("002")])  # stale now: updated on next use
    assert not search(s, "'semiconductors").hits
    assert cut == []
    _same(load_index(s), index_module.build_index(s.articles(), load_index(s).key))
    reset_caches()
    s.close()


def test_a_caption_is_a_hit_of_its_own_kind_without_its_credit(store: Store) -> None:
    hits = search(store, "chinh speaks national digital transformation day", limit=5).hits
    caption = next(h for h in hits if h.doc.startswith("004") and h.para == 1)
    assert caption.kind == "caption"
    assert caption.text.endswith("Transformation Day on Tuesday.")
    assert "Photo" not in caption.text and "Dương Giang" not in caption.text
    # The credit's words are not searched: the photographer's name finds no passage.
    assert not search(store, "'Dương Giang", limit=5).hits
    only = search(store, "kind:caption", limit=100).hits
    assert only and {h.kind for h in only} == {"caption"}
    assert all(h.kind != "caption" for h in search(store, "kind:sentence chinh", limit=50).hits)


def test_a_delta_merged_in_equals_a_full_build() -> None:
    import random

    import newsdesk.store.search.index as index_module
    from newsdesk.store.parse import parse_file

    root = Path(__file__).resolve().parent
    files = sorted(SEEDS.glob("*.txt")) + sorted((root / "data" / "align").rglob("*.txt"))
    articles = []
    for number, file in enumerate(files):
        article = parse_file(file)
        articles.append(dataclasses.replace(article, id=f"{number:02d}-{file.stem}"))
    cuts = {a.id: index_module.cut_article(a) for a in articles}
    rng = random.Random(3)
    for trial in range(12):
        before = sorted(rng.sample(sorted(cuts), rng.randrange(0, len(cuts))))
        gone = set(rng.sample(before, rng.randrange(0, len(before) + 1))) if before else set()
        added = rng.sample(sorted(set(cuts) - set(before)), rng.randrange(0, 4))
        changed = rng.sample(before, min(len(before), rng.randrange(0, 3)))  # dropped, re-added
        gone |= set(changed)
        added = sorted(set(added) | set(changed))
        key = index_module.IndexKey(trial, "t")
        old = index_module.build_index([cuts[d] for d in before], key)
        fresh = index_module._segment([cuts[d] for d in added])
        merged = index_module._insert(old, gone, fresh, key)
        after = sorted((set(before) - gone) | set(added))
        _same(merged, index_module.build_index([cuts[d] for d in after], key))
