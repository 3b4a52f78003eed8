"""What keeps a large ingest's memory small gives the same data as before: cuts and
pairing features gathered compactly, the index built from them in any order, the
database written in pieces, worker jobs fed as they are needed."""

from __future__ import annotations

import pickle
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from newsdesk.store import Store
from newsdesk.store.align.gathered import GatheredFeatures
from newsdesk.store.align.pairing import pair_features
from newsdesk.store.derived import PreparedData, prepare_article
from newsdesk.store.search import index as index_module
from newsdesk.store.search.cuts import GatheredCuts, Segments, cut_article
from newsdesk.store.search.index import IndexKey, build_index
from newsdesk.store.storage import _json_parts


def _file(index: index_module.SearchIndex) -> bytes:
    return b"".join(bytes(part) for part in index.file_parts())


def test_index_from_segments_in_any_order_and_on_disk_is_the_same(
    seeded_store: Store, tmp_path: Path
) -> None:
    articles = list(seeded_store.articles())
    key = IndexKey(3, "key")
    expected = _file(build_index(articles, key))
    cuts = [cut_article(a) for a in articles]
    spill = tmp_path / "spill"
    spill.mkdir()
    for seed in range(3):
        random.Random(seed).shuffle(cuts)
        for folder in (None, spill):
            segments = Segments(folder)
            for cut in cuts:
                segments.add(cut)
            assert _file(index_module._build(segments, key)) == expected
    assert list(spill.iterdir()) == []  # the text's temporary files are gone


def test_gathered_cuts_give_back_each_cut(seeded_store: Store, tmp_path: Path) -> None:
    cuts = [pickle.loads(pickle.dumps(cut_article(a))) for a in seeded_store.articles()]
    gathered = GatheredCuts(tmp_path)
    for cut in cuts:
        gathered.add(cut.id, cut)
    assert len(gathered) == len(cuts) and set(gathered) == {c.id for c in cuts}
    assert all(gathered[c.id] == c for c in cuts)
    assert gathered.sha256(cuts[0].id) == cuts[0].sha256 and gathered.sha256("nope") is None
    # A later cut for the same id replaces the earlier one.
    gathered.add(cuts[0].id, cuts[1])
    assert gathered[cuts[0].id] == cuts[1] and len(gathered) == len(cuts)
    assert all(gathered[c.id] == c for c in cuts[1:])


def test_gathered_features_give_back_each_article_s_features(seeded_store: Store) -> None:
    features = [pickle.loads(pickle.dumps(pair_features(a))) for a in seeded_store.articles()]
    gathered = GatheredFeatures()
    for f in features:
        gathered.add(f.id, f)
    assert {i: gathered[i] for i in gathered} == {f.id: f for f in features}
    # Each anchor is held once, whatever article it came from.
    a, b = (gathered[f.id] for f in features[:2])
    shared = a.anchors & b.anchors
    assert shared
    for anchor in shared:
        assert next(x for x in a.anchors if x == anchor) is next(
            x for x in b.anchors if x == anchor
        )


def test_prepared_data_lets_each_stage_go(seeded_store: Store) -> None:
    prepared = PreparedData(seeded_store)
    for article in seeded_store.articles():
        prepared.add(article.id, prepare_article(article))
    search = prepared.take("search")
    assert isinstance(search, GatheredCuts) and len(search) == len(seeded_store)
    assert prepared.take("search") is None
    assert isinstance(prepared.take("pairing"), GatheredFeatures)
    assert set(prepared.take("facts")) == set(seeded_store.ids())  # stored early: tokens
    assert prepared.done() == {}


@pytest.mark.parametrize("documents", [0, 1, 1999, 2000, 4001])
def test_database_written_in_pieces_is_the_same_json(documents: int) -> None:
    tables = {
        "articles": {
            str(i): {"id": f"a{i}", "title": "Hà Nội", "n": [i, None]} for i in range(documents)
        },
        "meta": {"1": {"schema_version": 2}},
        "pairs": {},
    }
    assert b"".join(_json_parts(tables)) == orjson.dumps(tables)
    assert b"".join(_json_parts({})) == b"{}"


def test_a_value_json_cannot_hold_leaves_the_database_as_it_was(seeded_store: Store) -> None:
    before = seeded_store.path.read_bytes()
    with pytest.raises(Exception, match="cannot store this data"):
        seeded_store.set_meta("bad", {1, 2})
    assert seeded_store.path.read_bytes() == before
    assert not [p for p in seeded_store.path.parent.iterdir() if p.name.endswith(".tmp")]


def test_parallel_map_reads_its_items_as_the_work_goes() -> None:
    import multiprocessing

    from newsdesk.store.parallel import MIN_PARALLEL, parallel_map, worker_count

    if worker_count() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no worker processes on this machine")
    count = MIN_PARALLEL * 40
    taken: list[int] = []

    def items() -> Iterator[int]:
        for i in range(count):
            taken.append(i)
            yield i

    results = parallel_map(abs, items(), count)
    assert next(results) == 0
    assert len(taken) < count // 2  # only the chunks in flight were read
    assert [0, *results] == list(range(count))
    assert len(taken) == count


def test_ingest_memory_bench_reports_every_step(seeds_dir: Path) -> None:
    sys.path.append(str(Path(__file__).resolve().parent.parent))
    from bench.ingest_memory import measure

    result = measure(seeds_dir, trace=False)
    steps = {s["step"]: s for s in result["steps"]}  # type: ignore[attr-defined]
    assert result["added"] == 5
    assert {"reading files", "parsing articles", "indexing for search"} <= set(steps)
    assert all(s["start_mb"] <= s["peak_mb"] <= result["rss_mb"] + 1 for s in steps.values())
