"""Ranking indicators: one canonical English name whatever the language or acronym."""

from __future__ import annotations

import re

from newsdesk.store.text import fold

__all__ = ["canonical_indicator", "indicator_key"]

_KNOWN: dict[str, list[str]] = {
    "E-Government Development Index": [
        "egdi",
        "e-government development index",
        "indice de developpement du gouvernement electronique",
        "indice de developpement de l'e-gouvernement",
        "indice de developpement de l'administration electronique",
        "indice de developpement de l'administration en ligne",
    ],
    "Global Innovation Index": [
        "gii",
        "global innovation index",
        "indice mondial de l'innovation",
        "indice mondial d'innovation",
        "indice mondial de innovation",
        "indice global de l'innovation",
        "indice global d'innovation",
    ],
    "Global Cybersecurity Index": [
        "gci",
        "global cybersecurity index",
        "global cyber security index",
        "indice mondial de cybersecurite",
        "indice mondial de la cybersecurite",
        "indice global de cybersecurite",
        "indice global de la cybersecurite",
    ],
    "Human Development Index": [
        "hdi",
        "human development index",
        "indice de developpement humain",
        "idh",
    ],
    "Global Competitiveness Index": [
        "global competitiveness index",
        "indice de competitivite mondiale",
        "indice mondial de competitivite",
        "indice mondial de la competitivite",
    ],
    "Network Readiness Index": [
        "nri",
        "network readiness index",
        "indice de preparation aux reseaux",
        "indice de preparation au numerique",
    ],
    "ICT Development Index": [
        "ict development index",
        "indice de developpement des tic",
    ],
    "Logistics Performance Index": [
        "lpi",
        "logistics performance index",
        "indice de performance logistique",
    ],
    "Online Service Index": [
        "osi",
        "online service index",
        "indice des services en ligne",
    ],
    "Government AI Readiness Index": [
        "government ai readiness index",
        "indice de preparation des gouvernements a l'ia",
        "indice de preparation des gouvernements a l'intelligence artificielle",
    ],
    "Global Startup Ecosystem Index": [
        "global startup ecosystem index",
        "indice mondial des ecosystemes de startups",
        "indice mondial des ecosystemes de start-up",
    ],
    "Digital Quality of Life Index": [
        "digital quality of life index",
        "indice de qualite de vie numerique",
    ],
}


def indicator_key(name: str) -> str:
    """A comparison key: folded, leading article dropped, hyphens and apostrophes spaced."""
    key = fold(name).strip()
    key = re.sub(r"^(?:the|l'|le|la|les)\s*", "", key)
    key = key.replace("-", " ").replace("'", " ")
    return " ".join(key.split())


_BY_KEY = {indicator_key(alias): name for name, aliases in _KNOWN.items() for alias in aliases}


def canonical_indicator(name: str) -> str:
    """The canonical name of an indicator as written in any language ("indice mondial de
    l'innovation" → "Global Innovation Index"); unknown names come back tidied."""
    known = _BY_KEY.get(indicator_key(name))
    if known:
        return known
    tidy = " ".join(name.split())
    tidy = re.sub(r"^(?:the|The|l'|L'|l’|L’|le|Le|la|La)\s*", "", tidy)
    return tidy[:1].upper() + tidy[1:]
