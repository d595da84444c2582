"""The trained models on disk: assistant/models/assistant.joblib, written by `manage.py train_assistant`.

Chosen over training at first use: a request must not wait a minute for a fit, and CEDR (the
emotion data) lives outside the repository. The file is committed (a few MB, compressed) and
records the scikit-learn version that wrote it; pickles are only trusted under the same version,
so pyproject pins scikit-learn to one minor release and a test fails when they drift apart.
Loading a pickle runs code from the file: only ever load the repository's own model file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import joblib
import sklearn

from assistant.emotion import EmotionModel
from assistant.topics import TopicModel

MODELS_DIR = Path(__file__).resolve().parent / "models"
MODEL_PATH = MODELS_DIR / "assistant.joblib"


class ModelsMissing(RuntimeError):
    pass


@dataclass
class AssistantModels:
    topics: TopicModel
    emotion: EmotionModel
    idf: dict[str, float]
    meta: dict = field(default_factory=dict)


def models_save(models: AssistantModels, path: Path = MODEL_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    models.meta["sklearn_version"] = sklearn.__version__
    joblib.dump(models, path, compress=3)
    return path


@lru_cache(maxsize=1)
def models_load(path: Path = MODEL_PATH) -> AssistantModels:
    if not path.exists():
        raise ModelsMissing(f"{path} is missing: run `python manage.py train_assistant`")
    return joblib.load(path)
