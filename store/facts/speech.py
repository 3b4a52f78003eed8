"""Verbs that report speech (EN, FR), folded; shared by the person and quote rules."""

from __future__ import annotations

from newsdesk.store.text import fold

__all__ = ["PRONOUNS", "SPEECH", "is_speech_verb"]

_EN = """
said says say stressed stresses noted notes told tells added adds emphasised emphasized
emphasises emphasizes affirmed affirms highlighted highlights underscored underscores
underlined underlines stated states declared declares asserted insisted explained explains
warned warns announced announces reiterated reiterates confirmed confirms suggested suggests
urged urges asked asks requested requests called calls pointed taught teaches remarked
observed commented acknowledged argued cautioned proposed wrote recalled concluded replied
answered shared continued saying stressing noting emphasising emphasizing affirming
underlining underscoring calling urging adding asking requesting pointing requiring required
requires demanded demands vowed pledged promised claimed maintained hailed praised lauded
described welcomed elaborated elaborates revealed admitted expressed
"""
_FR = """
declare declaree souligne soulignee note notee affirme affirmee indique indiquee ajoute
ajoutee estime estimee precise precisee explique expliquee rappele rappelee rappelle insiste
dit dite annonce annoncee demande demandee exhorte exhortee appele appelee reaffirme
reaffirmee assure assuree averti avertie conclu conclue lance lancee martele confie ecrit
savoir declarant soulignant affirmant ajoutant precisant expliquant estimant insistant
rappelant indiquant demandant appelant exhortant reitere reiteree enseigne salue saluee
saluant juge jugee qualifie qualifiee reagi repondu commente deplore previent prevenu plaide
"""

SPEECH: dict[str, frozenset[str]] = {
    "en": frozenset(_EN.split()),
    "fr": frozenset(_FR.split()),
}

PRONOUNS: dict[str, frozenset[str]] = {
    "en": frozenset({"he", "she"}),
    "fr": frozenset({"il", "elle", "a-t-il", "a-t-elle"}),
}


def is_speech_verb(word: str, lang: str) -> bool:
    """True when ``word`` (any case) reports speech in ``lang``."""
    return fold(word) in SPEECH.get(lang, SPEECH["en"])
