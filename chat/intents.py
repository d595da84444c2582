"""What a citizen's short chat reply means: asking for a person, «да» / «нет», a greeting (chat.dialogue).

These readings decide whether the assistant answers at all, so they err the way a careful first-line agent
would: «нет» wins wherever it stands («спасибо, но нет», «да нет»), and a person is called only when the
citizen asks for one — a request verb with a person («позовите оператора», «соедините с поддержкой») or the
bare word as the whole message («оператор», «аператор») — not when the words only mention one («смс от
оператора не приходит», «я пожилой человек», «сотрудник МФЦ сказал»).
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORDS = re.compile(r"[a-zа-яё]+(?:-[a-zа-яё]+)?", re.IGNORECASE)

# --- asking for a person -------------------------------------------------------------------------------

# A person of the desk, by stem; «живой» only in the forms that are not «живу / живёт» (I live)
_PERSON_STEMS = ("оператор", "специалист", "сотрудник", "сотрудниц", "поддержк", "консультант", "менеджер",
                 "человек", "человеч")
_PERSON_FORMS_TEXT = """
живой живого живому живым живая живую живые живых живыми кем-то кем-нибудь кто-нибудь кто-то
"""
_PERSON_FORMS = frozenset(_PERSON_FORMS_TEXT.split())
# the same words as typed in a hurry: one typo away («аператор», «опиратор», «специолист»)
_PERSON_TYPO_FORMS = tuple(
    stem + ending
    for stem, endings in (
        ("оператор", ("", "а", "у", "ом", "ы", "ов")),
        ("специалист", ("", "а", "у", "ом")),
        ("сотрудник", ("", "а", "у", "ом")),
        ("консультант", ("", "а", "у", "ом")),
        ("человек", ("", "а", "у", "ом")),
        ("поддержк", ("а", "у", "ой", "и")),
    )
    for ending in endings
)
# A request to our people: imperatives, «хочу / можно / нужен …»
_REQUEST_VERBS_TEXT = """
позовите позови позвать зовите соедините соедини соединить соединяйте переключите переключи переключить
переведите переведи перевести дайте дай давайте свяжите свяжи связать подключите подключи подключить
пригласите пригласи пригласить нужен нужна нужны требуется хочу хотим хотелось хотел хотела
поговорить связаться пообщаться побеседовать
"""
_REQUEST_VERBS = frozenset(_REQUEST_VERBS_TEXT.split())
# words that say the person is someone else's: a mobile operator, a clerk at another office
_NOT_OURS_BEFORE_TEXT = """
сотовый сотового сотовому мобильный мобильного мобильному от через мой моего моему свой своего своему
сколько несколько много двух трёх трех четырёх четырех пяти
"""
_NOT_OURS_BEFORE = frozenset(_NOT_OURS_BEFORE_TEXT.split())
_NOT_OURS_AFTER = re.compile(
    r"^(связи|мтс|билайн\w*|мегафон\w*|теле2|tele2|yota|йота|ростелеком\w*|мфц|банка|банке|банк|полиции|загс\w*|"
    r"ведомства|гибдд|гаи|налоговой|пфр|сфр|соцфонда|фонда|школы|поликлиники|больницы|почты|сказал\w*|"
    r"ответил\w*|посоветовал\w*|говорит|сказали|обещал\w*|отказал\w*)$"
)
_CARRIERS_TEXT = "мтс билайн мегафон теле2 tele2 yota йота ростелеком"
_CARRIERS = frozenset(_CARRIERS_TEXT.split())
# the whole message is the request: these words may stand around the person («оператора, пожалуйста!»)
_FILLER_TEXT = """
пожалуйста мне нам срочно ну эй алло скорее уже а и с со к на нужен нужна дайте можно
есть тут здесь кто там живой живого please быстрее
"""
_FILLER = frozenset(_FILLER_TEXT.split())
# a callback is a person too: «позвоните мне», «перезвоните по номеру»
_CALL_ME = re.compile(r"\b(по|пере)звони(те)?\s+(мне|нам|по\s+номеру|на\s+номер|пожалуйста)", re.IGNORECASE)
# tired of the machine: «не хочу с ботом», «надоел робот», «вы бот?», «ваш бот ничего не понимает»
_NOT_A_BOT = re.compile(
    r"((не\s+хочу|надоел\w*|хватит|достал\w*|не\s+нужен|вы)\W+(\w+\W+){0,3}?(бот|робот)\w*|"
    r"\b(бот|робот|помощник)\w*\s+(\w+\s+)?не\s+(понима|помога|слыш))",
    re.IGNORECASE,
)
_ENGLISH_PERSON = re.compile(
    r"\b(operators?|agents?|human|real person|live person|specialists?|someone real)\b", re.IGNORECASE
)
REQUEST_WINDOW = 5  # a request verb this many words before or after the person


def _is_person(word: str) -> bool:
    if word in _PERSON_FORMS or word.startswith(_PERSON_STEMS):
        return True
    return len(word) >= 6 and _one_typo_from_person(word)


@lru_cache(maxsize=4096)
def _one_typo_from_person(word: str) -> bool:
    from rapidfuzz.distance import DamerauLevenshtein
    from rapidfuzz.process import extractOne

    return extractOne(word, _PERSON_TYPO_FORMS, scorer=DamerauLevenshtein.distance, score_cutoff=1) is not None


def _is_ours(words: list[str], index: int) -> bool:
    """The person at `index` is the desk's, not a mobile operator or another office's clerk."""
    before = words[index - 1] if index else ""
    after = words[index + 1] if index + 1 < len(words) else ""
    if before in _NOT_OURS_BEFORE or before in _CARRIERS or _NOT_OURS_AFTER.match(after):
        return False
    word = words[index]
    return not (word.startswith("оператор") and any(carrier in words for carrier in _CARRIERS))


def asks_for_person(text: str) -> bool:
    """The citizen asks to talk to a person of the desk (AU4): then the assistant hands over at once."""
    if _CALL_ME.search(text) or _NOT_A_BOT.search(text) or _ENGLISH_PERSON.search(text):
        return True
    words = [word.lower().replace("ё", "е") for word in _WORDS.findall(text)]
    people = [index for index, word in enumerate(words) if _is_person(word) and _is_ours(words, index)]
    if not people:
        return False
    if all(word in _FILLER or _is_person(word) for word in words):
        return True  # «оператор», «живого человека, пожалуйста»
    for index in people:
        nearby = words[max(0, index - REQUEST_WINDOW): index + REQUEST_WINDOW + 1]
        if any(word in _REQUEST_VERBS for word in nearby) and "ли" not in nearby:  # «нужен ли сотрудник…»
            return True
    return False


# --- «да» / «нет» after an answer ----------------------------------------------------------------------

# «нет» wins wherever it stands: «спасибо, но нет», «да нет», «ничего не помогло», «опять не то»
_NO = re.compile(
    r"(\bнет\b|\bнеа\b|не\s+помог|не\s+то\b|не\s+та\b|не\s+тот\b|не\s+туда|не\s+об\s+этом|не\s+про\s+(это|то)|"
    r"ничего(?!\s+(сложного|страшного))|бесполезн|опять|снова\s+не|не\s+совсем|не\s+очень|не\s+получ|не\s+вышл|"
    r"не\s+сработал|не\s+подход|не\s+подошл|не\s+работает|не\s+решил|не\s+понял|не\s*понятн|мимо\b|"
    r"\bno\b|\bnope\b|didn'?t|not\s+help)",
    re.IGNORECASE,
)
_YES = re.compile(
    r"^\W*(да|ага|угу|ну\s+да|помогл[оаи]|спасибо|благодарю|вс[её]\s+(получилось|понятно|ясно|хорошо)|"
    r"получилось|ок|окей|ok|okay|супер|отлично|понятно|ясно|разобрал\w*|yes|yep|thanks)\b",
    re.IGNORECASE,
)


def is_no(text: str) -> bool:
    return bool(_NO.search(text))


YES_MAX_WORDS = 10  # «ок, а как тогда войти в кабинет через банк?» is a new question, not a «да»


def is_yes(text: str) -> bool:
    if not _YES.search(text) or is_no(text):
        return False
    return len(_WORDS.findall(text)) <= YES_MAX_WORDS and "?" not in text


# --- a greeting with nothing else ----------------------------------------------------------------------

_GREETING_WORDS_TEXT = """
здравствуйте здравствуй здрасте здрасьте добрый доброе доброго день вечер утро
утра дня вечера времени суток привет приветствую алло hello hi у меня есть вопрос вопросик пожалуйста
помогите подскажите можно спросить а
"""
_GREETING_WORDS = frozenset(_GREETING_WORDS_TEXT.split())


_THANKS_WORDS_TEXT = """
спасибо спасибочки благодарю благодарим большое огромное вам пожалуйста ок окей понятно ясно хорошо ладно
всё все получилось разобрался разобралась разобрались помогли отлично супер
thanks thank you
"""
_THANKS_WORDS = frozenset(_THANKS_WORDS_TEXT.split())


def is_thanks_only(text: str) -> bool:
    """«Спасибо», «Понятно, благодарю» with nothing to answer."""
    words = [word.lower() for word in _WORDS.findall(text)]
    return bool(words) and all(word in _THANKS_WORDS for word in words)


def is_greeting_only(text: str) -> bool:
    """«Здравствуйте», «Добрый день, у меня вопрос»: nothing to answer yet but a request to go on."""
    words = [word.lower() for word in _WORDS.findall(text)]
    return bool(words) and all(word in _GREETING_WORDS for word in words)
