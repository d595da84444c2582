"""How fast this machine runs plain Python right now; prints one JSON line.

Usage: .venv/bin/python benchmarks/cpu_calibration.py [--runs 5]
The page and routing figures are mostly Python time, and a shared host's speed drifts by a third within an
hour: this line, printed with the others, says which kind of hour they were measured in. Compare figures
of two runs only together with their calibrations (a slower loop, a slower page).
"""

import argparse
import json
import statistics
import time

LOOP = 10_000_000


def loop_seconds() -> float:
    started = time.perf_counter()
    total = 0
    for number in range(LOOP):
        total += number
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    timings = [loop_seconds() for _ in range(args.runs)]
    print(json.dumps({
        "name": "cpu_calibration", "n": len(timings), "loop_1e7_median_s": round(statistics.median(timings), 3),
        "loop_1e7_min_s": round(min(timings), 3), "loop_1e7_max_s": round(max(timings), 3),
    }), flush=True)


if __name__ == "__main__":
    main()
