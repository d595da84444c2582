"""A TF-IDF (word + character n-gram) linear ensemble for short texts, with an out-of-scope threshold.

Plain scikit-learn; the same class is trained on the desk's Russian requests and on the English
banking77 / clinc150 benchmarks, so the figures measured there describe this exact machinery.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class Prediction:
    label: str
    confidence: float
    scores: dict[str, float]


def linear_scores(model, matrix) -> np.ndarray:
    """`model.decision_function` without scikit-learn's per-call input validation, which costs more
    than the product itself on one short message (analyse() has a 20 ms budget)."""
    return np.asarray(matrix @ model.coef_.T) + model.intercept_


def logistic_probabilities(model, matrix) -> np.ndarray:
    """`predict_proba` of a fitted LogisticRegression, computed as it does (sigmoid for two classes,
    softmax over the classes otherwise)."""
    scores = linear_scores(model, matrix)
    if scores.shape[1] == 1:
        positive = 1.0 / (1.0 + np.exp(-scores[:, 0]))
        return np.column_stack([1.0 - positive, positive])
    return _softmax(scores)


def neighbour_votes(known, known_labels: np.ndarray, n_classes: int, matrix, k: int = 10) -> np.ndarray:
    """Class shares among the k most similar known rows (cosine over the same features, votes weighted by the
    squared similarity). `known` is the L2-normalised training matrix, `known_labels` its class indexes.
    Near-paraphrases of a training example are common in intent data; a linear model can still rank a
    neighbouring intent first for them."""
    similarity = (normalize(matrix) @ known.T).toarray()
    k = min(k, similarity.shape[1])
    nearest = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
    votes = np.zeros((similarity.shape[0], n_classes))
    rows = np.repeat(np.arange(similarity.shape[0]), k)
    np.add.at(votes, (rows, known_labels[nearest].ravel()), np.take_along_axis(similarity, nearest, 1).ravel() ** 2)
    return votes / np.maximum(votes.sum(axis=1, keepdims=True), 1e-12)


def _softmax(matrix: np.ndarray) -> np.ndarray:
    shifted = matrix - matrix.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


class TextFeatures:
    """Word n-grams over the preprocessed text (lemmas, stems), char n-grams over the raw lower-cased
    text: endings that lemmatisation throws away still carry signal (tense, person, emphasis).
    One instance can feed several classifiers trained on the same texts (topic, sub-topic, urgency),
    so a message is vectorised once."""

    def __init__(
        self,
        *,
        preprocess: Callable[[str], str] | None = None,
        word_ngrams: tuple[int, int] = (1, 2),
        char_ngrams: tuple[int, int] = (2, 5),
        char_max_features: int = 200_000,
    ) -> None:
        self.preprocess = preprocess
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.char_max_features = char_max_features

    def _inputs(self, texts: Sequence[str]) -> tuple[list[str], list[str]]:
        lowered = [text.lower() for text in texts]
        return (lowered if self.preprocess is None else [self.preprocess(text) for text in texts]), lowered

    def fit_transform(self, texts: Sequence[str]):
        words, lowered = self._inputs(texts)
        self.word_vectorizer_ = TfidfVectorizer(
            ngram_range=self.word_ngrams,
            sublinear_tf=True,
            token_pattern=r"(?u)\b\w+\b",  # noqa: S106 — a regex, not a password
        )
        self.char_vectorizer_ = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=self.char_ngrams,
            sublinear_tf=True,
            min_df=2,
            max_features=self.char_max_features,
        )
        matrix = hstack([self.word_vectorizer_.fit_transform(words), self.char_vectorizer_.fit_transform(lowered)])
        # Terms cut by min_df/max_features are kept only for introspection and would bloat the model file.
        self.word_vectorizer_.stop_words_ = self.char_vectorizer_.stop_words_ = None
        return matrix.tocsr()

    def transform(self, texts: Sequence[str]):
        words, lowered = self._inputs(texts)
        return hstack([self.word_vectorizer_.transform(words), self.char_vectorizer_.transform(lowered)]).tocsr()


class TextClassifier:
    """TF-IDF features (TextFeatures), a LinearSVC and a logistic regression averaged.

    The SVM gives the sharper ranking and the logistic regression calibrated-ish probabilities;
    the average of the regression's probabilities and a softmax of the SVM margins beats either alone
    on banking77's validation split. `threshold`: below it the prediction becomes OUT_OF_SCOPE
    (so an unknown request goes to a person); 0 disables it.
    """

    # The neighbour vote's share in probabilities() (0: none). A class attribute, so models pickled before it
    # existed load with the blend they were tuned with; the topic model blends components itself and skips it.
    knn_weight = 0.0
    knn_k = 10

    def __init__(
        self,
        *,
        preprocess: Callable[[str], str] | None = None,
        word_ngrams: tuple[int, int] = (1, 2),
        char_ngrams: tuple[int, int] = (2, 5),
        svm_c: float = 0.5,
        logreg_c: float = 20.0,
        svm_temperature: float = 3.0,
        svm_weight: float = 0.5,
        class_weight: str | None = None,
        threshold: float = 0.0,
        char_max_features: int = 200_000,
    ) -> None:
        self.features = TextFeatures(
            preprocess=preprocess, word_ngrams=word_ngrams, char_ngrams=char_ngrams, char_max_features=char_max_features
        )
        self.svm_c = svm_c
        self.logreg_c = logreg_c
        self.svm_temperature = svm_temperature
        self.svm_weight = svm_weight
        self.class_weight = class_weight
        self.threshold = threshold

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> TextClassifier:
        return self.fit_matrix(self.features.fit_transform(texts), labels)

    def fit_matrix(self, matrix, labels: Sequence[str]) -> TextClassifier:
        """Fit on rows already vectorised by `self.features` (shared with other classifiers)."""
        self.svm_ = LinearSVC(C=self.svm_c, class_weight=self.class_weight).fit(matrix, labels)
        self.logreg_ = LogisticRegression(C=self.logreg_c, max_iter=2000, class_weight=self.class_weight).fit(
            matrix, labels
        )
        for model in (self.svm_, self.logreg_):  # half the file size; scores differ below 1e-6
            model.coef_ = model.coef_.astype(np.float32)
        self.classes_ = [str(label) for label in self.logreg_.classes_]
        if list(self.svm_.classes_) != list(self.logreg_.classes_):  # both sort labels; a mismatch is a bug
            raise RuntimeError("class order differs between the two models")
        if self.knn_weight:
            self.known_ = normalize(matrix).astype(np.float32)
            self.known_labels_ = np.searchsorted(self.logreg_.classes_, np.asarray(labels))
        return self

    def components(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(SVM margins, regression probabilities), one row per text: lets a caller tune the blend
        (`svm_temperature`, `svm_weight`) on a validation split without refitting."""
        return self.components_matrix(self.features.transform(texts))

    def components_matrix(self, matrix) -> tuple[np.ndarray, np.ndarray]:
        margins = linear_scores(self.svm_, matrix)
        if margins.shape[1] == 1:  # binary: one column, the positive class's margin
            margins = np.column_stack([-margins[:, 0], margins[:, 0]])
        return margins, logistic_probabilities(self.logreg_, matrix)

    def blend(self, margins: np.ndarray, proba: np.ndarray) -> np.ndarray:
        return self.svm_weight * _softmax(margins * self.svm_temperature) + (1.0 - self.svm_weight) * proba

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        matrix = self.features.transform(texts)
        blended = self.blend(*self.components_matrix(matrix))
        if not self.knn_weight:
            return blended
        votes = neighbour_votes(self.known_, self.known_labels_, len(self.classes_), matrix, self.knn_k)
        return (1.0 - self.knn_weight) * blended + self.knn_weight * votes

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        return self.predictions(self.probabilities(texts))

    def predictions(self, probabilities: np.ndarray) -> list[Prediction]:
        result = []
        for row in probabilities:
            best = int(row.argmax())
            label, confidence = self.classes_[best], float(row[best])
            if confidence < self.threshold:
                label = OUT_OF_SCOPE
            result.append(Prediction(label, confidence, dict(zip(self.classes_, map(float, row), strict=True))))
        return result

    def predict_labels(self, texts: Sequence[str]) -> list[str]:
        return [prediction.label for prediction in self.predict(texts)]
