"""Helpers for the facts corpora: extract from one made-up article with a fixed date."""

from __future__ import annotations

from typing import Any

from newsdesk.store.facts import Fact, canonicalise, extract_article
from newsdesk.store.parse import parse_text

#: The reference date of every corpus sentence unless it says otherwise (a Wednesday).
ARTICLE_DATE = "2024-11-20"


def facts_of(text: str, kind: str, date: str = ARTICLE_DATE, lang: str | None = None) -> list[Fact]:
    """The facts of ``kind`` in an article made of ``text`` (paragraphs split by blank lines)."""
    article = parse_text(f" date {date} {text}", doc_id="t")
    if lang is not None and article.lang != lang:
        from dataclasses import replace

        article = replace(article, lang=lang)
    return [f for f in canonicalise(extract_article(article)) if f.kind == kind]


def has(facts: list[Fact], **fields: Any) -> bool:
    """True when one fact has all ``fields`` (``text=`` compares the evidence)."""
    for f in facts:
        values = {**f.fields, "text": f.text}
        if all(values.get(k) == v for k, v in fields.items()):
            return True
    return False
