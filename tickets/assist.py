"""Operator assist (issue #4, point 6): what the assistant reads in a request, and answers to offer.

The request page shows the detected topic, urgency, emotion and keywords of the citizen's words, the
knowledge-base articles that answer them (one click puts a short answer with the link into the reply),
and the saved replies of the topic. Everything is a suggestion: the operator decides.
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
KEYWORDS_SHOWN = 6


@dataclass(frozen=True)
class Assist:
    topic: Topic | None
    confidence: float
    out_of_scope: bool
    urgency: str
    emotion: str
    keywords: list[str] = field(default_factory=list)
    articles: list = field(default_factory=list)  # knowledgebase Article, best first

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


def assist_for(*, ticket: Ticket, user) -> Assist | None:
    """None when the assistant cannot read the request (another language, or the model failed)."""
    from assistant import analyse
    from assistant.analysis import SUPPORTED_LANGUAGES
    from knowledgebase.selectors import article_search

    if ticket.language not in SUPPORTED_LANGUAGES:
        return None
    text = citizen_words(ticket)
    try:
        analysis = analyse(text, ticket.language)
    except Exception:  # an aid, never a reason for the request page to fail
        logger.exception("assist analysis failed ticket=%s", ticket.pk)
        return None
    code = None if analysis.is_out_of_scope else analysis.subtopic or analysis.topic
    topic = Topic.objects.filter(code=code).first() if code else None
    keywords = [keyword.lemma for keyword in analysis.keywords[:KEYWORDS_SHOWN]]
    query = " ".join(keywords) or text
    articles = article_search(user=user, query=query, limit=SUGGESTED_ARTICLES).articles
    return Assist(
        topic=topic,
        confidence=analysis.subtopic_confidence if analysis.subtopic else analysis.topic_confidence,
        out_of_scope=analysis.is_out_of_scope,
        urgency=analysis.urgency,
        emotion=analysis.emotion,
        keywords=keywords,
        articles=list(articles),
    )


def article_answer_text(*, article, url: str) -> str:
    """What «Вставить ответ» puts into the reply: the article's short answer and where to read more."""
    return _("%(summary)s\n\nПодробная инструкция: %(url)s") % {"summary": article.summary.strip(), "url": url}
