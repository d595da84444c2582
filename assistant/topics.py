"""Topic, sub-topic, urgency and the desk's own emotion reading of a request (SPEC AI2, AI3), with
out-of-scope detection.

Two classifiers over the topic tree: one picks the parent topic or OUT_OF_SCOPE from every row,
the other picks the leaf among the parent's children from the rows labelled with a leaf (rows
labelled only with a parent still teach the first). A parent confidence below `threshold`, tuned
by cross-validation on the training split, also means out of scope: a person takes the request.
Urgency and emotion (neutral / anger / distress, labelled on the same corpus) are two more heads on
the same features; the emotion head's score is blended with the CEDR model in emotion.py, which
is why its out-of-fold scores over the training rows are kept until the blend is tuned.
The texts are the classifiers' input (model_input.classifier_input), not the raw message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import StratifiedKFold

from assistant.morphology import lemmatized
from assistant.text_classifier import OUT_OF_SCOPE, TextClassifier, TextFeatures

SUBTOPIC_MIN_CONFIDENCE = 0.35


@dataclass(frozen=True)
class TopicPrediction:
    topic: str  # parent code or OUT_OF_SCOPE
    confidence: float
    subtopic: str | None  # leaf code, or None when unsure (the parent still routes)
    subtopic_confidence: float
    urgency: str
    urgency_confidence: float
    # the second most likely parent topic: when it is close, the chat asks which one the citizen means
    runner_up: str | None = None
    runner_up_confidence: float = 0.0
    # the emotion head: P(anger or distress) and P(anger | one of them); None for a model without one
    emotion_negative: float | None = None
    emotion_anger: float | None = None


def _classifier() -> TextClassifier:
    # 40k char n-grams keep the model file small; on ~2,000 requests more features add nothing.
    return TextClassifier(
        preprocess=lemmatized, svm_c=0.5, logreg_c=20.0, class_weight="balanced", char_max_features=40_000
    )


def _features() -> TextFeatures:
    return _classifier().features


def tune_threshold(confidences: np.ndarray, is_in_scope: np.ndarray, is_correct: np.ndarray) -> float:
    """The confidence cut maximising the mean of in-scope accuracy (wrongly refused counts as an
    error) and out-of-scope recall: refusing everything or nothing both score 0.5 at best.
    `confidences` must already be 0 where the model itself predicted out of scope."""
    best, best_score = 0.0, -1.0
    for threshold in np.arange(0.0, 0.9, 0.02):
        kept = confidences >= threshold
        in_scope_accuracy = (is_correct & kept)[is_in_scope].mean() if is_in_scope.any() else 0.0
        oos_recall = (~kept)[~is_in_scope].mean() if (~is_in_scope).any() else 0.0
        score = (in_scope_accuracy + oos_recall) / 2
        if score > best_score + 1e-9:
            best, best_score = float(threshold), score
    return best


class TopicModel:
    def __init__(self, *, parents: dict[str, str]) -> None:
        """`parents`: leaf code → parent code, from the topic tree."""
        self.parents = dict(parents)

    def _parent_of(self, topic: str) -> str:
        return self.parents.get(topic, topic)

    def fit(
        self,
        texts: Sequence[str],
        topics: Sequence[str],
        urgencies: Sequence[str],
        emotions: Sequence[str] | None = None,
    ) -> TopicModel:
        parent_labels = [self._parent_of(topic) for topic in topics]
        if emotions is not None and len(set(emotions)) < 2:
            emotions = None  # nothing to learn from one class
        self.threshold_, self.emotion_oof_ = self._cross_validated(texts, parent_labels, emotions)
        # One vectoriser for every head: a message is vectorised once per analyse().
        self.features_ = _features()
        matrix = self.features_.fit_transform(texts)
        self.parent_model_ = _classifier().fit_matrix(matrix, parent_labels)
        self.parent_model_.threshold = self.threshold_
        leaf_rows = [index for index, topic in enumerate(topics) if topic in self.parents]
        self.leaf_model_ = _classifier().fit_matrix(matrix[leaf_rows], [topics[index] for index in leaf_rows])
        self.urgency_model_ = _classifier().fit_matrix(matrix, urgencies)
        self.emotion_model_ = None if emotions is None else _classifier().fit_matrix(matrix, emotions)
        for model in (self.parent_model_, self.leaf_model_, self.urgency_model_, self.emotion_model_):
            if model is not None:
                model.features = self.features_
        return self

    def _cross_validated(
        self, texts: Sequence[str], labels: Sequence[str], emotions: Sequence[str] | None
    ) -> tuple[float, np.ndarray | None]:
        """The out-of-scope threshold, and the emotion head's out-of-fold P(negative) per row (None
        without emotions), from one 4-fold cross-validation over the training rows."""
        labels_array = np.array(labels)
        has_out_of_scope = OUT_OF_SCOPE in labels_array
        if not has_out_of_scope and emotions is None:
            return 0.0, None
        emotions_array = None if emotions is None else np.array(emotions)
        confidences = np.zeros(len(texts))
        correct = np.zeros(len(texts), dtype=bool)
        negative = None if emotions is None else np.zeros(len(texts))
        folds = StratifiedKFold(n_splits=4, shuffle=True, random_state=0)
        for train_index, held_index in folds.split(np.zeros(len(texts)), labels_array):
            features = _features()
            matrix = features.fit_transform([texts[i] for i in train_index])
            held = features.transform([texts[i] for i in held_index])
            model = _classifier().fit_matrix(matrix, labels_array[train_index])
            proba = model.blend(*model.components_matrix(held))
            predicted = np.array(model.classes_)[proba.argmax(axis=1)]
            confidences[held_index] = proba.max(axis=1)
            # A confident OUT_OF_SCOPE is out of scope too: count it as "refused" when comparing.
            correct[held_index] = (predicted == labels_array[held_index]) & (predicted != OUT_OF_SCOPE)
            confidences[held_index[predicted == OUT_OF_SCOPE]] = 0.0
            if emotions_array is not None:
                emotion_model = _classifier().fit_matrix(matrix, emotions_array[train_index])
                negative[held_index] = _emotion_scores(emotion_model, held)[0]
        in_scope = labels_array != OUT_OF_SCOPE
        threshold = tune_threshold(confidences, in_scope, correct) if has_out_of_scope else 0.0
        return threshold, negative

    def emotion_scores(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(P(anger or distress), P(anger | negative)) per text from the emotion head."""
        return _emotion_scores(self.emotion_model_, self.features_.transform(texts))

    def predict(self, texts: Sequence[str]) -> list[TopicPrediction]:
        matrix = self.features_.transform(texts)
        parents = self.parent_model_.predictions(
            self.parent_model_.blend(*self.parent_model_.components_matrix(matrix))
        )
        leaf_proba = self.leaf_model_.blend(*self.leaf_model_.components_matrix(matrix))
        urgencies = self.urgency_model_.predictions(
            self.urgency_model_.blend(*self.urgency_model_.components_matrix(matrix))
        )
        emotion_model = getattr(self, "emotion_model_", None)
        negative, anger = (
            _emotion_scores(emotion_model, matrix) if emotion_model is not None else ([None] * len(texts),) * 2
        )
        leaf_classes = self.leaf_model_.classes_
        result = []
        for parent, leaf_row, urgency, negative_score, anger_share in zip(
            parents, leaf_proba, urgencies, negative, anger, strict=True
        ):
            subtopic, subtopic_confidence = None, 0.0
            if parent.label != OUT_OF_SCOPE:
                children = [i for i, code in enumerate(leaf_classes) if self.parents.get(code) == parent.label]
                if children:
                    weights = leaf_row[children] / max(leaf_row[children].sum(), 1e-12)
                    best = int(weights.argmax())
                    subtopic_confidence = float(weights[best])
                    if subtopic_confidence >= SUBTOPIC_MIN_CONFIDENCE:
                        subtopic = leaf_classes[children[best]]
            ranked = sorted(
                ((code, score) for code, score in parent.scores.items() if code != OUT_OF_SCOPE),
                key=lambda item: -item[1],
            )
            runner_up = next(((code, score) for code, score in ranked if code != parent.label), (None, 0.0))
            result.append(
                TopicPrediction(
                    parent.label, parent.confidence, subtopic, subtopic_confidence, urgency.label, urgency.confidence,
                    runner_up=runner_up[0], runner_up_confidence=runner_up[1],
                    emotion_negative=None if negative_score is None else float(negative_score),
                    emotion_anger=None if anger_share is None else float(anger_share),
                )
            )
        return result


def _emotion_scores(model: TextClassifier, matrix) -> tuple[np.ndarray, np.ndarray]:
    proba = model.blend(*model.components_matrix(matrix))
    column = {label: index for index, label in enumerate(model.classes_)}
    absent = np.zeros(proba.shape[0])  # a small training slice may lack one of the two
    anger = proba[:, column["anger"]] if "anger" in column else absent
    distress = proba[:, column["distress"]] if "distress" in column else absent
    return anger + distress, anger / np.maximum(anger + distress, 1e-12)
