"""The facts view (store.facts.view): what the facts pane shows, built once per state of the
facts, on both stores; the same facts, ledger, people and series as the whole-corpus calls."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.store import Store, facts_view
from newsdesk.store.facts import KINDS, corpus_ledger, load_facts, people, ranking_series
from newsdesk.store.facts.ledger import fact_value
from newsdesk.store.sidecars import FACTS_VIEW, reset_caches


def assert_view_matches(store: Store) -> None:
    """Every fact, page, article, ledger line, person, mention and series of the view
    against what the whole-corpus calls give."""
    view = facts_view(store)
    facts = load_facts(store)
    assert view.count() == len(facts) > 50
    assert view.page(None, 0, len(facts) + 5) == facts
    assert view.page(None, 17, 9) == facts[17:26]
    for kind in KINDS:
        of_kind = [f for f in facts if f.kind == kind]
        assert view.count(kind) == len(of_kind)
        assert view.page(kind, 0, len(of_kind)) == of_kind
        assert view.page(kind, 2, 3) == of_kind[2:5]
    for doc in {f.doc for f in facts}:
        assert view.doc_facts(doc) == [f for f in facts if f.doc == doc]
    assert view.doc_facts("no-such-article") == []

    ledger = corpus_ledger(store)
    items = [
        *ledger.conflicts,
        *ledger.discrepancies,
        *[g for g in ledger.groups if not g.conflict],
    ]
    assert view.ledger_total == len(items) == len(view.ledger)
    assert view.conflicts == len(ledger.conflicts)
    for entry, item in zip(view.ledger, items, strict=True):
        assert entry.kind == item.kind
        if hasattr(item, "label"):  # a group
            assert not entry.discrepancy and entry.conflict == item.conflict
            assert entry.label == item.label
            values = item.values()
            assert [(v.value, v.doc_count) for v in entry.values] == [
                (value, len(docs)) for value, docs in values.items()
            ]
            assert [list(v.docs) for v in entry.values] == [docs[:5] for docs in values.values()]
            first = next(iter(values))
            fact = next(f for f in item.facts if item.value_of(f) == first)
            assert entry.source == (fact.doc, fact.para, fact.start, fact.end)
        else:
            assert entry.discrepancy and (entry.left, entry.right) == (item.left, item.right)
            assert entry.what == item.what
            left = fact_value(item.left_fact) if item.left_fact else None
            assert entry.left_value == left
            one = item.left_fact or item.right_fact
            assert one is not None and entry.source == (one.doc, one.para, one.start, one.end)

    persons = people(facts)
    assert view.people_total == len(persons) == len(view.persons)
    for n, (entry, person) in enumerate(zip(view.persons, persons, strict=True)):
        assert (entry.name, entry.mentions, entry.docs, entry.quotes) == (
            person.name,
            len(person.mentions),
            len(person.docs),
            person.quotes,
        )
        assert list(entry.roles) == list(dict.fromkeys(str(r["role"]) for r in person.roles))
        assert view.mentions(n) == person.mentions
        assert view.mentions(n, 2) == person.mentions[:2]
    assert view.series == ranking_series(facts)


def test_the_view_answers_what_the_corpus_calls_do(store: Store) -> None:
    assert_view_matches(store)
    view = facts_view(store)
    assert view.count() > 100 and view.conflicts > 0 and view.series
    assert view.ledger_total > 3 and view.people_total > 3
    assert facts_view(store) is facts_view(store)  # held while the facts stay as they are


def test_a_view_built_in_a_process_of_its_own_is_the_same(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("newsdesk.store.facts.view.CHILD_AT", 0)
    built = []
    import newsdesk.store.facts.view as view_module

    real = view_module._build_in_child

    def child(*args: object) -> None:
        built.append(args)
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(view_module, "_build_in_child", child)
    assert_view_matches(store)
    assert len(built) == 1


def test_the_view_is_read_back_and_built_again_when_the_facts_change(
    store: Store, seeds_dir: Path
) -> None:
    first = facts_view(store)
    path = store.sidecar_path(FACTS_VIEW)
    assert path.exists()
    reset_caches()  # as a new process: read from its file
    again = facts_view(store)
    assert again is not first and again.key == first.key and again.count() == first.count()
    # A changed archive: one article fewer, then the view follows.
    removed = store.ids()[0]
    store.remove([removed])
    changed = facts_view(store)
    assert changed.key != first.key
    assert changed.doc_facts(removed) == [] and changed.count() < first.count()
    assert_view_matches(store)
    # The article back: in the view at once.
    store.ingest([seeds_dir])
    back = facts_view(store)
    assert back.doc_facts(removed) == load_facts(store, doc=removed) != []
    assert back.count() == first.count()


def test_a_damaged_view_is_built_again(seeded_store: Store) -> None:
    facts_view(seeded_store)
    path = seeded_store.sidecar_path(FACTS_VIEW)
    reset_caches()  # as a new process (the file is never written over while mapped)
    path.write_bytes(path.read_bytes()[:-5])  # cut short: no trailer
    assert facts_view(seeded_store).count() == len(load_facts(seeded_store))
    reset_caches()
    path.write_bytes(b"")
    assert facts_view(seeded_store).count() == len(load_facts(seeded_store))


def test_a_folder_that_cannot_be_written_gets_a_view_in_a_temporary_file(
    seeded_store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import os
    import tempfile

    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    beside = seeded_store.sidecar_path(FACTS_VIEW).parent
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda path, mode: Path(path) != beside and real_access(path, mode)
    )
    view = facts_view(seeded_store)
    assert not seeded_store.sidecar_path(FACTS_VIEW).exists()
    assert list(folder.iterdir()) == []  # mapped, then unlinked
    assert view.page(None, 0, view.count()) == load_facts(seeded_store)


def test_rows_the_facts_file_does_not_hold_are_kept_in_the_view(db_path: Path) -> None:
    from newsdesk.store.sidecars import FACTS

    with Store.open(db_path) as writable:
        writable.ensure_seeded()
        facts_file = writable.sidecar_path(FACTS)
    lines = facts_file.read_bytes().splitlines(keepends=True)
    assert len(lines) == 5
    facts_file.write_bytes(b"".join(lines[:2]))  # three articles' facts lost
    reset_caches()
    with Store.open(db_path, read_only=True) as store:  # extracts them, keeps them in memory
        assert_view_matches(store)
        assert facts_file.read_bytes() == b"".join(lines[:2])
        facts_file.unlink()  # none in the file: every row is in the view
        reset_caches()
        assert_view_matches(store)


def test_a_view_is_not_read_against_another_facts_file(seeded_store: Store) -> None:
    from newsdesk.store.facts.view import FactsView
    from newsdesk.store.sidecars import FACTS

    view = facts_view(seeded_store)
    path = seeded_store.sidecar_path(FACTS_VIEW)
    facts_file = seeded_store.sidecar_path(FACTS)
    assert path.stat().st_size < facts_file.stat().st_size  # it copies no fact
    assert FactsView.open(path) is not None
    import os

    stamp = facts_file.stat()
    os.utime(facts_file, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 10**9))  # another stamp
    assert FactsView.open(path) is None
    assert view.page(None, 0, view.count()) == load_facts(seeded_store)  # the held one reads on
    reset_caches()
    assert_view_matches(seeded_store)


def test_a_view_is_built_again_when_the_facts_file_changes_while_it_is_built(
    seeded_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    import newsdesk.store.facts.view as view_module
    from newsdesk.store.sidecars import FACTS

    real = view_module.write_view
    built: list[Path] = []

    def write_then_touch(store: Store, path: Path) -> None:
        real(store, path)
        built.append(path)
        if len(built) == 1:  # another process writes the facts file meanwhile
            facts_file = store.sidecar_path(FACTS)
            stamp = facts_file.stat()
            os.utime(facts_file, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 10**9))

    monkeypatch.setattr(view_module, "write_view", write_then_touch)
    view = facts_view(seeded_store)
    assert len(built) == 2
    assert view.page(None, 0, view.count()) == load_facts(seeded_store)
    assert facts_view(seeded_store) is view  # current for the facts file as it is now
