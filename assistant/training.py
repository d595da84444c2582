"""Training of the models the desk runs: topic, urgency and emotion on the request corpus, emotion on CEDR
plus the corpus, and the blend of the two emotion readings."""

from __future__ import annotations

import time

import numpy as np

from assistant import datasets
from assistant.corpus import RequestRow, load_requests
from assistant.emotion import NEUTRAL, BlendTuning, EmotionModel, blend_tune, emotion_label
from assistant.keywords import document_frequencies
from assistant.model_input import classifier_inputs
from assistant.model_store import AssistantModels
from assistant.topics import TopicModel


def request_rows(*, parents: dict[str, str], split: str = "train") -> list[RequestRow]:
    known = set(parents) | set(parents.values())
    return [row for row in load_requests(known_topics=known) if split == "all" or row.split == split]


def topic_model_train(
    rows: list[RequestRow], *, parents: dict[str, str], inputs: list[str] | None = None
) -> TopicModel:
    """Fit on `rows` (the corpus's train split for the shipped and the evaluated model alike)."""
    inputs = classifier_inputs([row.text for row in rows]) if inputs is None else inputs
    return TopicModel(parents=parents).fit(
        inputs, [row.topic for row in rows], [row.urgency for row in rows], [row.emotion for row in rows]
    )


def emotion_model_train(
    desk_rows: list[RequestRow], desk_inputs: list[str], *, limit: int | None = None
) -> tuple[EmotionModel, list[str], np.ndarray]:
    """The emotion model on CEDR's train plus the desk's training rows (CEDR first); also returns CEDR's
    inputs and truth, which the blend needs."""
    rows = datasets.cedr("train")[:limit]
    inputs = classifier_inputs([row.text for row in rows])
    labels = [emotion_label(row.labels) for row in rows]
    model = EmotionModel().fit(inputs + list(desk_inputs), labels + [row.emotion for row in desk_rows])
    return model, inputs, np.array([label != NEUTRAL for label in labels])


def emotion_blend_train(
    emotion: EmotionModel,
    topics: TopicModel,
    *,
    desk_rows: list[RequestRow],
    cedr_inputs: list[str],
    cedr_truth: np.ndarray,
) -> BlendTuning:
    """Tune and set the blend of `emotion` (fitted on CEDR's rows, then the desk's) with the desk head,
    from out-of-fold scores; then drop those scores from the models."""
    cedr_rows = len(cedr_inputs)
    tuning = blend_tune(
        desk_truth=np.array([row.emotion != NEUTRAL for row in desk_rows]),
        desk_own=topics.emotion_oof_,
        desk_cedr=emotion.oof_scores_[cedr_rows:],
        cedr_truth=cedr_truth,
        cedr_own=emotion.oof_scores_[:cedr_rows],
        cedr_desk=topics.emotion_scores(cedr_inputs)[0],
    )
    emotion.blend_set(tuning.weight, tuning.threshold)
    emotion.oof_scores_ = topics.emotion_oof_ = None  # needed only here; kept out of the model file
    return tuning


def models_train(*, parents: dict[str, str]) -> AssistantModels:
    """Train everything analyse() needs. Only the train splits are used, so the corpus's test split
    stays a fair measurement of the shipped model."""
    started = time.monotonic()
    rows = request_rows(parents=parents)
    inputs = classifier_inputs([row.text for row in rows])
    topics = topic_model_train(rows, parents=parents, inputs=inputs)
    emotion, cedr_inputs, cedr_truth = emotion_model_train(rows, inputs)
    tuning = emotion_blend_train(emotion, topics, desk_rows=rows, cedr_inputs=cedr_inputs, cedr_truth=cedr_truth)
    models = AssistantModels(topics=topics, emotion=emotion, idf=document_frequencies([row.text for row in rows]))
    models.meta.update(
        {
            "train_rows": len(rows),
            "train_seconds": round(time.monotonic() - started, 1),
            "emotion_blend": {
                "desk_weight": tuning.weight,
                "threshold": tuning.threshold,
                "cv_desk_f1": tuning.desk_f1,
                "cv_cedr_f1": tuning.cedr_f1,
            },
        }
    )
    return models
