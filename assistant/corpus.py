"""The desk's labelled Russian requests (assistant/data/requests_ru.jsonl): topic, urgency, emotion, fixed split."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from assistant.text_classifier import OUT_OF_SCOPE

CORPUS_PATH = Path(__file__).resolve().parent / "data" / "requests_ru.jsonl"
URGENCIES = ("low", "normal", "high")
EMOTIONS = ("neutral", "anger", "distress")  # the values of assistant.emotion (not imported: no model code here)
SPLITS = ("train", "test")


class CorpusError(ValueError):
    pass


@dataclass(frozen=True)
class RequestRow:
    text: str
    topic: str  # a leaf or parent code of the topic tree, or OUT_OF_SCOPE
    urgency: str
    split: str
    emotion: str = "neutral"  # anger | distress: a person should take the conversation; see data/README.md


def load_requests(path: Path = CORPUS_PATH, *, known_topics: set[str] | None = None) -> list[RequestRow]:
    """Every row, checked: a bad line fails loudly with its number rather than skewing a model."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                row = RequestRow(
                    str(data["text"]).strip(), data["topic"], data["urgency"], data["split"], data["emotion"]
                )
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                raise CorpusError(f"{path.name}:{number}: {error}") from error
            if not row.text or row.urgency not in URGENCIES or row.split not in SPLITS or row.emotion not in EMOTIONS:
                raise CorpusError(f"{path.name}:{number}: empty text, or unknown urgency/split/emotion")
            if known_topics is not None and row.topic != OUT_OF_SCOPE and row.topic not in known_topics:
                raise CorpusError(f"{path.name}:{number}: unknown topic {row.topic!r}")
            rows.append(row)
    return rows
