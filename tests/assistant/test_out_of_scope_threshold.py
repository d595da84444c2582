"""The out-of-scope cut: unknown requests go to a person, known ones are not refused for nothing."""

import numpy as np

from assistant.topics import tune_threshold


def test_threshold_separates_confident_known_requests_from_unsure_unknown_ones():
    confidences = np.array([0.9, 0.8, 0.7, 0.3, 0.2, 0.25])
    in_scope = np.array([True, True, True, False, False, False])
    correct = np.array([True, True, True, False, False, False])

    threshold = tune_threshold(confidences, in_scope, correct)

    assert 0.3 < threshold <= 0.7


def test_without_out_of_scope_examples_nothing_is_refused():
    confidences = np.array([0.9, 0.2])

    assert tune_threshold(confidences, np.array([True, True]), np.array([True, True])) == 0.0
