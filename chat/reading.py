"""What the chat assistant reads in a citizen's words (chat.dialogue): topic, mood, keywords, and whether a
reply brings anything new.

assistant.analyse does the reading; this module turns it into the dialogue's terms — a Topic row, «upset»
and «urgent» with the chat's own thresholds and cue words, whether the classifier was sure of the sub-topic.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from tickets.models import Topic

logger = logging.getLogger(__name__)  # ids and codes only

# Plain signs of anger or distress in support chats that a model trained on posts and tweets (CEDR) misses:
# they only add to the model's emotion, never silence it. «!!!» alone is not one: «ЗАБЫЛ ПОРОЛЬ!!!» is a
# password question.
_UPSET_CUES = re.compile(
    r"(издеваете|безобрази|сколько можно|возмутител|позор|отвратител|бесит|достали|достал\b|надоело|жалоб[ау]|"
    r"прокуратур|в суд\b|невозможно работать|в отчаянии|умоляю|паник|плачу|страшно|задолбал|урод|идиот|"
    r"охренел|офигел|обнаглел|бардак|кошмар|ужас\b|ужасн|верните деньги|никто не отвечает|бред\b|"
    r"что за работа|не умеете|жаловаться|пожалуюсь|издевательств|беспредел|хамство|обман|мошенни|"
    r"просто невозможно|невозможно дозвониться|не дозвониться|устал\w* (писать|ждать)|ничего не меняется|"
    r"\?\?|\?!|!\?)",
    re.IGNORECASE,
)
# A handover on the emotion model's score alone: at 0.45 the desk-trained model (assistant.emotion) is right
# about 9 times in 10 on the corpus's held-out chats (precision 0.91, recall 0.61); the cue words above carry
# the rest.
HANDOVER_EMOTION_SCORE = 0.45
CLOSE_TOPICS_MARGIN = 0.3  # the two best topics this close (and the second at least 0.25): ask which one
URGENT_CONFIDENCE = 0.6
SUBTOPIC_SURE = 0.5  # below it, two close sub-topics of one parent get a clarifying question
TOPIC_MIN_CONFIDENCE = 0.5  # a reading at least this sure is a question of its own


@dataclass(frozen=True)
class Reading:
    """What the assistant read in the citizen's words so far."""

    topic: Topic | None
    runner_up: Topic | None
    close_topics: bool
    out_of_scope: bool
    urgent: bool
    upset: bool
    keywords: list[str]
    masked: str
    confidence: float = 0.0  # of `topic`: the sub-topic's when there is one, else the parent's
    subtopic_sure: bool = False  # the classifier named the sub-topic with some confidence


def _mostly_cyrillic(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and sum("а" <= char.lower() <= "я" or char in "ёЁ" for char in letters) > len(letters) / 2


def _latin_read_as_russian(text: str) -> str:
    """Latin words of a Russian chat as the knowledge-base search reads them: the classifier has learnt
    Cyrillic and a little transliteration, not words typed on the wrong keyboard layout."""
    from knowledgebase.search import latin_as_russian
    from knowledgebase.selectors import published_vocabulary

    return latin_as_russian(text, published_vocabulary())


def citizen_read(text: str, language: str) -> Reading | None:
    """The citizen's words read by assistant.analyse; None when they cannot be read (a language the
    assistant does not know, a broken model)."""
    from assistant import analyse
    from assistant.analysis import SUPPORTED_LANGUAGES

    if language == "ru" and not _mostly_cyrillic(text):
        text = _latin_read_as_russian(text)  # «gfhjkm» on the wrong keyboard layout is «пароль»
    if _mostly_cyrillic(text):
        language = "ru"  # a citizen who chose English for the interface may still write in Russian
    if language not in SUPPORTED_LANGUAGES:
        return None
    try:
        analysis = analyse(text[:4000], language)
    except Exception:
        logger.exception("dialogue analysis failed")
        return None
    code = None if analysis.is_out_of_scope else analysis.subtopic or analysis.topic
    topic = Topic.objects.filter(code=code).select_related("parent").first() if code else None
    runner_up = (
        Topic.objects.filter(code=analysis.topic_runner_up).first()
        if analysis.topic_runner_up and not analysis.is_out_of_scope
        else None
    )
    close = (
        runner_up is not None
        and analysis.topic_runner_up_confidence >= 0.25
        and analysis.topic_confidence - analysis.topic_runner_up_confidence <= CLOSE_TOPICS_MARGIN
    )
    return Reading(
        topic=topic,
        runner_up=runner_up,
        close_topics=close,
        out_of_scope=analysis.is_out_of_scope,
        urgent=analysis.urgency == "high" and analysis.urgency_confidence >= URGENT_CONFIDENCE,
        upset=(analysis.emotion != "neutral" and analysis.emotion_score >= HANDOVER_EMOTION_SCORE)
        or bool(_UPSET_CUES.search(text)),
        keywords=[keyword.lemma for keyword in analysis.keywords[:6]],
        masked=analysis.masked_text,
        confidence=analysis.subtopic_confidence if analysis.subtopic else analysis.topic_confidence,
        subtopic_sure=bool(analysis.subtopic) and analysis.subtopic_confidence >= SUBTOPIC_SURE,
    )



NEW_CONTENT_WORDS = 2  # a reply with this many words of substance (one, with «?») is a new question
_FILLER_LEMMAS_TEXT = """
понять понятно ясно хм хмм ммм ну и а так это что дальше делать сделать теперь тогда ладно ок окей
помочь помогать статья ссылка инструкция ответ читать прочитать посмотреть смотреть
"""
_FILLER_LEMMAS = frozenset(_FILLER_LEMMAS_TEXT.split())


def is_new_question(latest_reading: Reading | None, reading: Reading) -> bool:
    """The latest message is a question of its own, on another topic than the conversation so far."""
    return (
        latest_reading is not None
        and latest_reading is not reading
        and not latest_reading.out_of_scope
        and latest_reading.topic is not None
        and latest_reading.confidence >= TOPIC_MIN_CONFIDENCE
        and (reading.topic is None or latest_reading.topic.pk != reading.topic.pk)
    )


_IDENTIFIER_WORDS_TEXT = """
снилс инн телефон тел номер паспорт почта email e-mail адрес дата мой моя мое свой вот это
"""
_IDENTIFIER_WORDS = frozenset(_IDENTIFIER_WORDS_TEXT.split())


def words_besides_identifiers(latest_reading: Reading | None) -> bool:
    """The message says more than «мой СНИЛС …»: there is a question to answer besides the entry."""
    if latest_reading is None:
        return True
    return any(keyword not in _IDENTIFIER_WORDS and not keyword.isdigit() for keyword in latest_reading.keywords)


def brings_new_content(latest: str, latest_reading: Reading | None) -> bool:
    """The reply says something new (a question of its own), not just «хм», «и что?», «а дальше?»."""
    if latest_reading is None:
        return False
    words = [keyword for keyword in latest_reading.keywords if keyword not in _FILLER_LEMMAS]
    if not words:
        return False  # «и что», «нет, не помогло»: whatever topic the classifier guesses for them
    in_scope = not latest_reading.out_of_scope and latest_reading.confidence >= TOPIC_MIN_CONFIDENCE
    return in_scope or len(words) >= NEW_CONTENT_WORDS or "?" in latest
