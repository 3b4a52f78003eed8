"""The ledger: facts about the same thing across articles and languages, and conflicts.

A *group* gathers facts that speak of one thing, with each source's value:

* rankings: same indicator, ranked place and year ("E-Government Development
  Index · Việt Nam · 2024");
* roles: one person's roles as stated (a conflict when two sources give roles
  that cannot both be true, such as Deputy Prime Minister and Prime Minister);
* money and percents: same measure and year, when the sentence names a measure;
* dates: same named event and year;
* counts: the same figure of the same thing stated by several sources.

A group whose sources disagree is a *conflict*. For a translation pair (an
article's ``pair`` field), each fact of one version is matched to the other's;
a fact found in one only, or with another value, is a *discrepancy*.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from newsdesk.store.facts.count import head_word
from newsdesk.store.facts.model import Fact
from newsdesk.store.facts.names import name_key
from newsdesk.store.facts.roles import compatible_roles
from newsdesk.store.gcpause import paused_gc
from newsdesk.store.text import fold

__all__ = [
    "Discrepancy",
    "Group",
    "Ledger",
    "Point",
    "build_ledger",
    "fact_value",
    "ranking_series",
    "subject_key",
]

# French heads of counted things, in English, so counts match across languages.
_FR_HEADS = {
    "delegue": "delegate", "pilier": "pillar", "marche": "market", "sous-forum": "forum",
    "pays": "country", "entreprise": "company", "personne": "people", "participant": "participant",
    "annee": "year", "continent": "continent", "institution": "institution", "emploi": "job",
    "province": "province", "projet": "project", "etat": "state", "societe": "company",
    "ingenieur": "engineer", "universite": "university", "visiteur": "visitor",
}  # fmt: skip
_MEASURE_STOP = frozenset("the a an its their of from for in on la le les l' de du des d'".split())


# Keys are pure functions of a few values that repeat across a corpus (a large
# archive's 265,000 facts hold a few thousand distinct ones): computed once each.
_KEY_CACHE = 1 << 16
_head_key = lru_cache(maxsize=_KEY_CACHE)(head_word)
_folded = lru_cache(maxsize=_KEY_CACHE)(fold)


def subject_key(subject: Any) -> str:
    """A place as a key: "Việt Nam", "Vietnam" and "le Vietnam" are one."""
    return _subject_key(str(subject)) if subject else ""


@lru_cache(maxsize=_KEY_CACHE)
def _subject_key(subject: str) -> str:
    key = name_key(subject)
    for article in ("le ", "la ", "the "):
        key = key.removeprefix(article)
    return key.replace(" ", "")


def _measure_key(measure: Any) -> str:
    return _measure_words(str(measure or ""))


@lru_cache(maxsize=_KEY_CACHE)
def _measure_words(measure: str) -> str:
    words = [w for w in fold(measure).replace("’", "'").split() if w]
    return " ".join(w for w in words if w not in _MEASURE_STOP)


@lru_cache(maxsize=_KEY_CACHE)
def _num(value: Any) -> str:
    """A figure as a reader writes it: "118 billion", "1.5 million", "51,000", "9.9"."""
    number = float(value)
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(number) >= scale:
            return f"{number / scale:,.6g} {word}"
    return f"{number:,.0f}" if number.is_integer() else f"{number:,.6g}"


def fact_value(fact: Fact) -> str:
    """A short, language-neutral statement of what the fact says."""
    f = fact.fields
    if fact.kind == "ranking":
        rank = f"{f.get('rank')}" + (f"/{f.get('out_of')}" if f.get("out_of") else "")
        change = f.get("change")
        return rank + (f" ({change:+d})" if isinstance(change, int) else "")
    if fact.kind == "money":
        return f"{_num(f.get('amount'))} {f.get('currency')}"
    if fact.kind == "percent":
        change = f.get("change")
        value = f"{_num(f.get('value'))}%"
        return value + (" rise" if change and change > 0 else " fall" if change else "")
    if fact.kind == "count":
        qual = f"{f.get('qualifier')} " if f.get("qualifier") else ""
        return f"{qual}{_num(f.get('value'))} {f.get('unit')}"
    if fact.kind == "date":
        return str(f.get("date")) + (f"..{f.get('end')}" if f.get("end") else "")
    if fact.kind == "person":
        return str(f.get("name")) + (f" ({f.get('role')})" if f.get("role") else "")
    if fact.kind == "organization":
        return str(f.get("name"))
    if fact.kind == "quote":
        return f"{f.get('speaker') or '?'}: “{f.get('quote')}”"
    return fact.text


@dataclass(slots=True)
class Group:
    """Facts about one thing, with each source's value."""

    kind: str
    key: tuple[str, ...]
    label: str
    facts: list[Fact] = field(default_factory=list)
    conflict: bool = False

    @property
    def docs(self) -> list[str]:
        return sorted({f.doc for f in self.facts})

    def values(self) -> dict[str, list[str]]:
        """value → the documents stating it."""
        out: dict[str, set[str]] = defaultdict(set)
        for f in self.facts:
            out[self.value_of(f)].add(f.doc)
        return {v: sorted(d) for v, d in sorted(out.items())}

    def value_of(self, fact: Fact) -> str:
        if self.kind == "ranking":
            return str(fact.get("rank")) + (f"/{fact.get('out_of')}" if fact.get("out_of") else "")
        if self.kind == "role":
            return str(fact.get("role"))
        return fact_value(fact)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": list(self.key),
            "label": self.label,
            "conflict": self.conflict,
            "values": self.values(),
            "facts": [f.id for f in self.facts],
        }


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """A fact of one version of a translation pair missing from, or different in, the other."""

    left: str
    right: str
    kind: str
    what: str  # "only-left", "only-right" or "different"
    left_fact: Fact | None
    right_fact: Fact | None

    def describe(self) -> str:
        if self.what == "different" and self.left_fact and self.right_fact:
            return (
                f"{self.kind}: {fact_value(self.left_fact)} in {self.left} but "
                f"{fact_value(self.right_fact)} in {self.right}"
            )
        fact = self.left_fact or self.right_fact
        assert fact is not None
        side, other = (self.left, self.right) if self.left_fact else (self.right, self.left)
        return f"{self.kind}: {fact_value(fact)} only in {side} (not in {other})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "left": self.left,
            "right": self.right,
            "kind": self.kind,
            "what": self.what,
            "left_fact": self.left_fact.to_dict() if self.left_fact else None,
            "right_fact": self.right_fact.to_dict() if self.right_fact else None,
            "text": self.describe(),
        }


@dataclass(slots=True)
class Ledger:
    """Every group (conflicts first) and every translation discrepancy."""

    groups: list[Group]
    discrepancies: list[Discrepancy]

    @property
    def conflicts(self) -> list[Group]:
        return [g for g in self.groups if g.conflict]

    def to_dict(self) -> dict[str, Any]:
        return {
            "groups": [g.to_dict() for g in self.groups],
            "discrepancies": [d.to_dict() for d in self.discrepancies],
        }


def _group_key(fact: Fact) -> tuple[str, ...] | None:
    f = fact.fields
    if fact.kind == "ranking":
        return (
            "ranking",
            str(f.get("indicator")),
            subject_key(f.get("subject")),
            str(f.get("year")),
        )
    if fact.kind in ("money", "percent"):
        measure = _measure_key(f.get("measure"))
        if not measure:
            return None
        level = "change" if fact.kind == "percent" and f.get("change") else "level"
        return (fact.kind, measure, str(f.get("year")), level)
    if fact.kind == "date":
        event = str(f.get("event") or "")
        if not event or not event[:1].isupper() or " " not in event:
            return None  # only named events ("National Digital Transformation Day")
        return ("date", _folded(event), str(f.get("date"))[:4])
    if fact.kind == "count":
        head = str(f.get("head") or "")
        head = _FR_HEADS.get(head, head) if fact.lang == "fr" else head
        return ("count", _num(f.get("value")), _head_key(head))
    if fact.kind == "person" and f.get("role"):
        return ("role", str(f.get("key")))
    return None


def _label(kind: str, key: tuple[str, ...], facts: list[Fact]) -> str:
    first = facts[0]
    if kind == "ranking":
        subject = first.get("subject") or "?"
        return f"{key[1]} · {subject} · {key[3]}"
    if kind == "role":
        return f"{first.get('name')} — role"
    if kind in ("money", "percent"):
        return f"{first.get('measure')} · {key[2]}"
    if kind == "date":
        return f"{first.get('event')} · {key[2]}"
    if kind == "count":
        return f"{key[1]} {first.get('unit')}"
    return " · ".join(key[1:])


def _conflicting(kind: str, facts: list[Fact]) -> bool:
    if kind == "ranking":
        ranks = {f.get("rank") for f in facts}
        totals = {f.get("out_of") for f in facts if f.get("out_of")}
        return len(ranks) > 1 or len(totals) > 1
    if kind == "role":
        by_doc: dict[str, set[str]] = defaultdict(set)
        for f in facts:
            by_doc[f.doc].update(f.get("roles") or ())
        # Compare each distinct set of roles once (a person named in thousands of
        # articles has only a handful), not every pair of articles.
        roles = list({tuple(sorted(r)) for r in by_doc.values() if r})
        return any(not compatible_roles(a, b) for i, a in enumerate(roles) for b in roles[i + 1 :])
    if kind == "money":
        return len({(round(float(f.get("amount")), 2), f.get("currency")) for f in facts}) > 1
    if kind == "percent":
        return len({round(float(f.get("value")), 2) for f in facts}) > 1
    if kind == "date":
        return len({(f.get("date"), f.get("end")) for f in facts}) > 1
    return False


def _groups(facts: Iterable[Fact]) -> list[Group]:
    by_key: dict[tuple[str, ...], list[Fact]] = defaultdict(list)
    for fact in facts:
        key = _group_key(fact)
        if key is not None:
            by_key[key].append(fact)
    groups: list[Group] = []
    for key, members in by_key.items():
        kind = key[0]
        docs = {f.doc for f in members}
        if len(docs) < 2 and kind != "ranking":
            continue
        if kind == "role" and not any(f.get("role") for f in members):
            continue
        groups.append(
            Group(kind, key, _label(kind, key, members), members, _conflicting(kind, members))
        )
    order = {"ranking": 0, "money": 1, "percent": 2, "date": 3, "count": 4, "role": 5}
    groups.sort(key=lambda g: (not g.conflict, order.get(g.kind, 9), g.label))
    return groups


# -- translation pairs ------------------------------------------------------------

_PAIR_KINDS = ("ranking", "money", "percent", "count", "date", "person")


def _match_key(fact: Fact) -> tuple[Any, ...]:
    f = fact.fields
    if fact.kind == "ranking":
        return (f.get("indicator"), f.get("rank"), f.get("out_of"))
    if fact.kind == "money":
        return (round(float(f.get("amount") or 0), 2), f.get("currency"))
    if fact.kind in ("percent", "count"):
        return (round(float(f.get("value") or 0), 4),)
    if fact.kind == "date":
        return (f.get("date"), f.get("end"))
    if fact.kind == "person":
        return (f.get("key"),)
    return (fact.text,)


def _slot_key(fact: Fact) -> tuple[Any, ...]:
    """What two differing facts must share to be the same statement with another value."""
    f = fact.fields
    if fact.kind == "ranking":
        return (f.get("indicator"),)
    if fact.kind == "money":
        return (f.get("currency"),)
    if fact.kind == "count":
        head = str(f.get("head") or "")
        return (head_word(_FR_HEADS.get(head, head) if fact.lang == "fr" else head),)
    return ("-",)


def _pair_discrepancies(
    left: str, right: str, by_doc_kind: Mapping[tuple[str, str], list[Fact]]
) -> list[Discrepancy]:
    out: list[Discrepancy] = []
    for kind in _PAIR_KINDS:
        a = list(by_doc_kind.get((left, kind), ()))
        b = list(by_doc_kind.get((right, kind), ()))
        if kind == "person":  # people are compared as sets, not mentions
            a = list({str(f.get("key")): f for f in a}.values())
            b = list({str(f.get("key")): f for f in b}.values())
        rest_b = list(b)
        rest_a: list[Fact] = []
        for fa in a:
            hit = next((fb for fb in rest_b if _match_key(fb) == _match_key(fa)), None)
            if hit is None:
                rest_a.append(fa)
            else:
                rest_b.remove(hit)
        for fa in list(rest_a):
            if kind not in ("ranking", "money", "count", "percent"):
                break
            hit = next(
                (
                    fb
                    for fb in rest_b
                    if _slot_key(fb) == _slot_key(fa) and abs(fb.para - fa.para) <= 3
                ),
                None,
            )
            if hit is not None:
                rest_a.remove(fa)
                rest_b.remove(hit)
                out.append(Discrepancy(left, right, kind, "different", fa, hit))
        out.extend(Discrepancy(left, right, kind, "only-left", fa, None) for fa in rest_a)
        out.extend(Discrepancy(left, right, kind, "only-right", None, fb) for fb in rest_b)
    return out


def build_ledger(facts: Iterable[Fact], pairs: Mapping[str, str | None] | None = None) -> Ledger:
    """Groups and conflicts of ``facts``; discrepancies for the translation ``pairs``
    (article id → its pair's id, as in each article's ``pair`` field; none when empty)."""
    with paused_gc():
        return _build_ledger(list(facts), pairs)


def _build_ledger(facts: list[Fact], pairs: Mapping[str, str | None] | None) -> Ledger:
    # Each pair looks at its two articles' facts only: group them once, not per pair.
    by_doc_kind: dict[tuple[str, str], list[Fact]] = {}
    for fact in facts:
        by_doc_kind.setdefault((fact.doc, fact.kind), []).append(fact)
    seen: set[frozenset[str]] = set()
    discrepancies: list[Discrepancy] = []
    for left, right in sorted((pairs or {}).items()):
        if not right or frozenset((left, right)) in seen:
            continue
        seen.add(frozenset((left, right)))
        a, b = sorted((left, right))
        discrepancies.extend(_pair_discrepancies(a, b, by_doc_kind))
    return Ledger(_groups(facts), discrepancies)


@dataclass(frozen=True, slots=True)
class Point:
    """One year of an indicator: the rank most sources state, and every rank stated."""

    year: int
    rank: int
    ranks: dict[int, list[str]]  # rank → documents

    @property
    def conflict(self) -> bool:
        return len(self.ranks) > 1


def ranking_series(facts: Iterable[Fact]) -> dict[str, list[Point]]:
    """Each indicator's ranks over time, for a chart: "Global Innovation Index" → points
    by year. An indicator ranking several places gets one series per place
    ("… (Singapore)") except for the place ranked most often, which keeps the plain name."""
    by: dict[tuple[str, str], dict[int, dict[int, set[str]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(set))
    )
    names: dict[str, str] = {}
    counts: dict[str, int] = defaultdict(int)
    for f in facts:
        if f.kind != "ranking" or f.get("year") is None or f.get("rank") is None:
            continue
        subject = subject_key(f.get("subject"))
        names.setdefault(subject, str(f.get("subject") or ""))
        counts[subject] += 1
        by[(str(f.get("indicator")), subject)][int(f.get("year"))][int(f.get("rank"))].add(f.doc)
    main = max(counts, key=lambda k: counts[k]) if counts else ""
    series: dict[str, list[Point]] = {}
    for (indicator, subject), years in sorted(by.items()):
        label = indicator if subject == main else f"{indicator} ({names[subject] or '?'})"
        points = []
        for year, ranks in sorted(years.items()):
            best = max(ranks, key=lambda r: (len(ranks[r]), -r))
            points.append(Point(year, best, {r: sorted(d) for r, d in sorted(ranks.items())}))
        series[label] = points
    return series
