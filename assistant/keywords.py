"""Keywords of a message (SPEC AU2): lemmas, stop-words removed, weighted tf × idf against the corpus."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.morphology import Token, tokens
from assistant.stopwords import STOP_WORDS

MIN_LENGTH = 3


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
    (personal data) are left out: keywords go to analytics."""
    skipped = list(skip)
    kept = [token for token in items if not any(start < token.end and token.start < end for start, end in skipped)]
    counts = Counter(content_lemmas(kept))
    if not counts:
        return []
    unseen = idf.get("<unseen>", 1.0)
    scored = {lemma: (1 + math.log(count)) * idf.get(lemma, unseen) for lemma, count in counts.items()}
    top = max(scored.values())
    ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [Keyword(lemma, round(weight / top, 3)) for lemma, weight in ranked]
