"""Readers for the public evaluation data sets in shared/datasets (never copied into the repository).

The folder is `<repo>/../shared/datasets` unless SUPPORTDESK_DATASETS names another one.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
NEGATIVE_EMOTIONS = frozenset({"anger", "sadness", "fear"})


class DatasetMissing(FileNotFoundError):
    pass


def datasets_dir() -> Path:
    return Path(os.environ.get("SUPPORTDESK_DATASETS") or REPO_DIR.parent / "shared" / "datasets")


def _path(*parts: str) -> Path:
    path = datasets_dir().joinpath(*parts)
    if not path.exists():
        raise DatasetMissing(f"{path} is missing: set SUPPORTDESK_DATASETS to the shared datasets folder")
    return path


def banking77(split: str) -> tuple[list[str], list[str]]:
    with _path("banking77_en", f"{split}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [row["text"] for row in rows], [row["category"] for row in rows]


def clinc150() -> dict[str, list[tuple[str, str]]]:
    """Keys train, val, test, oos_train, oos_val, oos_test; items (text, intent), intent 'oos' for out-of-scope."""
    data = json.loads(_path("clinc150_en", "data_full.json").read_text(encoding="utf-8"))
    return {key: [(text, intent) for text, intent in items] for key, items in data.items()}


@dataclass(frozen=True)
class EmotionRow:
    text: str
    labels: frozenset[str]
    source: str

    @property
    def is_negative(self) -> bool:
        return bool(self.labels & NEGATIVE_EMOTIONS)


def cedr(split: str) -> list[EmotionRow]:
    with _path("cedr_ru", f"cedr_{split}.csv").open(encoding="utf-8", newline="") as handle:
        return [
            EmotionRow(row["text"], frozenset(row["labels"].split("|")), row["source"])
            for row in csv.DictReader(handle)
        ]


@dataclass(frozen=True)
class NerDocument:
    name: str
    text: str
    persons: list[tuple[int, int]]  # character spans of Person mentions


def factru(split: str) -> list[NerDocument]:
    """factRuEval-2016 documents ('devset' or 'testset') with their Person mentions.

    A mention in `.objects` lists span ids; `.spans` gives each span's character offset and length
    in the `.txt` (read without newline translation: offsets count the file's own characters).
    """
    folder = _path("factruEval2016_ru", split)
    documents = []
    for text_path in sorted(folder.glob("*.txt")):
        if not text_path.with_suffix(".objects").exists():  # list.txt and the like
            continue
        stem = text_path.with_suffix("")
        with text_path.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        spans = {}
        for line in stem.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
            fields = line.split()
            if len(fields) >= 4:
                spans[fields[0]] = (int(fields[2]), int(fields[2]) + int(fields[3]))
        persons = []
        for line in stem.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
            head = line.split("#", 1)[0].split()
            if len(head) >= 3 and head[1] == "Person":
                parts = [spans[span_id] for span_id in head[2:] if span_id in spans]
                if parts:
                    persons.append((min(start for start, _ in parts), max(end for _, end in parts)))
        documents.append(NerDocument(text_path.name, text, sorted(set(persons))))
    return documents


@dataclass(frozen=True)
class RetrievalSet:
    passages: dict[str, str]  # pid → title and text
    queries: list[tuple[str, str]]  # (question, gold pid)


def _split_of(title: str) -> str:
    """The dataset README's split by article: dev = h(title) < 2, test = the rest."""
    import hashlib

    bucket = int(hashlib.sha1(title.encode("utf-8"), usedforsecurity=False).hexdigest()[:8], 16) % 10
    return "dev" if bucket < 2 else "test"


def xquad_ru(split: str = "test") -> RetrievalSet:
    """XQuAD-ru as question → passage retrieval; every passage is a document, every question has one gold."""
    passages, titles = {}, {}
    with _path("xquad_ru", "passages.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            passages[row["pid"]] = f"{row['title'].replace('_', ' ')}\n{row['text'].lstrip(chr(0xFEFF))}"
            titles[row["pid"]] = row["title"]
    queries = []
    with _path("xquad_ru", "queries.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if split == "all" or _split_of(titles[row["pid"]]) == split:
                queries.append((row["question"], row["pid"]))
    return RetrievalSet(passages=passages, queries=queries)
