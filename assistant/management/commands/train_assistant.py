from django.core.management.base import BaseCommand, CommandError

from assistant.corpus import CorpusError
from assistant.datasets import DatasetMissing
from assistant.model_store import MODEL_PATH, models_save
from assistant.training import models_train
from tickets.topic_tree import TOPIC_TREE


def topic_parents() -> dict[str, str]:
    """Leaf code → parent code of the desk's topic tree (the assistant itself knows no Django app)."""
    return {child[0]: code for code, _name, _complexity, _tier, children in TOPIC_TREE for child in children}


class Command(BaseCommand):
    help = "Обучить модели ассистента (тема, срочность, эмоция) и сохранить их в assistant/models/."

    def handle(self, *args, **options):
        try:
            models = models_train(parents=topic_parents())
        except (CorpusError, DatasetMissing) as error:
            raise CommandError(str(error)) from error
        path = models_save(models)
        size_mb = path.stat().st_size / 1_000_000
        self.stdout.write(
            f"saved {path.relative_to(MODEL_PATH.parent.parent.parent)} ({size_mb:.1f} MB; "
            f"{models.meta['train_rows']} requests, {models.meta['train_seconds']} s)"
        )
