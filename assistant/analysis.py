"""analyse(text): everything the desk learns from one message, in a few milliseconds (SPEC AU2, AI2, AI3, AI6)."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.emotion import NEUTRAL
from assistant.keywords import Keyword, keywords
from assistant.model_input import classifier_input
from assistant.model_store import models_load
from assistant.morphology import tokens
from assistant.pii import PiiSpan, find_pii, mask
from assistant.text_classifier import OUT_OF_SCOPE

SUPPORTED_LANGUAGES = ("ru",)


class UnsupportedLanguage(ValueError):
    pass


@dataclass(frozen=True)
class Analysis:
    topic: str  # a parent topic code, or OUT_OF_SCOPE: a person should take it
    topic_confidence: float
    subtopic: str | None
    subtopic_confidence: float
    urgency: str  # low | normal | high
    urgency_confidence: float
    emotion: str  # anger | distress | neutral
    emotion_score: float  # the blended desk + CEDR score; emotion is not neutral from emotion_threshold() up
    keywords: list[Keyword] = field(default_factory=list)
    pii: list[PiiSpan] = field(default_factory=list)
    masked_text: str = ""
    topic_runner_up: str | None = None  # the second most likely parent topic and its confidence
    topic_runner_up_confidence: float = 0.0

    @property
    def is_out_of_scope(self) -> bool:
        return self.topic == OUT_OF_SCOPE

    @property
    def needs_human(self) -> bool:
        """Unknown request, or an angry or distressed citizen: hand over to an operator (AI3)."""
        return self.is_out_of_scope or self.emotion != NEUTRAL

    def as_dict(self) -> dict:
        return {
            "topic": self.topic,
            "topic_confidence": round(self.topic_confidence, 3),
            "subtopic": self.subtopic,
            "subtopic_confidence": round(self.subtopic_confidence, 3),
            "urgency": self.urgency,
            "urgency_confidence": round(self.urgency_confidence, 3),
            "emotion": self.emotion,
            "emotion_score": round(self.emotion_score, 3),
            "needs_human": self.needs_human,
            "keywords": [{"lemma": keyword.lemma, "weight": keyword.weight} for keyword in self.keywords],
            "pii": [span.as_dict() for span in self.pii],
            "masked_text": self.masked_text,
        }


def emotion_threshold() -> float:
    """The emotion score from which analyse() reads anger or distress: the shipped blend's tuned cut."""
    emotion = models_load().emotion
    return emotion.threshold_ if emotion.blend_threshold_ is None else emotion.blend_threshold_


def analyse(text: str, lang: str = "ru") -> Analysis:
    if lang not in SUPPORTED_LANGUAGES:
        raise UnsupportedLanguage(f"language {lang!r} is not supported; supported: {', '.join(SUPPORTED_LANGUAGES)}")
    if not text.strip():
        return Analysis(OUT_OF_SCOPE, 0.0, None, 0.0, "normal", 0.0, NEUTRAL, 0.0, [], [], text)
    models = models_load()
    pii = find_pii(text)
    # the classifiers read identifiers as placeholders and digits as 0: a number must not move the topic
    model_text = classifier_input(text, pii)
    topic = models.topics.predict([model_text])[0]
    emotion = models.emotion.predict(
        [model_text], desk_negative=[topic.emotion_negative], desk_anger=[topic.emotion_anger]
    )[0]
    return Analysis(
        topic=topic.topic,
        topic_confidence=topic.confidence,
        subtopic=topic.subtopic,
        subtopic_confidence=topic.subtopic_confidence,
        urgency=topic.urgency,
        urgency_confidence=topic.urgency_confidence,
        emotion=emotion.label,
        emotion_score=emotion.negative_score,
        keywords=keywords(tokens(text), models.idf, skip=[(span.start, span.end) for span in pii]),
        pii=pii,
        masked_text=mask(text, spans=pii),
        topic_runner_up=topic.runner_up,
        topic_runner_up_confidence=topic.runner_up_confidence,
    )
