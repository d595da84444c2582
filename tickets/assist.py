"""Operator assist (issue #4, point 6): what the assistant reads in a request, and answers to offer.

The request page shows the detected topic, urgency, emotion and keywords of the citizen's words, the
knowledge-base articles that answer them (one click puts a short answer with the link into the reply),
and the saved replies that fit best: of the stored topic and of the one read in the words, ranked by the
keywords they share with the request. Everything is a suggestion: the operator decides.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tickets.models import Ticket, Topic
from tickets.selectors import citizen_bodies_newest_first

logger = logging.getLogger(__name__)  # ids only

ANALYSED_CHARS = 2000  # the citizen's latest words say most; analysis stays in milliseconds
SUGGESTED_ARTICLES = 3
SUGGESTED_REPLIES = 3
KEYWORDS_SHOWN = 6
# the analysis and the topic read in it, kept on the Ticket instance for the rest of the request
_READING = "_assist_reading"
_DETECTED = "_assist_detected_topic"
_NOT_READ = object()


@dataclass(frozen=True)
class Assist:
    topic: Topic | None
    confidence: float
    out_of_scope: bool
    urgency: str
    emotion: str
    keywords: list[str] = field(default_factory=list)
    articles: list = field(default_factory=list)  # knowledgebase Article, best first
    saved_replies: list = field(default_factory=list)  # SavedReply, best first

    @property
    def needs_care(self) -> bool:
        """An upset citizen or an urgent matter: the page says so next to the suggestions."""
        return self.emotion != "neutral" or self.urgency == "high"


def citizen_words(ticket: Ticket) -> str:
    """The citizen's messages, latest first, as one text for the analysis."""
    text, size = [], 0
    for body in citizen_bodies_newest_first(ticket):
        text.append(body)
        size += len(body)
        if size >= ANALYSED_CHARS:
            break
    return "\n".join([ticket.subject, *text])[:ANALYSED_CHARS]


def ticket_reading(ticket: Ticket):
    """The assistant's analysis of the citizen's words, or None when it cannot read them (another language, or
    the model failed). Read once per Ticket instance: the request page asks for it several times."""
    from assistant import analyse
    from assistant.analysis import SUPPORTED_LANGUAGES

    reading = ticket.__dict__.get(_READING, _NOT_READ)
    if reading is not _NOT_READ:
        return reading
    reading = None
    if ticket.language in SUPPORTED_LANGUAGES:
        try:
            reading = analyse(citizen_words(ticket), ticket.language)
        except Exception:  # an aid, never a reason for the request page to fail
            logger.exception("assist analysis failed ticket=%s", ticket.pk)
    ticket.__dict__[_READING] = reading
    return reading


def detected_topic(ticket: Ticket) -> Topic | None:
    """The topic (sub-topic when there is one) the assistant reads in the citizen's words."""
    found = ticket.__dict__.get(_DETECTED, _NOT_READ)
    if found is not _NOT_READ:
        return found
    reading = ticket_reading(ticket)
    code = None if reading is None or reading.is_out_of_scope else reading.subtopic or reading.topic
    found = Topic.objects.filter(code=code).first() if code else None
    ticket.__dict__[_DETECTED] = found
    return found


def saved_replies_ranked(*, replies, keywords: list[str], topics: list[Topic | None], limit: int) -> list:
    """The saved replies that fit the request, best first: shared keywords (lemmas) count most, then a reply of
    the request's own sub-topic over one of its section. A general reply sharing no keyword is not suggested."""
    from assistant.keywords import content_lemmas
    from assistant.morphology import tokens

    wanted = dict.fromkeys(keywords)
    exact = {topic.pk for topic in topics if topic is not None}
    sections = {topic.parent_id for topic in topics if topic is not None and topic.parent_id}
    scored = []
    for reply in replies:
        lemmas = set(content_lemmas(tokens(f"{reply.title}\n{reply.body}")))
        shared = sum(1 for keyword in wanted if keyword in lemmas)
        fit = 2 if reply.topic_id in exact else 1 if reply.topic_id in sections else 0
        if shared or fit:
            scored.append((-shared, -fit, reply.title, reply.pk, reply))
    return [item[-1] for item in sorted(scored, key=lambda item: item[:4])[:limit]]


def assist_for(*, ticket: Ticket, user) -> Assist | None:
    """None when the assistant cannot read the request (another language, or the model failed)."""
    from knowledgebase.selectors import article_search
    from tickets.selectors import saved_replies_for

    analysis = ticket_reading(ticket)
    if analysis is None:
        return None
    topic = detected_topic(ticket)
    keywords = [keyword.lemma for keyword in analysis.keywords[:KEYWORDS_SHOWN]]
    query = " ".join(keywords) or citizen_words(ticket)
    articles = article_search(user=user, query=query, limit=SUGGESTED_ARTICLES).articles
    replies = saved_replies_ranked(
        replies=saved_replies_for(ticket),
        keywords=[keyword.lemma for keyword in analysis.keywords],
        topics=[ticket.topic, topic],
        limit=SUGGESTED_REPLIES,
    )
    return Assist(
        topic=topic,
        confidence=analysis.subtopic_confidence if analysis.subtopic else analysis.topic_confidence,
        out_of_scope=analysis.is_out_of_scope,
        urgency=analysis.urgency,
        emotion=analysis.emotion,
        keywords=keywords,
        articles=list(articles),
        saved_replies=replies,
    )


def article_answer_text(*, article, url: str) -> str:
    """What «Вставить ответ» puts into the reply: the article's short answer and where to read more."""
    return _("%(summary)s\n\nПодробная инструкция: %(url)s") % {"summary": article.summary.strip(), "url": url}
