"""Russian tokens and lemmas: razdel splits, pymorphy3 normalises («паролем» → «пароль»)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from razdel import tokenize

_WORD = re.compile(r"^[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё\-]*$")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    lemma: str
    is_word: bool


@lru_cache(maxsize=1)
def _analyzer():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The most probable normal form, lower-cased, with ё folded into е (people write both)."""
    lowered = word.lower().replace("ё", "е")
    if not re.search(r"[а-я]", lowered):
        return lowered
    return _analyzer().parse(lowered)[0].normal_form.replace("ё", "е")


def tokens(text: str) -> list[Token]:
    result = []
    for piece in tokenize(text):
        is_word = bool(_WORD.match(piece.text))
        result.append(Token(piece.text, piece.start, piece.stop, lemma(piece.text) if is_word else piece.text, is_word))
    return result


@lru_cache(maxsize=256)  # analyse() feeds the same message to four classifiers
def lemmatized(text: str) -> str:
    """Space-joined lemmas of the words (numbers and punctuation dropped): the classifiers' word input."""
    return " ".join(token.lemma for token in tokens(text) if token.is_word)
