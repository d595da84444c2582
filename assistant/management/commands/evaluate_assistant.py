import json

from django.core.management.base import BaseCommand, CommandError

from assistant.corpus import CorpusError
from assistant.datasets import DatasetMissing
from assistant.evaluation import evaluate_all
from assistant.management.commands.train_assistant import topic_parents


class Command(BaseCommand):
    help = "Измерить качество ассистента на корпусе обращений и открытых наборах данных (с базовыми линиями)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Печатать один JSON-объект")
        parser.add_argument("--quick", action="store_true", help="Малые срезы данных: секунды, цифры несопоставимы")

    def handle(self, *args, **options):
        try:
            result = evaluate_all(parents=topic_parents(), quick=options["quick"])
        except (CorpusError, DatasetMissing) as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
