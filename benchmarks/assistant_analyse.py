"""Latency of assistant.analyse() on 300-character messages; prints one JSON line.

Usage: .venv/bin/python benchmarks/assistant_analyse.py [--runs 500]
Messages: requests from the corpus's test split, joined and cut to 300 characters, half of them
with a name, a phone number and a СНИЛС appended first, so NER and the number patterns find work.
"""

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.analysis import analyse
from assistant.corpus import load_requests

PERSONAL = "Меня зовут Ольга Викторовна Смирнова, тел. +7 912 345-67-89, СНИЛС 112-233-445 95. "
LENGTH = 300


def messages(count: int) -> list[str]:
    texts = [row.text for row in load_requests() if row.split == "test"]
    result = []
    for index in range(count):
        pieces, position = [PERSONAL] if index % 2 else [], index
        while sum(map(len, pieces)) < LENGTH:
            pieces.append(texts[position % len(texts)] + " ")
            position += 7
        result.append("".join(pieces)[:LENGTH])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args()
    inputs = messages(args.runs)
    for text in inputs[:20]:  # loads the models, the NER tagger and warms the lemma cache for the first ones
        analyse(text)
    timings = []
    for text in inputs:
        started = time.perf_counter()
        analyse(text)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    print(
        json.dumps(
            {
                "benchmark": "assistant.analyse",
                "message_chars": LENGTH,
                "runs": len(timings),
                "median_ms": round(statistics.median(timings), 2),
                "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
                "max_ms": round(timings[-1], 2),
                "python": platform.python_version(),
            }
        )
    )


if __name__ == "__main__":
    main()
