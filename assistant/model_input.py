"""The text the desk's classifiers read: identifiers masked, the other digits flattened to 0.

A topic must not move because of a passport or a card number («паспорт 45 10 123456 не проходит
проверку» read as out of scope), so the classifiers see identifiers (СНИЛС, ИНН, passport, phone,
card, ОМС policy, e-mail) as their typed placeholders, in training and in analyse() alike. Names and
addresses stay as written here: the name finder also takes capitalised desk words for names
(«Госключ завис…», «Биометрия не работает»), and masking those would erase the very words that say
the topic; the words of a name carry no topic either way. Digits left over (dates, sums,
application numbers) become 0: «заявление № 0000000000» still shows a ten-digit number without
teaching the model any particular one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_DIGIT = re.compile(r"\d")


def classifier_input(text: str, spans: Sequence | None = None) -> str:
    """`spans`: find_pii(text), when the caller has them already (analyse() finds them once)."""
    from assistant.pii import PiiKind, find_pii, mask

    # without spans: the number patterns only (the name finder's spans would be dropped below anyway)
    spans = find_pii(text, entities=_no_entities) if spans is None else spans
    identifiers = [span for span in spans if span.kind not in (PiiKind.PERSON, PiiKind.ADDRESS)]
    return _DIGIT.sub("0", mask(text, spans=identifiers) if identifiers else text)


def _no_entities(text: str) -> list:
    return []


def classifier_inputs(texts: Sequence[str]) -> list[str]:
    """For training and evaluation on the request corpus."""
    return [classifier_input(text) for text in texts]
