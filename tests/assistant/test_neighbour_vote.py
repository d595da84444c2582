"""The classifier's neighbour vote: the most similar known examples' intents, blended into probabilities()."""

from __future__ import annotations

import numpy as np
from sklearn.preprocessing import normalize

from assistant.text_classifier import TextClassifier, TextFeatures, neighbour_votes

TEXTS = [
    "my card has not arrived yet", "when will my new card arrive", "card still not delivered",
    "how do I top up by bank transfer", "top up with a transfer from my bank", "can I add money by transfer",
    "I was charged twice for one purchase", "double charge on my statement", "a payment was taken two times",
]
LABELS = ["card_arrival"] * 3 + ["top_up"] * 3 + ["duplicate_charge"] * 3


def test_votes_go_to_the_intents_of_the_nearest_examples_weighted_by_similarity():
    features = TextFeatures()
    known = normalize(features.fit_transform(TEXTS))
    classes = sorted(set(LABELS))

    votes = neighbour_votes(known, np.searchsorted(classes, LABELS), len(classes),
                            features.transform(["my new card has still not arrived"]), k=3)

    assert votes.shape == (1, 3)
    assert np.isclose(votes.sum(), 1.0)
    assert classes[int(votes.argmax())] == "card_arrival"


def test_the_vote_enters_the_probabilities_only_with_a_share():
    plain = TextClassifier().fit(TEXTS, LABELS)
    voting = TextClassifier()
    voting.knn_weight, voting.knn_k = 0.5, 3
    voting.fit(TEXTS, LABELS)
    text = ["a transfer from my bank to top up"]

    assert not hasattr(plain, "known_")  # nothing kept when the vote has no share (the desk's models)
    assert voting.predict_labels(text) == plain.predict_labels(text) == ["top_up"]
    assert not np.allclose(voting.probabilities(text), plain.probabilities(text))
    assert np.isclose(voting.probabilities(text).sum(), 1.0)
