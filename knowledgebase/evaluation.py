"""Retrieval quality of the knowledge-base search against the plain PostgreSQL `russian` configuration.

Both methods run in the same PostgreSQL session over the same documents, loaded into a temporary table:
our lemma index (knowledgebase.search: lemmas, synonyms, typo tolerance, ranking) and the baseline — the
built-in `russian` configuration (Snowball stems) with websearch_to_tsquery, any word when no document
has all of them, ranked by ts_rank_cd with the same title weight. Metrics: Recall@1, Recall@5, MRR@10.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction

from knowledgebase import search

QUERIES_FILE = Path(__file__).resolve().parent / "data" / "search_queries.jsonl"
TABLE = "kb_evaluation_documents"
TOP = 10


@dataclass(frozen=True)
class Document:
    key: str
    title: str
    summary: str
    body: str


def labelled_queries() -> list[tuple[str, set[str]]]:
    """The project's own citizen queries (typos, abbreviations, everyday words) → the demo articles' slugs."""
    rows = [json.loads(line) for line in QUERIES_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(row["query"], set(row["slugs"])) for row in rows]


def demo_documents() -> list[Document]:
    from knowledgebase.demo_articles import DEMO_ARTICLES

    return [Document(row["slug"], row["title"], row["summary"], row["body"]) for row in DEMO_ARTICLES]


def _load(documents: list[Document]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE {TABLE} (id serial PRIMARY KEY, key text, lemma_vector tsvector, plain_vector tsvector,"
            " updated_at timestamptz DEFAULT now(), helpful int DEFAULT 0, unhelpful int DEFAULT 0) ON COMMIT DROP"
        )
        for document in documents:
            params = search.lemma_vector_params(title=document.title, summary=document.summary, body=document.body)
            cursor.execute(
                f"INSERT INTO {TABLE} (key, lemma_vector, plain_vector) VALUES (%s, {search._LEMMA_VECTOR_SQL},"  # noqa: S608
                " setweight(to_tsvector('russian', %s), 'A') || setweight(to_tsvector('russian', %s), 'B')"
                " || setweight(to_tsvector('russian', %s), 'C'))",
                [document.key, *params, document.title, document.summary, document.body],
            )
        cursor.execute(f"CREATE INDEX ON {TABLE} USING gin (lemma_vector)")
        cursor.execute(f"CREATE INDEX ON {TABLE} USING gin (plain_vector)")
        cursor.execute(f"ANALYZE {TABLE}")


def _keys(ids: list[int]) -> list[str]:
    if not ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, key FROM {TABLE} WHERE id = ANY(%s)", [ids])  # noqa: S608
        by_id = dict(cursor.fetchall())
    return [by_id[pk] for pk in ids]


def ours(query: str, vocabulary: search.Vocabulary) -> list[str]:
    parsed = search.parse_query(query, vocabulary)
    ids, _partial = search.ranked_ids(table=TABLE, condition="TRUE", params=[], parsed=parsed, limit=TOP)
    return _keys(ids)


def baseline(query: str) -> list[str]:
    with connection.cursor() as cursor:
        for tsquery in ("websearch_to_tsquery('russian', %s)",
                        "to_tsquery('russian', array_to_string(tsvector_to_array(to_tsvector('russian', %s)), ' | '))"):
            cursor.execute(
                f"SELECT key FROM {TABLE}, {tsquery} q WHERE plain_vector @@ q"  # noqa: S608
                f" ORDER BY ts_rank_cd('{search.RANK_WEIGHTS}', plain_vector, q, 1) DESC, id LIMIT %s",
                [query, TOP],
            )
            keys = [row[0] for row in cursor.fetchall()]
            if keys:
                return keys
    return []


def scores(rankings: list[tuple[list[str], set[str]]]) -> dict[str, float]:
    def first_hit(found: list[str], gold: set[str]) -> int | None:
        return next((rank for rank, key in enumerate(found, start=1) if key in gold), None)

    hits = [first_hit(found, gold) for found, gold in rankings]
    count = len(hits) or 1
    return {
        "recall_at_1": round(sum(1 for hit in hits if hit == 1) / count, 4),
        "recall_at_5": round(sum(1 for hit in hits if hit and hit <= 5) / count, 4),
        "mrr_at_10": round(sum(1 / hit for hit in hits if hit and hit <= TOP) / count, 4),
        "queries": len(hits),
    }


def evaluate(documents: list[Document], queries: list[tuple[str, set[str]]]) -> dict:
    with transaction.atomic():
        _load(documents)
        search.vocabulary_cache.clear()
        vocabulary = search.table_vocabulary(TABLE)
        result = {
            "documents": len(documents),
            "ours": scores([(ours(query, vocabulary), gold) for query, gold in queries]),
            "baseline_postgres_russian": scores([(baseline(query), gold) for query, gold in queries]),
        }
        search.vocabulary_cache.clear()
        transaction.set_rollback(True)  # nothing of the evaluation stays
    return result


def evaluate_all(*, xquad_split: str = "test") -> dict:
    """Both data sets; the public one is read from ../shared/datasets and raises DatasetMissing without it."""
    from assistant.datasets import xquad_ru

    xquad = xquad_ru(xquad_split)
    xquad_documents = [Document(pid, text.split("\n", 1)[0], "", text.split("\n", 1)[1])
                       for pid, text in xquad.passages.items()]
    return {
        "citizen_queries": evaluate(demo_documents(), labelled_queries()),
        f"xquad_ru_{xquad_split}": evaluate(xquad_documents, [(question, {pid}) for question, pid in xquad.queries]),
    }
