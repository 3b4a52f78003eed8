"""Pairing translations at ingest: the seeds, the test pairs, blocking and updates."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from newsdesk.store import Store
from newsdesk.store.align import find_pairs, pair_features, stored_pairs
from newsdesk.store.align.pairing import (
    CROWDED_WINDOW,
    MAX_CANDIDATES,
    Idf,
    PairFeatures,
    candidate_pairs,
    score_features,
)
from newsdesk.store.align.windows import WindowWeights
from newsdesk.store.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = ROOT / "tests" / "data" / "align"
EN, FR = "000_c83c607eafd10b0c", "001_90cf4035eb27f56b"


def test_seeds_pair_exactly_000_with_001(seeded_store: Store) -> None:
    pairs = stored_pairs(seeded_store)
    assert [(p.left, p.right) for p in pairs] == [(EN, FR)]
    assert 0.5 < pairs[0].confidence <= 1.0
    partners = {a.id[:3]: a.pair for a in seeded_store.summaries()}
    assert partners == {"000": FR, "001": EN, "002": None, "003": None, "004": None}
    assert seeded_store.get("000").pair == FR


def test_same_subject_articles_score_low() -> None:
    fr = pair_features(parse_file(SEEDS / f"{FR}.txt"))
    en = pair_features(parse_file(SEEDS / f"{EN}.txt"))
    for other in sorted(SEEDS.glob("00[234]*.txt")):
        score = score_features(pair_features(parse_file(other)), fr)
        assert score < score_features(en, fr) / 2, other.name


def _copy_pairs(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder / "seeds")
    for pair in ("rice", "tourism", "marathon", "fdi", "typhoon"):
        for lang in ("en", "fr"):
            target = folder / pair
            target.mkdir(exist_ok=True)
            shutil.copy(DATA / pair / f"{lang}.txt", target / f"{pair}-{lang}.txt")
    return folder


def test_every_test_pair_is_found_and_nothing_else(db_path: Path, tmp_path: Path) -> None:
    folder = _copy_pairs(tmp_path)
    with Store.open(db_path) as store:
        store.ingest([folder])
        got = {(p.left, p.right) for p in stored_pairs(store)}
    expected = {(EN, FR)} | {
        (f"{pair}-en", f"{pair}-fr") for pair in ("rice", "tourism", "marathon", "fdi", "typhoon")
    }
    assert got == expected


def test_blocking_compares_only_other_languages_in_the_date_window() -> None:
    articles = [parse_file(p) for p in sorted(SEEDS.glob("*.txt"))]
    features = [pair_features(a) for a in articles]
    candidates = {(articles[i].id[:3], articles[j].id[:3]) for i, j in candidate_pairs(features)}
    # 001 (French, 2024-11-20) is compared with 000 (same day) and 002 (five days
    # before); never with 004 (a year before), and no two English articles are
    # compared. 003 has no date, so it is compared for the rare anchors it shares.
    assert candidates == {("000", "001"), ("001", "002"), ("001", "003")}


def test_undated_articles_are_blocked_by_rare_shared_anchors() -> None:
    articles = [
        dataclasses.replace(parse_file(p), date=None, date_precision=None)
        for p in sorted(SEEDS.glob("*.txt"))
    ]
    features = [pair_features(a) for a in articles]
    candidates = {(articles[i].id[:3], articles[j].id[:3]) for i, j in candidate_pairs(features)}
    assert ("000", "001") in candidates
    for i, j in candidate_pairs(features):
        assert features[i].lang != features[j].lang
        assert features[i].anchors & features[j].anchors
    assert [(p.left[:3], p.right[:3]) for p in find_pairs(features)] == [("000", "001")]


def test_far_apart_dates_are_never_paired() -> None:
    en = parse_file(SEEDS / f"{EN}.txt")
    fr = parse_file(SEEDS / f"{FR}.txt")
    moved = dataclasses.replace(fr, date="2024-06-01", date_precision="day")
    assert [(p.left, p.right) for p in find_pairs([pair_features(en), pair_features(fr)])] == [
        (EN, FR)
    ]
    assert find_pairs([pair_features(en), pair_features(moved)]) == []


def test_a_pair_follows_its_articles_through_reingest(db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    with Store.open(db_path) as store:
        store.ingest([folder])
        assert store.get("000").pair == FR
        # Replace the French article by an unrelated French text: the pair goes.
        (folder / f"{FR}.txt").write_text(
            " date 2023-01-05\n\nLe festival de musique de Huế a attiré des milliers de "
            "visiteurs venus écouter des chanteurs du monde entier.\n",
            encoding="utf-8",
        )
        store.ingest([folder])
        assert stored_pairs(store) == []
        assert store.get("000").pair is None
        assert store.get("001").pair is None
        # Put it back: the pair returns.
        shutil.copy(SEEDS / f"{FR}.txt", folder / f"{FR}.txt")
        store.ingest([folder])
        assert store.get("001").pair == EN


def test_pairing_keeps_a_feature_cache_beside_the_database(seeded_store: Store) -> None:
    cache = seeded_store.sidecar_path("pairing.json")
    assert cache.exists()
    cache.write_text("not json", encoding="utf-8")  # a broken cache is rebuilt, not fatal
    from newsdesk.store.align import update_pairs

    assert [(p.left, p.right) for p in update_pairs(seeded_store)] == [(EN, FR)]


def _features(doc: str, lang: str, day: int, anchors: set[str]) -> PairFeatures:
    return PairFeatures(doc, doc, lang, day, "day", 4000, frozenset(anchors))


def test_a_crowded_window_ranks_its_articles_by_shared_anchor_weight() -> None:
    # One French article and 60 English ones of the same week, more than a window
    # compares whole. Each English article shares a different slice of the French
    # article's anchors, some the same slice (ties), some none at all.
    fr_anchors = {f"n:{n}" for n in range(100, 130)} | {"p:minh", "p:hanoi"}
    features = [_features("fr", "fr", 739_000, fr_anchors)]
    for k in range(60):
        shared = {f"n:{n}" for n in range(100, 100 + (k * 7) % 31)} if k % 5 else set()
        own = {f"n:{1000 + k}", "p:hanoi" if k % 3 else "p:other"}
        features.append(_features(f"en{k:02}", "en", 739_000 + k % 7, shared | own))
    idf = Idf(features)
    by_day = sorted(range(1, len(features)), key=lambda j: (features[j].day, j))
    scorer = WindowWeights(features, {"fr": [0], "en": by_day}, idf)

    def weight(j: int) -> float:
        return sum(idf(x) for x in sorted(features[0].anchors & features[j].anchors))

    for lo, hi in ((0, 60), (10, 50), (59, 60), (30, 30)):
        window = by_day[lo:hi]
        ranked = sorted(((weight(j), j) for j in window), reverse=True)
        expected = [j for w, j in ranked[:MAX_CANDIDATES] if w > 0]
        assert scorer.top(0, {"en": (lo, hi)}, MAX_CANDIDATES) == expected
    everyone = scorer.top(0, {"en": (0, 60)}, 100)
    assert len(everyone) == sum(1 for j in by_day if weight(j) > 0) > CROWDED_WINDOW
    # An English article's window of French articles: the French one, if they share.
    sharing = next(j for j in by_day if weight(j) > 0)
    alone = next(j for j in by_day if weight(j) == 0)
    assert scorer.top(sharing, {"fr": (0, 1)}, MAX_CANDIDATES) == [0]
    assert scorer.top(alone, {"fr": (0, 1)}, MAX_CANDIDATES) == []


def test_a_translation_is_found_in_a_crowded_window() -> None:
    en = pair_features(parse_file(SEEDS / f"{EN}.txt"))
    fr = pair_features(parse_file(SEEDS / f"{FR}.txt"))
    assert en.day is not None
    # Fifty other English articles of that week, each sharing a few of its figures.
    others = [
        dataclasses.replace(
            en,
            id=f"other{k:02}",
            sha=f"other{k:02}",
            day=en.day + k % 5 - 2,
            anchors=frozenset(sorted(en.anchors)[k % 7 :: 9]) | {f"n:{5000 + k}"},
        )
        for k in range(50)
    ]
    pairs = find_pairs([*others, en, fr])
    assert [(p.left, p.right) for p in pairs] == [(EN, FR)]


def test_articles_added_one_at_a_time_pair_as_a_whole_ingest(db_path: Path, tmp_path: Path) -> None:
    from newsdesk.store.align.storage import load_features

    folder = _copy_pairs(tmp_path)
    files = sorted(folder.rglob("*.txt"))
    english = [f for f in files if not f.stem.endswith("-fr") and f.stem[:3] != "001"]
    with Store.open(db_path) as store:
        store.ingest(english)  # every translation arrives later, one by one
        assert stored_pairs(store) == []
        for file in files:
            if file not in english:
                store.ingest([file])
        features = load_features(store)
        whole = find_pairs([features[i] for i in sorted(features)])
        got = [(p.left, p.right, p.confidence) for p in stored_pairs(store)]
        assert sorted(got) == sorted((p.left, p.right, round(p.confidence, 3)) for p in whole)
        assert len(got) == 6
        store.remove(["rice-en"])  # its partner is free again, the others stay
        assert {p.left for p in stored_pairs(store)} == {EN} | {
            f"{pair}-en" for pair in ("tourism", "marathon", "fdi", "typhoon")
        }
        assert store.get("rice-fr").pair is None


def _a_better_candidate_comes() -> list[PairFeatures]:
    """An English article paired with a French one sharing part of its anchors, a
    French one sharing all of them, and another English one like the first French."""
    anchors = {f"n:{k}" for k in range(10, 30)}
    en = _features("en", "en", 738000, anchors)
    old_fr = _features("fr-old", "fr", 738000, set(list(anchors)[:12]) | {"p:autre"})
    new_fr = _features("fr-new", "fr", 738000, anchors)
    other_en = _features("en2", "en", 738001, set(list(anchors)[:12]) | {"p:autre"})
    return [en, old_fr, new_fr, other_en]


def test_repairing_frees_the_partner_a_better_candidate_takes() -> None:
    from newsdesk.store.align.pairing import Pair, repair_pairs

    en, old_fr, new_fr, other_en = _a_better_candidate_comes()
    features = sorted([en, old_fr, new_fr, other_en], key=lambda f: f.id)
    kept = [Pair("en", "fr-old", score_features(en, old_fr, Idf(features)))]
    repaired = repair_pairs(features, kept, ["fr-new"])
    assert {(p.left, p.right) for p in repaired} == {
        (p.left, p.right) for p in find_pairs(features)
    }
    assert ("en", "fr-new") in {(p.left, p.right) for p in repaired}


def test_a_fixed_pair_that_breaks_asks_for_its_other_article() -> None:
    """A kept pair whose score is given (``fixed``) needs no features until a better
    candidate takes one of its articles: the other is then asked for (``wanted``), and
    with its features the repair ends as when every pair is scored."""
    from newsdesk.store.align.pairing import Pair, repair_pairs

    en, old_fr, new_fr, other_en = _a_better_candidate_comes()
    every = sorted([en, old_fr, new_fr, other_en], key=lambda f: f.id)
    idf = Idf(every)
    score = score_features(en, old_fr, idf)
    kept = [Pair("en", "fr-old", score)]
    fixed = {("en", "fr-old"): score}
    without = [f for f in every if f.id != "fr-old"]
    wanted: set[str] = set()
    repair_pairs(without, kept, ["fr-new"], idf=idf, fixed=fixed, wanted=wanted)
    assert wanted == {"fr-old"}
    wanted.clear()
    repaired = repair_pairs(every, kept, ["fr-new"], idf=idf, fixed=fixed, wanted=wanted)
    assert not wanted
    assert repaired == repair_pairs(every, kept, ["fr-new"], idf=idf)
    assert {(p.left, p.right) for p in repaired} == {(p.left, p.right) for p in find_pairs(every)}


def test_candidates_of_a_few_articles_are_those_the_whole_corpus_gives_them() -> None:
    import random

    rng = random.Random(7)
    pool = [f"n:{k}" for k in range(60)] + [f"p:name{k}" for k in range(40)]
    features = [
        _features(
            f"a{k:03d}",
            "fr" if k % 3 == 0 else "en",
            738000 + rng.randrange(20),
            set(rng.sample(pool, rng.randrange(3, 25))),
        )
        for k in range(300)
    ]
    idf = Idf(features)
    whole = set(candidate_pairs(features, idf))
    one_by_one = {pair for i in range(300) for pair in candidate_pairs(features, idf, only=[i])}
    assert whole == one_by_one
    # Most windows were crowded: those articles' candidates were ranked, not all taken.
    counts = [len(list(candidate_pairs(features, idf, only=[i]))) for i in range(300)]
    assert counts.count(MAX_CANDIDATES) > 200


def test_the_feature_cache_names_each_anchor_once(seeded_store: Store, tmp_path: Path) -> None:
    import orjson

    from newsdesk.store.align.storage import load_features

    path = seeded_store.sidecar_path("pairing.json")
    data = orjson.loads(path.read_bytes())
    assert len(data["anchors"]) == len(set(data["anchors"]))
    features = load_features(seeded_store)
    assert set(data["anchors"]) == {a for f in features.values() for a in f.anchors}
    # A cache of the earlier layout (a row of anchor strings an article) is still read.
    path.write_bytes(orjson.dumps({i: f.to_dict() for i, f in features.items()}))
    assert load_features(seeded_store) == features
    article = tmp_path / "new.txt"
    article.write_text(" date 2024-11-20 Hà Nội hosted 24 forums in Zhejiang.\n", encoding="utf-8")
    seeded_store.ingest([article])
    grown = orjson.loads(path.read_bytes())
    assert grown["anchors"][: len(data["anchors"])] == data["anchors"]  # only added to
    assert load_features(seeded_store) == {
        **features,
        "new": pair_features(seeded_store.get("new")),
    }


def test_the_feature_cache_keeps_each_anchors_article_count(db_path: Path, tmp_path: Path) -> None:
    import orjson

    from newsdesk.store.align.featurefile import unpack

    folder = _copy_pairs(tmp_path)
    files = sorted(folder.rglob("*.txt"))
    with Store.open(db_path) as store:
        store.ingest(files[:-2])
        path = store.sidecar_path("pairing.json")
        # A file of the earlier layout (anchor numbers as lists, no counts) is read and
        # written again in the current one.
        data = orjson.loads(path.read_bytes())
        for row in data["features"].values():
            row["anchors"] = list(unpack(row["anchors"]))
        del data["counts"]
        path.write_bytes(orjson.dumps({**data, "layout": 2}))
        for file in files[-2:]:  # small ingests: the file updated, not rebuilt
            store.ingest([file])
        store.remove(["rice-en"])
        data = orjson.loads(path.read_bytes())
        numbers = {i: list(unpack(row["anchors"])) for i, row in data["features"].items()}
        held = [k for row in numbers.values() for k in row]
        assert data["counts"] == [held.count(k) for k in range(len(data["anchors"]))]
        assert sorted(data["features"]) == store.ids()
        stored = {
            i: PairFeatures.from_dict({**row, "anchors": [data["anchors"][k] for k in numbers[i]]})
            for i, row in data["features"].items()
        }
        assert stored == {i: pair_features(store.get(i)) for i in store.ids()}
