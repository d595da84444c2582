"""Russian tokens and lemmas: razdel splits, pymorphy3 normalises («паролем» → «пароль»).

pymorphy3's most probable parse, with the corrections a support desk needs (keywords go to the operator
and to the knowledge-base search, lemmas feed the classifiers):
- Latin look-alike letters inside a Cyrillic word are folded («пaрoль» with Latin a/o is «пароль»);
- a small domain lexicon: abbreviations stay themselves («инн» is not the name «инна», «тел» not «тело»),
  desk slang gets its normal word («учётка» → «учетная запись», «загран» → «загранпаспорт»);
- a word the dictionary does not know and that is one typo away from a domain word takes that word's
  lemma («госулуги», «пороль», «заевление»);
- the noun reading wins when it is as probable as the best one («данные» is the noun, not «дать»);
- «пришли», «зашли», «вышли» are the past tense of «прийти», «зайти», «выйти» unless the context is an
  imperative («Пришли мне ссылку» → «прислать»): pymorphy3 rates both readings alike and lists the
  imperative first, while citizens mostly report what happened («деньги не пришли»).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from razdel import tokenize

_WORD = re.compile(r"^[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё\-]*$")
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)
# Latin letters drawn like Cyrillic ones (typed on the wrong layout, pasted, or OCR)
_LOOKALIKES = str.maketrans("aceopxykmtbhABCEHKMOPTXY", "асеорхукмтьнАВСЕНКМОРТХУ")

# Abbreviations the desk sees every day: kept as written (pymorphy reads «инн» as the name «Инна»).
_ABBREVIATIONS = frozenset(
    {
        "инн", "снилс", "лк", "омс", "мфц", "эцп", "эп", "кэп", "нэп", "унэп", "укэп", "есиа", "пфр", "сфр",
        "фнс", "мвд", "гибдд", "загс", "смэв", "егрн", "ип", "ооо", "смс", "пин", "вуз", "птс", "стс", "ндфл",
        "фиас", "октмо", "бик", "кбк", "рвп", "внж", "дмс", "осаго", "каско", "жку", "егэ", "огэ", "сво", "мчд",
    }
)
# Desk slang and short forms → the word an operator and the search expect.
_LEXICON = {
    "тел": "телефон",
    "телефончик": "телефон",
    "загран": "загранпаспорт",
    "загранник": "загранпаспорт",
    "загранпаспорт": "загранпаспорт",
    "загранпаспорта": "загранпаспорт",
    "госуслуги": "госуслуга",
    "деньга": "деньги",
    "акк": "аккаунт",
    "смска": "смс",
    "эсэмэска": "смс",
    "регаться": "зарегистрироваться",
    "зарегаться": "зарегистрироваться",
    "зарегиться": "зарегистрироваться",
    "маткапитал": "маткапитал",
    "госключ": "госключ",
}
_ACCOUNT_SLANG = re.compile(r"^у[чш][её]тк")  # учётка, учетку, учёткой, ушетка…
ACCOUNT = "учетная запись"
# A word unknown to the dictionary and this close to one of these (any form) is a typo of it.
_DOMAIN_LEMMAS = (
    "госуслуга", "пароль", "заявление", "регистрация", "зарегистрироваться", "восстановить", "восстановление",
    "подтвердить", "подтверждение", "учётный", "запись", "пособие", "выплата", "паспорт", "загранпаспорт",
    "телефон", "электронный", "подпись", "профиль", "документ", "заблокировать", "блокировка", "разблокировать",
    "справка", "госпошлина", "приложение", "сертификат", "пенсия", "статус", "ошибка", "загрузить", "загрузка",
    "страница", "личный", "кабинет", "аккаунт", "почта", "код", "уведомление",
)
# Imperative context for «пришли/зашли/вышли»: «пришли мне», «пожалуйста, вышли…».
_IMPERATIVE_NEXT = frozenset({"мне", "нам", "пожалуйста", "плиз", "скорее"})
_SENTENCE_BREAK = re.compile(r"[.!?…\n]")
_PAST_VERB_GUESS = re.compile(r"^(?P<stem>[а-я]{3,}[аеиоуыя])л(?P<end>и|а|о)?(?P<refl>сь|ся)?$")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    lemma: str
    is_word: bool
    pos: str | None = None  # pymorphy3's part of speech of the chosen reading (NOUN, VERB, INFN, ADVB…)


@lru_cache(maxsize=1)
def _analyzer():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def fold_lookalikes(word: str) -> str:
    """«пaрoль» typed with Latin «a» and «o» is «пароль»: a word mixing the alphabets is read as Cyrillic."""
    if _CYRILLIC.search(word) and _LATIN.search(word):
        return word.translate(_LOOKALIKES)
    return word


@lru_cache(maxsize=1)
def _domain_forms() -> dict[str, str]:
    """Every dictionary form of the domain lemmas → its lemma (ё folded)."""
    analyzer = _analyzer()
    forms: dict[str, str] = {}
    for word in _DOMAIN_LEMMAS:
        parse = analyzer.parse(word)[0]
        normal = parse.normal_form.replace("ё", "е")
        for form in parse.lexeme:
            forms.setdefault(form.word.replace("ё", "е"), normal)
    forms.update({"госуслуги": "госуслуга", "госуслугах": "госуслуга", "госуслугам": "госуслуга"})
    return forms


def _typo_of_domain_word(word: str) -> str | None:
    if len(word) < 5:
        return None
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    forms = _domain_forms()
    allowed = 1 if len(word) < 9 else 2
    found = process.extractOne(word, forms.keys(), scorer=DamerauLevenshtein.distance, score_cutoff=allowed)
    return forms[found[0]] if found else None


@dataclass(frozen=True)
class _Reading:
    lemma: str
    pos: str | None
    imperative: str | None = None  # the imperative reading's lemma when the form is ambiguous


@lru_cache(maxsize=200_000)
def _reading(word: str) -> _Reading:
    lowered = fold_lookalikes(word).lower().replace("ё", "е")
    if not _CYRILLIC.search(lowered):
        return _Reading(lowered, None)
    if lowered in _ABBREVIATIONS:
        return _Reading(lowered, "NOUN")
    if lowered in _LEXICON:
        return _Reading(_LEXICON[lowered], "NOUN")
    if _ACCOUNT_SLANG.match(lowered):
        return _Reading(ACCOUNT, "NOUN")
    analyzer = _analyzer()
    parses = analyzer.parse(lowered)
    known = analyzer.word_is_known(lowered)
    if not known:
        typo = _typo_of_domain_word(lowered)
        if typo is not None:
            return _Reading(typo, analyzer.parse(typo)[0].tag.POS)
        guess = _PAST_VERB_GUESS.match(lowered)
        if guess and not any(parse.tag.POS in ("VERB", "INFN") for parse in parses[:3]):
            # «охренели», «накосячила»: slang past tense the dictionary lacks; pymorphy would guess a noun
            return _Reading(guess["stem"] + "ть" + ("ся" if guess["refl"] else ""), "VERB")
    best, imperative = parses[0], None
    top = [parse for parse in parses if parse.score >= best.score - 1e-9]
    past = next((parse for parse in top if "past" in parse.tag), None)
    order = next((parse for parse in top if "impr" in parse.tag), None)
    if past is not None and order is not None:
        best, imperative = past, order.normal_form.replace("ё", "е")
    if best.tag.POS != "NOUN":
        nouns = [parse for parse in parses if parse.tag.POS == "NOUN"]
        if nouns and nouns[0].score >= best.score - 1e-9:
            best = nouns[0]
    normal = best.normal_form.replace("ё", "е")
    return _Reading(_LEXICON.get(normal, normal), best.tag.POS, imperative)


def lemma(word: str) -> str:
    """The lemma a keyword or a classifier uses: lower-case, ё folded into е (people write both)."""
    return _reading(word).lemma


_LETTER_RUN = re.compile(r"[A-Za-zА-Яа-яЁё]+")


def _folded(text: str) -> str:
    """`text` with every mixed-alphabet word folded to Cyrillic. Letter for letter, so the offsets hold;
    razdel would otherwise cut «пaрoль» into five tokens at the alphabet changes."""
    return _LETTER_RUN.sub(lambda match: fold_lookalikes(match.group(0)), text)


def tokens(text: str) -> list[Token]:
    """Tokens with offsets into `text` and `text`'s own spelling; lemmas from the folded spelling."""
    folded = _folded(text)
    pieces = list(tokenize(folded))
    result = []
    for index, piece in enumerate(pieces):
        original = text[piece.start : piece.stop]
        if not _WORD.match(piece.text):
            result.append(Token(original, piece.start, piece.stop, original, False))
            continue
        reading = _reading(piece.text)
        chosen, pos = reading.lemma, reading.pos
        if reading.imperative is not None and _imperative_context(folded, pieces, index):
            chosen, pos = reading.imperative, "VERB"
        result.append(Token(original, piece.start, piece.stop, chosen, True, pos))
    return result


def _imperative_context(text: str, pieces: list, index: int) -> bool:
    """«Пришли мне ссылку», «пожалуйста, вышли код»: a request right after «пожалуйста», or a form that
    opens its sentence with «мне/нам/пожалуйста» after it («деньги не пришли мне» stays the past)."""
    previous = next((p.text.lower() for p in reversed(pieces[:index]) if _WORD.match(p.text)), None)
    if previous == "пожалуйста":
        return True
    between = text[pieces[index - 1].start : pieces[index].start] if index else ""
    opens_sentence = previous is None or bool(_SENTENCE_BREAK.search(between))
    following = next((p.text.lower() for p in pieces[index + 1 :] if _WORD.match(p.text)), "")
    return opens_sentence and following in _IMPERATIVE_NEXT


@lru_cache(maxsize=256)  # analyse() feeds the same message to several classifiers
def lemmatized(text: str) -> str:
    """Space-joined lemmas of the words (numbers and punctuation dropped): the classifiers' word input."""
    return " ".join(token.lemma for token in tokens(text) if token.is_word)
