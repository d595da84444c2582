"""AI6, measured: the generated texts of every variant (mistyped after a cue, no cue, bare and foreign phones,
lower-case names, addresses without street words, look-alike negatives) are read right by kind."""

from assistant.evaluation import evaluate_pii_synthetic
from assistant.synthetic_pii import VARIANTS, synthetic_texts


def test_every_variant_and_kind_is_generated_with_its_span():
    texts = synthetic_texts(120)

    assert {text.variant for text in texts} == set(VARIANTS)
    for text in texts:
        [(start, end, kind)] = text.spans
        assert text.text[start:end].strip() == text.text[start:end] and end > start, (text.text, kind)


def test_identifiers_names_and_addresses_reach_the_targets_on_every_variant():
    result = evaluate_pii_synthetic(count=360)

    assert result["identifiers"]["recall"] >= 0.99 and result["identifiers"]["precision"] >= 0.98
    assert set(result["recall_by_variant"]) == set(VARIANTS)
    for variant in VARIANTS:
        assert result["recall_by_variant"][variant] >= 0.95, variant
        assert result["precision_by_variant"][variant] >= 0.95, variant
    assert result["recall_by_kind"]["person"] >= 0.9 and result["precision_by_kind"]["person"] >= 0.9
