"""A fact as the facts file stores it, and back: ``[kind, para, start, end, text, fields]``
within its article's row (store.facts.storage), which holds the document and the language."""

from __future__ import annotations

from typing import Any

from newsdesk.store.facts.model import Fact

__all__ = ["pack_fact", "unpack_fact"]


def pack_fact(fact: Fact) -> list[Any]:
    """A fact as stored: ``[kind, para, start, end, text, fields]`` without what the row
    or the evidence already holds (the document, the language, a quote's words, a
    person's written name)."""
    fields = dict(fact.fields)
    if fact.kind == "quote" and fields.get("quote") == fact.text:
        del fields["quote"]
    if fact.kind == "person" and fields.get("name_span"):
        start, end = fields["name_span"]
        if fact.text[start - fact.start : end - fact.start] == fields.get("surface"):
            del fields["surface"]
    return [fact.kind, fact.para, fact.start, fact.end, fact.text, fields]


def unpack_fact(doc: str, lang: str, item: list[Any]) -> Fact:
    """The stored ``item`` of article ``doc`` (in ``lang``) as a fact, what
    :func:`pack_fact` left out given back."""
    kind, para, start, end, text, fields = item
    # Facts never change their fields (``with_fields`` copies), so a fact shares the
    # row's dict unless it gets back what packing left out: at 10k articles copying
    # every dict held 30 MB more (102 → 72 MB) for as long as the facts were loaded.
    if kind == "quote" and "quote" not in fields:
        fields = {**fields, "quote": text}
    elif kind == "person" and "surface" not in fields and fields.get("name_span"):
        s, e = fields["name_span"]
        fields = {**fields, "surface": text[s - start : e - start]}
    return Fact(kind, doc, int(para), int(start), int(end), str(text), lang, fields)
