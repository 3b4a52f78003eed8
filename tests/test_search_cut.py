"""An index built from ingest workers' cuts is the index built from the articles."""

from __future__ import annotations

import pickle
from pathlib import Path

from newsdesk.store import Store
from newsdesk.store.search.index import IndexKey, build_index, cut_article


def test_cuts_build_the_same_index_as_the_articles(seeded_store: Store, tmp_path: Path) -> None:
    articles = list(seeded_store.articles())
    # Cuts travel from worker processes by pickle.
    cuts = [pickle.loads(pickle.dumps(cut_article(a))) for a in articles]
    key = IndexKey(7, "fingerprint")
    build_index(articles, key).save(tmp_path / "from-articles")
    build_index(cuts, key).save(tmp_path / "from-cuts")
    assert (tmp_path / "from-cuts").read_bytes() == (tmp_path / "from-articles").read_bytes()
    assert sum(len(c.passages) for c in cuts) > 100
    assert all(len(c.words.split(" ")) == sum(p[4] for p in c.passages) for c in cuts)
