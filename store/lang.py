"""Language detection from stop words and letters, with no model to download."""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["detect_language"]

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the of and to in is that for on with as was by at it from are be this has have an "
        "which or its their will he she they said not but were been also who".split()
    ),
    "fr": frozenset(
        "le la les de des du et est un une dans pour que qui sur au aux par pas avec il elle "
        "ont sont été ce cette ses leur a-t-il selon mais ou plus".split()
    ),
    "vi": frozenset(
        "của và là các những được trong có không người cho với này đã một để từ khi về "
        "theo như nhiều tại đến năm cũng sẽ thì nhưng".split()
    ),
    "es": frozenset(
        "el la los las de del y en que es por para con una un se su al lo como más pero "
        "sus fue ha".split()
    ),
    "de": frozenset(
        "der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch "
        "es an werden aus er hat".split()
    ),
}

# Letters that occur in Vietnamese and in no other language we detect.
_VIETNAMESE_LETTERS = re.compile("[ăằắẳẵặơờớởỡợưừứửữựđạảấầẩẫậẹẻẽếềểễệịỉĩọỏốồổỗộụủũỵỷỹỳ]")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def detect_language(text: str) -> str:
    """Return an ISO 639-1 code for ``text``, or ``"und"`` when it cannot tell.

    English text full of Vietnamese names stays English: a word counts for a
    language only when it is one of its function words, and Vietnamese letters
    decide only when Vietnamese function words agree.
    """
    tokens = _WORD.findall(text[:20000].lower())
    if len(tokens) < 3:
        return "und"
    counts = Counter(tokens)
    scores = {lang: sum(counts[w] for w in sw & counts.keys()) for lang, sw in _STOPWORDS.items()}
    viet_share = sum(
        n for t, n in counts.items() if not t.isascii() and _VIETNAMESE_LETTERS.search(t)
    ) / len(tokens)
    if viet_share > 0.25:
        scores["vi"] += int(viet_share * len(tokens))
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] < max(1, len(tokens) // 50):
        return "und"
    return best
