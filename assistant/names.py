"""People's names (and locations) in free text: natasha's NER plus pymorphy3's name dictionary.

natasha (slovnet's news model on navec embeddings, shipped inside the wheel, so offline) finds
capitalised names in edited text. Citizens write «меня зовут иван петров» in lower case, which the
news model misses, so two rules over pymorphy3's Name/Surn/Patr tags add what it leaves:
- a run of adjacent words read as at least two different parts of a name (first name + surname,
  first name + patronymic...) that agree in case and gender, written in any case in a chat and alike
  in edited text;
- the words after a cue phrase («меня зовут», «ФИО», «я, …», «с уважением, …», «на имя»).
Words that are also ordinary nouns («вера», «надежда», «роза», «лев») are a first name only in such
a run or after a cue, never alone. natasha's own mistakes in chats are corrected at the edges: a lone
verb it tags as a person («Пишу»), a next sentence's first word it runs a name into. Measured on
factRuEval-2016 (evaluation.evaluate_person_ner, exact spans): Person F1 0.9238 → 0.9258 on the test
set, 0.9252 → 0.9258 on the dev set. natasha's MorphVocab is not used: it needs pymorphy2, which the
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
NAME_WEAK = 0.1  # «зайцев» 0.2 (mostly «заяц»), «комаров» 0.13, «любовь» 0.12: a name only next to a sure part
_CASES = {"gen2": "gent", "acc2": "accs", "loc2": "loct"}
_ALL_CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct", "voct"})
_BOTH_GENDERS = frozenset({"masc", "femn"})  # «Саша», «Ткаченко» (ms-f, indeclinable) are either
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
# «я петрова, …»: without a comma after «я» only a word that is surely a name follows as one.
_SURE_CUE = re.compile(r"(?<![\w])я\s+(?=[А-ЯЁа-яё])", re.IGNORECASE)
_SURNAME_ENDING = re.compile(r"(?:[оеё]в|[иы]н|[оеё]ва|[иы]на|ск(?:ий|ая)|цк(?:ий|ая)|енко|[юу]к|[ыи]х)$")
_SENTENCE_STARTS = re.compile(r"[.!?…]\s+([А-ЯЁа-яё])")
_INITIALS = re.compile(r"[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?")


@dataclass(frozen=True)
class NameReading:
    role: str | None  # Name, Surn or Patr: the most probable name parse of the word, if any
    score: float  # the share of the word's parses that read it as part of a person's name
    place_score: float  # the same for place names (Geox)
    forms: frozenset[tuple[str, str]] = frozenset()  # (case, gender) pairs the name parses allow
    is_known: bool = False  # the dictionary has the word (not a guess from its ending)
    is_noun: bool = False  # the most probable reading is a noun

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
        return NameReading(None, 0.0, 0.0, frozenset(), False, False)
    role, score, place, forms = None, 0.0, 0.0, set()
    for parse in _analyzer().parse(lowered):
        grammemes = parse.tag.grammemes
        found = next((name for name in NAME_ROLES if name in grammemes), None)
        if found:
            score += parse.score
            role = role or found
            fixed = "Fixd" in grammemes
            case, gender = parse.tag.case, parse.tag.gender
            cases = _ALL_CASES if fixed or case is None else {_CASES.get(case, case)}
            genders = _BOTH_GENDERS if fixed or gender not in _BOTH_GENDERS else {gender}
            forms.update((one_case, one_gender) for one_case in cases for one_gender in genders)
        if "Geox" in grammemes:
            place += parse.score
    parses = _analyzer().parse(lowered)
    known, noun = _analyzer().word_is_known(lowered), parses[0].tag.POS == "NOUN"
    return NameReading(role, round(score, 3), round(place, 3), frozenset(forms), known, noun)


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


def is_informal(text: str) -> bool:
    """Written the way chats are: the text, or half of its sentences, start in lower case. There people
    capitalise a name only in part («петров Иван», «вера Петровна»); in edited text they do not (a «т. е.»
    or «г. москва» there is one lower-case start among many)."""
    first = re.search(r"\w", text)  # «1 февраля …» starts with a number, not in lower case
    if first is not None and first.group().islower():
        return True
    starts = _SENTENCE_STARTS.findall(text)
    return bool(starts) and sum(start.islower() for start in starts) * 2 >= len(starts)


def _pair(left: NameReading, right: NameReading) -> bool:
    """Two neighbouring words that can be parts of one name: both name-like, or a sure part next to a
    weaker reading of another part («сергей зайцев»: «зайцев» is mostly «заяц»), or a first name next to a
    sure patronymic («любовь петровна», «роман николаевич»)."""
    if left.is_name_like and right.is_name_like:
        return True
    for sure, other in ((left, right), (right, left)):
        if sure.score >= NAME_SURE and other.role not in (None, sure.role) and other.score >= NAME_WEAK:
            return True
        if sure.role == "Patr" and sure.score >= NAME_SURE and other.role == "Name":
            return True
    return False


def _surely_a_name(word: str) -> bool:
    reading = name_reading(word)
    return reading.is_known and reading.score >= NAME_SURE  # not a guess from the ending («экстрадировали»)


def _joins(text: str, run: list[Token], forms: frozenset, following: Token, informal: bool) -> frozenset:
    """The forms the run still allows with `following` added; empty when `following` starts something else.

    A name's words agree in case and gender («Николая Гумилева» | «Вертинскому», «Путина» | «Дмитрий Песков»)
    and, in edited text, are written alike:
    an upper-case abbreviation or a lower-case word next to capitalised names («САФУ Мария», «бегун Дэй») is
    not part of the name, unless the lower-case word is surely a name.
    """
    if not _adjacent(text, run[-1], following):
        return frozenset()
    reading = name_reading(following.text)
    if not _pair(name_reading(run[-1].text), reading):
        return frozenset()
    writings = {_writing(token.text) for token in run} | {_writing(following.text)}
    if "upper" in writings and len(writings) > 1:
        return frozenset()
    if (
        len(writings) > 1
        and not informal
        and any(not _surely_a_name(t.text) for t in [*run, following] if _writing(t.text) == "lower")
    ):
        return frozenset()
    return forms & reading.forms


def _completes(text: str, word: Token, neighbour: Token, roles: set, forms: frozenset) -> bool:
    reading = name_reading(word.text)
    return (
        _adjacent(text, word, neighbour)
        and reading.role not in (None, *roles)
        and reading.score >= NAME_WEAK
        and bool(reading.forms & forms)
    )


def _name_runs(text: str, words: list[Token]) -> list[tuple[int, int]]:
    """Runs of adjacent words holding at least two different parts of a name, or a surname with initials."""
    spans, index, informal = [], 0, is_informal(text)
    while index < len(words):
        first = name_reading(words[index].text)
        if first.role is None:
            index += 1
            continue
        run, forms = [words[index]], first.forms
        while index + len(run) < len(words) and len(run) < RUN_MAX_WORDS:
            joined = _joins(text, run, forms, words[index + len(run)], informal)
            if not joined:
                break
            run, forms = [*run, words[index + len(run)]], joined
        readings = [name_reading(token.text) for token in run]
        roles = {reading.role for reading in readings}
        if len(roles) >= 2:
            # a weak reading of the missing part joins a name already certain: «комаров | роман романович»
            before = words[index - 1] if index > 0 else None
            if before is not None and _completes(text, before, run[0], roles, forms):
                run = [before, *run]
            spans.append((run[0].start, run[-1].end))
        elif len(run) == 1 and first.role == "Surn" and first.score >= NAME_SURE:
            start, end = run[0].start, run[0].end
            with_initials = (_initials_before(text, start), _initials_after(text, end))
            if with_initials != (start, end):
                spans.append(with_initials)
        index += len(run)
    return spans


def _after_cues(text: str, all_tokens: list[Token]) -> list[tuple[int, int]]:
    """Names written after a cue phrase. After «зовут» the first word is the name whatever it is («меня
    зовут айгуль»); the following ones, and every word after the weaker cues, must read as a name, or be
    capitalised and unknown to the dictionary or shaped like a surname («Сомов» is also «сом»), not
    «Пишу», «Данные», «Узбекистана»."""
    spans = []
    for pattern, strong in ((_STRONG_CUE, True), (_WEAK_CUE, False), (_SURE_CUE, False)):
        for cue in pattern.finditer(text):
            taken: list[Token] = []
            for token in (token for token in all_tokens if token.start >= cue.end()):
                if len(taken) == CUE_MAX_WORDS or (taken and not _adjacent(text, taken[-1], token)):
                    break
                if not _is_word(token) or (pattern is _SURE_CUE and not taken and not _surely_a_name(token.text)):
                    break
                reading = name_reading(token.text)
                capitalised_name = token.text[0].isupper() and (
                    not reading.is_known or reading.role is not None or bool(_SURNAME_ENDING.search(token.text))
                )
                if not (
                    (reading.role is not None and reading.score >= NAME_WEAK)
                    or capitalised_name
                    or (strong and not taken)
                ):
                    break
                taken.append(token)
            if taken:
                spans.append((taken[0].start, _initials_after(text, taken[-1].end)))
    return spans


def morphological_persons(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, after_cue) of names found by the dictionary rules: runs of name parts, and the words
    after cue phrases."""
    all_tokens = tokens(text)
    words = [token for token in all_tokens if _is_word(token)]
    runs = [(start, end, False) for start, end in _name_runs(text, words)]
    return runs + [(start, end, True) for start, end in _after_cues(text, all_tokens)]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _an_ordinary_word(text: str, entity: tuple[str, int, int]) -> bool:
    """natasha tags a capitalised verb or noun after an unpunctuated line as a person («… Пишу уже 3 раз»):
    one dictionary word without any name reading is not a name."""
    kind, start, end = entity
    word = text[start:end]
    if kind != "PER" or not re.fullmatch(r"[А-ЯЁа-яё]+", word):
        return False
    reading = name_reading(word)
    if not (reading.is_known and reading.role is None and reading.place_score == 0):
        return False
    # In edited text a noun can be a nickname («Шнур», «Киса»); in a chat it is «Номер», «Данные», «Отчёт».
    return is_informal(text) or not reading.is_noun


def _trimmed(text: str, entity: tuple[str, int, int]) -> tuple[str, int, int]:
    """A person natasha ran into the next sentence's first word in a chat («с уважением, Иван Попов Отчёт
    за …»): the name ends before a dictionary word that cannot be part of one."""
    kind, start, end = entity
    if kind != "PER" or not is_informal(text):  # edited text has surnames that are words: «Бриг», «Луговой»
        return entity
    words = list(re.finditer(r"[А-ЯЁа-яё\-]+", text[start:end]))
    while len(words) > 1:
        reading = name_reading(words[-1].group())
        if not (reading.is_known and reading.role is None and not _SURNAME_ENDING.search(words[-1].group())):
            break
        words.pop()
        end = start + words[-1].end()
    return kind, start, end


def named_entities(text: str) -> list[tuple[str, int, int]]:
    """(type, start, end) for each entity: natasha's PER, LOC, ORG, with the dictionary rules' names added.

    A name the rules find replaces natasha's entities inside it (natasha often tags a lower-case name
    LOC or only half of it), unless, in edited text and with no cue, natasha saw two people there («вдова
    Ельцина | Наина Иосифовна»); one
    that only overlaps a natasha entity is left to natasha, which places boundaries well in edited text.
    """
    informal = is_informal(text)
    found = [_trimmed(text, entity) for entity in ner_entities(text) if not _an_ordinary_word(text, entity)]
    for start, end, after_cue in sorted(set(morphological_persons(text)), key=lambda span: (span[0] - span[1], span)):
        inside = [entity for entity in found if start <= entity[1] and entity[2] <= end]
        crossing = [entity for entity in found if _overlaps((start, end), entity[1:]) and entity not in inside]
        if crossing or (sum(kind == "PER" for kind, _, _ in inside) > 1 and not (informal or after_cue)):
            continue  # in edited text natasha is right that two people stand side by side there
        found = [entity for entity in found if entity not in inside] + [("PER", start, end)]
    return sorted(found, key=lambda entity: entity[1])


def warm_up() -> None:
    named_entities("Иван Петров живёт в Москве.")
