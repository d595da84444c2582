"""The assistant reads a request that arrives without a topic (AI2): topic and urgency feed routing.

A request is never lost or delayed by the analysis: any failure leaves it without a topic, and routing
then sends it to triage at its tier, as before.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings

from tickets.models import Ticket, Topic

logger = logging.getLogger(__name__)  # ids and codes only: the text may hold personal data

# The assistant's urgency → the request's priority; «urgent» stays a person's decision.
PRIORITY_BY_URGENCY = {
    "low": Ticket.Priority.LOW,
    "normal": Ticket.Priority.NORMAL,
    "high": Ticket.Priority.HIGH,
}
MAX_ANALYSED_CHARS = 4000  # a long letter's opening says what it is about; analysis stays fast


@dataclass(frozen=True)
class Triage:
    topic: Topic | None = None
    priority: int = Ticket.Priority.NORMAL
    facts: dict = field(default_factory=dict)  # what the journal keeps: codes and scores, never text


def triage(*, text: str, language: str) -> Triage:
    from assistant import analyse
    from assistant.analysis import SUPPORTED_LANGUAGES

    if not settings.TICKETS_AUTO_TRIAGE or language not in SUPPORTED_LANGUAGES or not text.strip():
        return Triage()
    try:
        analysis = analyse(text[:MAX_ANALYSED_CHARS], language)
    except Exception:  # the model is an aid: a broken model file must not stop intake
        logger.exception("request analysis failed; the request goes to triage without a topic")
        return Triage()
    code = None if analysis.is_out_of_scope else analysis.subtopic or analysis.topic
    topic = Topic.objects.filter(code=code, is_active=True).first() if code else None
    facts = {
        "topic": topic.code if topic else None,
        "confidence": round(analysis.subtopic_confidence if analysis.subtopic else analysis.topic_confidence, 3),
        "out_of_scope": analysis.is_out_of_scope,
        "urgency": analysis.urgency,
        "emotion": analysis.emotion,
    }
    return Triage(topic=topic, priority=PRIORITY_BY_URGENCY.get(analysis.urgency, Ticket.Priority.NORMAL),
                  facts=facts)
