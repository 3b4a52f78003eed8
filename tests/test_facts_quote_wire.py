"""Quote rules on wire-copy phrasings: direct speech without quotation marks, a speaker
going on in a later paragraph, a first name after a quote; not terms or caption headlines."""

from __future__ import annotations

from facts_corpus import facts_of, has


def test_first_person_words_before_a_inverted_speech_verb_are_a_quote() -> None:
    found = facts_of(
        "Le vice-Premier ministre Vuong Dinh Huê a pris la parole.\n\n"
        "Nous avons la responsabilité de matérialiser ce rêve, a-t-il indiqué.",
        "quote",
        lang="fr",
    )
    assert has(
        found,
        text="Nous avons la responsabilité de matérialiser ce rêve",
        speaker="Vuong Dinh Huê",
    )


def test_reported_speech_without_first_person_is_not_a_quote() -> None:
    found = facts_of(
        "Le ministre Jurin Laksanawisit a parlé.\n\n"
        "Le gouvernement garantira une production suffisante, a-t-il déclaré.",
        "quote",
        lang="fr",
    )
    assert found == []


def test_a_quote_opening_a_later_paragraph_keeps_the_speaker() -> None:
    found = facts_of(
        "“We will keep exports growing this year,” Minister Nguyen Hong Dien said.\n\n"
        "Prices stayed high in the region.\n\n"
        "“The markets of Africa are opening to our rice and coffee,” the statement read.",
        "quote",
    )
    assert has(
        found,
        text="The markets of Africa are opening to our rice and coffee",
        speaker="Nguyen Hong Dien",
    )


def test_a_first_name_after_the_quote_names_a_vox_pop_speaker() -> None:
    found = facts_of(
        "Visitor Kim Teeling from Australia came to Hanoi.\n\n"
        "“Hanoi is busy and beautiful, and the food is unbelievable,” Kim elaborated.",
        "quote",
    )
    assert has(found, speaker="Kim Teeling")


def test_a_short_term_in_quotation_marks_is_not_a_quote() -> None:
    text = "Les exportations ont franchi le cap du « milliard de dollars » en mai."
    assert facts_of(text, "quote", lang="fr") == []
