"""Training of the models the desk runs: topic + urgency on the request corpus, emotion on CEDR."""

from __future__ import annotations

import time

from assistant import datasets
from assistant.corpus import load_requests
from assistant.emotion import EmotionModel, emotion_label
from assistant.keywords import document_frequencies
from assistant.model_store import AssistantModels
from assistant.topics import TopicModel


def topic_model_train(*, parents: dict[str, str], split: str = "train") -> TopicModel:
    """Fit on the corpus rows of `split` ("train" for the evaluated model, "all" for production)."""
    known = set(parents) | set(parents.values())
    rows = [row for row in load_requests(known_topics=known) if split == "all" or row.split == split]
    return TopicModel(parents=parents).fit(
        [row.text for row in rows], [row.topic for row in rows], [row.urgency for row in rows]
    )


def emotion_model_train() -> EmotionModel:
    rows = datasets.cedr("train")
    return EmotionModel().fit([row.text for row in rows], [emotion_label(row.labels) for row in rows])


def models_train(*, parents: dict[str, str]) -> AssistantModels:
    """Train everything analyse() needs. Only the train split is used, so the corpus's test split
    stays a fair measurement of the shipped model."""
    started = time.monotonic()
    rows = [row for row in load_requests() if row.split == "train"]
    models = AssistantModels(
        topics=topic_model_train(parents=parents),
        emotion=emotion_model_train(),
        idf=document_frequencies([row.text for row in rows]),
    )
    models.meta.update({"train_rows": len(rows), "train_seconds": round(time.monotonic() - started, 1)})
    return models
