"""Knowledge-base search over 50,000 articles (issue #4, point 2); prints one JSON line.

Usage: PYTHONPATH=. .venv/bin/python benchmarks/kb_search.py [--articles 50000] [--runs 300]

Runs in a scratch database («bench_kb_search», created and dropped on the configured PostgreSQL server).
Articles are built from the sentences of the demo knowledge base, recombined, so the vocabulary is the
portal's and broad words («заявление», «пароль») match thousands of articles, as they would in a real
knowledge base. Each timing is a whole `article_search` call as the help page makes it (ranked ids, then
the articles with their highlighted fragments). Target p95 ≤ 100 ms (stretch 50 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportdesk.settings")
os.environ["TEST_DATABASE_NAME"] = "bench_kb_search"

import django

django.setup()

from django.db import connection  # noqa: E402

from knowledgebase import search  # noqa: E402
from knowledgebase.demo_articles import DEMO_ARTICLES  # noqa: E402
from knowledgebase.models import Article, Category  # noqa: E402
from knowledgebase.selectors import article_search  # noqa: E402

TARGET_MS = 100.0
# broad words first (they match a large share of the articles), then everyday phrasings, typos, abbreviations
QUERIES = [
    "заявление", "пароль", "как подать заявление", "документы", "код подтверждения", "учетная запись",
    "не приходит смс", "забыл пароль", "востановить пороль", "эцп", "ошибка 500 на странице", "мфц",
    "личный кабинет уведомления", "сроки рассмотрения заявления", "загрузка файла pdf", "сменить телефон",
    "заблокировали учетку", "пособие на ребенка", "браузер не поддерживается", "статус заявления",
]


def sentences() -> list[tuple[str, str]]:
    """(sentence, its lemma text) of every demo article's summary and body, lemmatised once."""
    found = []
    for row in DEMO_ARTICLES:
        for text in [row["summary"], *row["body"].split("\n")]:
            text = text.strip().lstrip("#-0123456789. ")
            if len(text) > 20:
                found.append((text, search.lemma_text(text)))
    return found


def fill(count: int, rng: random.Random) -> None:
    category = Category.objects.create(slug="bench", name="Замер")
    pool = sentences()
    titles = [(row["title"], search.lemma_text(row["title"])) for row in DEMO_ARTICLES]
    batch = []
    with connection.cursor() as cursor:
        for index in range(count):
            title, title_lemmas = rng.choice(titles)
            body = rng.sample(pool, 6)
            summary = body[0]
            batch += [f"bench-{index}", category.pk, f"{title} ({index})", summary[0], "\n".join(s for s, _ in body),
                      title_lemmas, summary[1], " ".join(lemmas for _, lemmas in body)]
            if len(batch) >= 8 * 1000 or index == count - 1:
                rows = len(batch) // 8
                values = ", ".join(
                    ["(%s, %s, %s, %s, %s, 'published', true, 'ru', now(), now(), 0, 0, "
                     "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
                     " || setweight(to_tsvector('simple', %s), 'C'))"] * rows
                )
                cursor.execute(
                    f"INSERT INTO {Article._meta.db_table} (slug, category_id, title, summary, body, status,"  # noqa: S608
                    " is_public, language, created_at, updated_at, helpful_count, unhelpful_count, lemma_vector)"
                    f" VALUES {values}",
                    batch,
                )
                batch = []
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(20261125)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        started = time.perf_counter()
        fill(args.articles, rng)
        filled_s = time.perf_counter() - started
        article_search(user=None, query="заявление")  # the vocabulary is read once a minute, then cached
        timings, matched = [], []
        for run in range(args.runs):
            query = QUERIES[run % len(QUERIES)]
            begun = time.perf_counter()
            found = article_search(user=None, query=query)
            timings.append((time.perf_counter() - begun) * 1000)
            matched.append(len(found.articles))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {Article._meta.db_table} WHERE lemma_vector @@ to_tsquery("  # noqa: S608
                           "'simple', 'заявление')")
            broad = cursor.fetchone()[0]
        ordered = sorted(timings)
        p95 = ordered[round(0.95 * (len(ordered) - 1))]
        print(json.dumps({
            "benchmark": "kb.search", "articles": args.articles, "runs": len(timings),
            "p50_ms": round(statistics.median(timings), 2), "p95_ms": round(p95, 2), "max_ms": round(ordered[-1], 2),
            "target_p95_ms": TARGET_MS, "within_target": p95 <= TARGET_MS, "stretch_50ms": p95 <= 50.0,
            "articles_matching_a_broad_word": broad, "queries_without_results": matched.count(0),
            "fill_seconds": round(filled_s, 1), "load_average_1m": round(os.getloadavg()[0], 2),
        }, ensure_ascii=False), flush=True)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
