"""People across the corpus: one canonical name per person, their roles and mentions.

Within an article the person rules already tie "Long" to "Lê Thành Long".
Across articles, :func:`canonicalise` ties spellings with and without
accents ("Pham Minh Chinh" = "Phạm Minh Chính": same folded key), lets a
one-word name left unresolved in its article join the one full name it is a
short form of (when their roles agree), and names everyone by the spelling
with the most diacritics. :func:`people` lists each person with the roles
stated and every mention.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from newsdesk.store.facts.model import Fact
from newsdesk.store.facts.names import short_forms
from newsdesk.store.facts.roles import compatible_roles
from newsdesk.store.gcpause import paused_gc

__all__ = ["Person", "canonicalise", "people"]


@dataclass(slots=True)
class Person:
    """One person: canonical name, the spellings seen, roles as stated, mentions."""

    key: str
    name: str
    spellings: list[str] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    quotes: int = 0

    @property
    def docs(self) -> list[str]:
        return sorted({m["doc"] for m in self.mentions})

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "spellings": list(self.spellings),
            "roles": [dict(r) for r in self.roles],
            "docs": self.docs,
            "mentions": [dict(m) for m in self.mentions],
            "quotes": self.quotes,
        }


def _diacritics(text: str) -> int:
    return sum(1 for c in text if not c.isascii())


def _best(names: Counter[str]) -> str:
    return max(names, key=lambda n: (_diacritics(n), names[n], len(n), n))


def canonicalise(facts: Iterable[Fact]) -> list[Fact]:
    """The facts with person names and quote speakers made canonical across the corpus."""
    facts = list(facts)
    persons = [f for f in facts if f.kind == "person"]
    roles: dict[str, set[str]] = defaultdict(set)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for f in persons:
        get = f.fields.get
        key = str(get("key"))
        roles[key].update(get("roles") or ())
        counter = names[key]
        counter[str(get("name"))] += 1
        counter[str(get("surface"))] += 0
    full = [k for k in names if len(k.split()) >= 2]
    owners: dict[str, list[str]] = defaultdict(list)
    for k in full:
        for short in short_forms(k):
            owners[short].append(k)
    merge: dict[str, str] = {}
    for k in names:
        if len(k.split()) != 1:
            continue
        cands = [c for c in owners.get(k, []) if compatible_roles(tuple(roles[k]), tuple(roles[c]))]
        if len(cands) == 1:
            merge[k] = cands[0]
    display: dict[str, Counter[str]] = defaultdict(Counter)
    for k, counter in names.items():
        target = merge.get(k, k)
        if target == k or len(k.split()) > 1:
            for n, c in counter.items():
                if len(n.split()) == len(target.split()):
                    display[target][n] += c
    canonical = {k: _best(display[k]) if display[k] else k for k in display}
    out: list[Fact] = []
    add = out.append
    for f in facts:
        kind = f.kind
        if kind == "person":
            fields = f.fields
            own = fields.get("key")
            key = merge.get(str(own), str(own))
            name = canonical.get(key, fields.get("name"))
            if key != own or name != fields.get("name"):  # else the fact is already canonical
                f = f.with_fields(key=key, name=name)
        elif kind == "quote" and (own := f.fields.get("speaker_key")):
            key = merge.get(str(own), str(own))
            speaker = canonical.get(key, f.fields.get("speaker"))
            if key != own or speaker != f.fields.get("speaker"):
                f = f.with_fields(speaker_key=key, speaker=speaker)
        add(f)
    return out


def people(facts: Iterable[Fact]) -> list[Person]:
    """Every person in canonicalised ``facts``, most mentioned first."""
    with paused_gc():
        return _people(facts)


def _people(facts: Iterable[Fact]) -> list[Person]:
    by_key: dict[str, Person] = {}
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    roles_seen: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for f in facts:
        if f.kind == "person":
            key = str(f.get("key"))
            person = by_key.setdefault(key, Person(key=key, name=str(f.get("name"))))
            spellings[key][str(f.get("surface"))] += 1
            person.mentions.append(
                {
                    "doc": f.doc,
                    "para": f.para,
                    "span": [f.start, f.end],
                    "text": f.text,
                    "role": f.get("role"),
                }
            )
            role = f.get("role")
            if role and (str(role), f.doc) not in roles_seen[key]:
                roles_seen[key].add((str(role), f.doc))
                person.roles.append({"role": role, "doc": f.doc, "lang": f.lang})
        elif f.kind == "quote" and f.get("speaker_key"):
            key = str(f.get("speaker_key"))
            if key in by_key:
                by_key[key].quotes += 1
    for key, person in by_key.items():
        person.spellings = [s for s, _ in spellings[key].most_common()]
    return sorted(by_key.values(), key=lambda p: (-len(p.mentions), p.name))
