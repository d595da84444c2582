"""`manage.py evaluate_search --json`: Recall@1/5 and MRR@10 of our search and of the plain `russian` baseline."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from assistant.datasets import DatasetMissing
from knowledgebase.evaluation import evaluate_all


class Command(BaseCommand):
    help = "Measure knowledge-base retrieval on the project's citizen queries and on xquad_ru, with a baseline."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--xquad-split", choices=["test", "dev", "all"], default="test",
                            help="xquad_ru questions to use (split by article, as the dataset README says)")

    def handle(self, *args, **options) -> None:
        try:
            result = evaluate_all(xquad_split=options["xquad_split"])
        except DatasetMissing as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        for name, figures in result.items():
            self.stdout.write(f"{name} ({figures['documents']} documents)")
            for method in ("ours", "baseline_postgres_russian"):
                row = figures[method]
                self.stdout.write(f"  {method:28} R@1 {row['recall_at_1']:.3f}  R@5 {row['recall_at_5']:.3f}"
                                  f"  MRR@10 {row['mrr_at_10']:.3f}  ({row['queries']} queries)")
