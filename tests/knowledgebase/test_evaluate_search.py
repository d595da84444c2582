"""`evaluate_search`: our search against the plain PostgreSQL `russian` baseline, measured in one run."""

from __future__ import annotations

import json
import os
from io import StringIO

import pytest
from django.core.management import call_command

from assistant import datasets
from knowledgebase.evaluation import demo_documents, evaluate, labelled_queries

pytestmark = pytest.mark.django_db
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
needs_datasets = pytest.mark.skipif(
    not IN_CI and not datasets.datasets_dir().is_dir(),
    reason="no ../shared/datasets beside this clone: set SUPPORTDESK_DATASETS to evaluate on xquad_ru",
)


def test_the_labelled_citizen_queries_point_at_demo_articles():
    slugs = {document.key for document in demo_documents()}
    queries = labelled_queries()

    assert len(queries) >= 80
    assert all(gold and gold <= slugs for _query, gold in queries)


def test_our_search_beats_the_plain_russian_configuration_on_citizen_queries():
    result = evaluate(demo_documents(), labelled_queries())

    ours, plain = result["ours"], result["baseline_postgres_russian"]
    assert ours["recall_at_1"] > plain["recall_at_1"] and ours["recall_at_5"] > plain["recall_at_5"]
    assert ours["mrr_at_10"] > plain["mrr_at_10"]
    assert ours["recall_at_1"] >= 0.8 and ours["recall_at_5"] >= 0.9


def test_the_evaluation_leaves_nothing_behind():
    from django.db import connection

    evaluate(demo_documents()[:3], labelled_queries()[:3])

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('kb_evaluation_documents')")
        assert cursor.fetchone()[0] is None


@needs_datasets
def test_evaluate_search_prints_both_sets_and_baselines_as_json():
    out = StringIO()
    call_command("evaluate_search", "--json", stdout=out)

    result = json.loads(out.getvalue())
    xquad = result["xquad_ru_test"]
    assert xquad["documents"] == 240 and xquad["ours"]["queries"] > 700
    for metric in ("recall_at_1", "recall_at_5", "mrr_at_10"):
        assert xquad["ours"][metric] > xquad["baseline_postgres_russian"][metric]
    assert result["citizen_queries"]["ours"]["queries"] >= 80
