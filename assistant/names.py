"""People's names (and locations) in free text: natasha's NER plus pymorphy3's name dictionary.

natasha (slovnet's news model on navec embeddings, shipped inside the wheel, so offline) finds
capitalised names in edited text. Citizens write «меня зовут иван петров» in lower case, which the
news model misses, so two rules over pymorphy3's Name/Surn/Patr tags add what it leaves:
- a run of adjacent words read as at least two different parts of a name (first name + surname,
  first name + patronymic...), written in any case;
- the words after a cue phrase («меня зовут», «ФИО», «я, …», «с уважением, …», «на имя»).
Words that are also ordinary nouns («вера», «надежда», «роза», «лев») are a first name only in such
a run or after a cue, never alone. natasha's MorphVocab is not used: it needs pymorphy2, which the
rest of the assistant replaces with pymorphy3.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from threadpoolctl import ThreadpoolController

from assistant.morphology import Token, tokens
from assistant.stopwords import STOP_WORDS

_lock = threading.Lock()

NAME_ROLES = ("Name", "Surn", "Patr")
NAME_LIKE = 0.3  # share of pymorphy's parses that read the word as part of a name: «вера» 0.30, «любовь» 0.12
NAME_SURE = 0.75  # «иван», «петрова», «сергеевна»; not «лев» 0.63, «роза» 0.67, «бегун» 0.64
_CASES = {"gen2": "gent", "acc2": "accs", "loc2": "loct"}
_ALL_CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct", "voct"})
RUN_MAX_WORDS = 4
CUE_MAX_WORDS = 3

# «зовут» starts a name whatever follows; after the other cues the words must be name-like or capitalised.
_STRONG_CUE = re.compile(r"(?<![\w])зовут\s*[:\-—–]?\s*", re.IGNORECASE)
_WEAK_CUE = re.compile(
    r"(?:(?<![\w])я\s*,\s*|с\s+уважением\s*,?\s*|(?<![\w])на\s+имя\s+"
    r"|(?<![\w])(?:ф\.?\s?и\.?\s?о\.?|фамилия|имя|отчество|заявител[ьяю]|получател[ьяю]|гражданин|гражданка|гр\.)"
    r"(?![\w])\s*[:\-—–]?\s*)",
    re.IGNORECASE,
)
_INITIALS = re.compile(r"[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?")


@dataclass(frozen=True)
class NameReading:
    role: str | None  # Name, Surn or Patr: the most probable name parse of the word, if any
    score: float  # the share of the word's parses that read it as part of a person's name
    place_score: float  # the same for place names (Geox)
    cases: frozenset[str] = frozenset()  # the grammatical cases the name parses allow

    @property
    def is_name_like(self) -> bool:
        return self.role is not None and self.score >= NAME_LIKE


@lru_cache(maxsize=1)
def _threadpools() -> ThreadpoolController:
    return ThreadpoolController()  # scanning the loaded libraries takes ~3 ms: once per process


@lru_cache(maxsize=1)
def _tagger():
    from natasha import NewsEmbedding, NewsNERTagger

    return NewsNERTagger(NewsEmbedding())


@lru_cache(maxsize=200_000)
def name_reading(word: str) -> NameReading:
    from assistant.morphology import _analyzer  # one dictionary per process, shared with the lemmatiser

    lowered = word.lower()
    if not re.fullmatch(r"[а-яё\-]+", lowered):
        return NameReading(None, 0.0, 0.0)
    role, score, place, cases = None, 0.0, 0.0, set()
    for parse in _analyzer().parse(lowered):
        grammemes = parse.tag.grammemes
        found = next((name for name in NAME_ROLES if name in grammemes), None)
        if found:
            score += parse.score
            role = role or found
            case = parse.tag.case
            cases.update(_ALL_CASES if "Fixd" in grammemes or case is None else {_CASES.get(case, case)})
        if "Geox" in grammemes:
            place += parse.score
    return NameReading(role, round(score, 3), round(place, 3), frozenset(cases))


def ner_entities(text: str) -> list[tuple[str, int, int]]:
    """(type, start, end) for each entity natasha's NER finds; types are PER, LOC, ORG."""
    if not text.strip():
        return []
    tagger = _tagger()
    # The model multiplies small matrices: BLAS threads cost more than they save (3 ms vs 13 ms
    # median per message measured here), and the tagger is not documented as thread-safe.
    with _lock, _threadpools().limit(limits=1):
        markup = tagger(text)
    return [(span.type, span.start, span.stop) for span in markup.spans]


def _adjacent(text: str, left: Token, right: Token) -> bool:
    """Two words of one name: only a space between them (a comma or a line break ends a name)."""
    return text[left.end : right.start] in (" ", "\u00a0")


def _is_word(token: Token) -> bool:
    return token.is_word and len(token.text) >= 2 and token.text.lower() not in STOP_WORDS


def _initials_after(text: str, position: int) -> int:
    """End of initials («И.И.», «И. И.») written right after `position`, or `position` itself."""
    match = _INITIALS.match(text, position + 1) if text[position : position + 1] == " " else None
    return match.end() if match else position


def _initials_before(text: str, position: int) -> int:
    """Start of initials written right before the word at `position` («И.И. Иванов»), or `position`."""
    for width in (5, 4, 3, 2):
        start = position - width - 1
        if (
            start >= 0
            and text[position - 1] == " "
            and _INITIALS.fullmatch(text, start, position - 1)
            and (start == 0 or not text[start - 1].isalnum())
        ):
            return start
    return position


def _writing(word: str) -> str:
    return "upper" if word.isupper() and len(word) > 1 else "title" if word[0].isupper() else "lower"


def _continues(text: str, run: list[Token], cases: frozenset[str], following: Token) -> frozenset[str]:
    """The cases the run still allows with `following` added; empty when `following` starts something else.

    A name's words agree in case («Николая Гумилева» | «Вертинскому») and are written alike: an upper-case
    abbreviation or a lower-case word next to capitalised names («САФУ Мария», «бегун Дэй») is not part of
    the name, unless the lower-case word is surely a name («петров Иван»).
    """
    reading = name_reading(following.text)
    if not _adjacent(text, run[-1], following):
        return frozenset()
    if not (reading.is_name_like or _before_patronymic(reading, name_reading(run[-1].text))):
        return frozenset()
    writings = {_writing(token.text) for token in run} | {_writing(following.text)}
    if "upper" in writings and len(writings) > 1:
        return frozenset()
    if len(writings) > 1 and any(
        name_reading(token.text).score < NAME_SURE for token in [*run, following] if _writing(token.text) == "lower"
    ):
        return frozenset()
    return cases & reading.cases


def _before_patronymic(reading: NameReading, patronymic: NameReading) -> bool:
    """«любовь петровна», «роман николаевич»: next to a sure patronymic any first-name reading counts."""
    return reading.role == "Name" and patronymic.role == "Patr" and patronymic.score >= NAME_SURE


def _name_runs(text: str, words: list[Token]) -> list[tuple[int, int]]:
    """Runs of adjacent name-like words holding at least two parts of a name, or a surname with initials."""
    spans, index = [], 0
    while index < len(words):
        first = name_reading(words[index].text)
        next_word = words[index + 1] if index + 1 < len(words) else None
        if not (
            first.is_name_like
            or (
                next_word is not None
                and _adjacent(text, words[index], next_word)
                and _before_patronymic(first, name_reading(next_word.text))
            )
        ):
            index += 1
            continue
        run, cases = [words[index]], first.cases
        while index + len(run) < len(words) and len(run) < RUN_MAX_WORDS:
            joined = _continues(text, run, cases, words[index + len(run)])
            if not joined:
                break
            run, cases = [*run, words[index + len(run)]], joined
        readings = [name_reading(token.text) for token in run]
        start, end = run[0].start, run[-1].end
        if len({reading.role for reading in readings}) >= 2:
            spans.append((start, end))
        elif len(run) == 1 and first.role == "Surn" and first.score >= NAME_SURE:
            with_initials = (_initials_before(text, start), _initials_after(text, end))
            if with_initials != (start, end):
                spans.append(with_initials)
        index += len(run)
    return spans


def _after_cues(text: str, all_tokens: list[Token]) -> list[tuple[int, int]]:
    """Names written after a cue phrase. After «зовут» / «ФИО» the first word is the name whatever it is
    («меня зовут айгуль»); after the weaker cues every word must be name-like or capitalised."""
    spans = []
    for pattern, strong in ((_STRONG_CUE, True), (_WEAK_CUE, False)):
        for cue in pattern.finditer(text):
            taken: list[Token] = []
            for token in (token for token in all_tokens if token.start >= cue.end()):
                if len(taken) == CUE_MAX_WORDS or (taken and not _adjacent(text, taken[-1], token)):
                    break
                if not _is_word(token):
                    break
                reading = name_reading(token.text)
                capitalised = token.text[0].isupper() and reading.place_score < 0.5  # not «гражданин Узбекистана»
                if not (reading.is_name_like or capitalised or (strong and not taken)):
                    break
                taken.append(token)
            if taken:
                spans.append((taken[0].start, _initials_after(text, taken[-1].end)))
    return spans


def morphological_persons(text: str) -> list[tuple[int, int]]:
    """(start, end) of names found by the dictionary rules (runs of name parts, cue phrases)."""
    all_tokens = tokens(text)
    words = [token for token in all_tokens if _is_word(token)]
    return _name_runs(text, words) + _after_cues(text, all_tokens)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def named_entities(text: str) -> list[tuple[str, int, int]]:
    """(type, start, end) for each entity: natasha's PER, LOC, ORG, with the dictionary rules' names added.

    A name the rules find replaces natasha's entities inside it (natasha often tags a lower-case name
    LOC or only half of it); one that only overlaps a natasha entity is left to natasha, which places
    boundaries well in edited text.
    """
    found = ner_entities(text)
    for start, end in sorted(set(morphological_persons(text)), key=lambda span: span[0] - span[1]):
        inside = [entity for entity in found if start <= entity[1] and entity[2] <= end]
        crossing = [entity for entity in found if _overlaps((start, end), entity[1:]) and entity not in inside]
        if crossing:
            continue
        found = [entity for entity in found if entity not in inside] + [("PER", start, end)]
    return sorted(found, key=lambda entity: entity[1])


def warm_up() -> None:
    named_entities("Иван Петров живёт в Москве.")
