"""Keywords of a message (SPEC AU2): lemmas, stop-words removed, weighted tf × idf against the corpus.

Keywords go to analytics, the request journal and the operator's note, so they never carry personal
data (SPEC AI6): no word inside a personal-data span, no number, and no lemma the dictionary reads as a
person's name or a place (pymorphy3's Name/Surn/Patr/Geox), so a name the detector missed does not
leak through the keywords either. Desk words the dictionary also tags that way («снилс» is Geox to
pymorphy3, «токен» a first name) stay.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.morphology import Token, tokens
from assistant.names import name_reading
from assistant.stopwords import STOP_WORDS

MIN_LENGTH = 3
PLACE_LIKE = 0.5
_DOMAIN_WORDS = """
снилс инн омс фомс фиас оквэд емиас осаго каско рф россия ссср госуслуга госключ пол хром телеграм токен
рутокен тинькофф сбербанк сбер виндовс айпад айфон андроид мир
"""
DOMAIN_TERMS = frozenset(_DOMAIN_WORDS.split())


@dataclass(frozen=True)
class Keyword:
    lemma: str
    weight: float


def content_lemmas(items: Iterable[Token]) -> list[str]:
    return [
        token.lemma
        for token in items
        if token.is_word and len(token.lemma) >= MIN_LENGTH and token.lemma not in STOP_WORDS
    ]


def names_someone(lemma: str) -> bool:
    """A lemma that reads as a person's name or a place, and is not a desk word."""
    if lemma in DOMAIN_TERMS:
        return False
    reading = name_reading(lemma)
    return reading.is_name_like or reading.place_score >= PLACE_LIKE


def document_frequencies(texts: Sequence[str]) -> dict[str, float]:
    """Smoothed idf of each lemma over `texts`; `"<unseen>"` holds the value for lemmas not seen."""
    frequencies: Counter[str] = Counter()
    for text in texts:
        frequencies.update(set(content_lemmas(tokens(text))))
    total = len(texts)
    idf = {lemma: math.log((1 + total) / (1 + count)) + 1 for lemma, count in frequencies.items()}
    idf["<unseen>"] = math.log(1 + total) + 1
    return idf


def keywords(
    items: Sequence[Token], idf: dict[str, float], *, limit: int = 8, skip: Iterable[tuple[int, int]] = ()
) -> list[Keyword]:
    """The `limit` heaviest lemmas, weights scaled so the first is 1.0. Tokens inside `skip` spans
    (personal data), numbers, and names of people and places are left out: keywords go to analytics."""
    skipped = list(skip)
    kept = [
        token
        for token in items
        if not any(start < token.end and token.start < end for start, end in skipped)
        and not any(char.isdigit() for char in token.text)
    ]
    counts = Counter(lemma for lemma in content_lemmas(kept) if not names_someone(lemma))
    if not counts:
        return []
    unseen = idf.get("<unseen>", 1.0)
    scored = {lemma: (1 + math.log(count)) * idf.get(lemma, unseen) for lemma, count in counts.items()}
    top = max(scored.values())
    ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [Keyword(lemma, round(weight / top, 3)) for lemma, weight in ranked]
