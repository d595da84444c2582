"""Fixed histogram edges (seconds) for the rollups and the Prometheus histogram, and percentiles from them.

A bucket i counts durations in (edges[i-1], edges[i]]; the last bucket is everything above the last edge.
Changing an edge list needs a full rollup rebuild (rollup_refresh(since=None)).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

FIRST_CONTACT_EDGES = (5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600, 1800, 3600)
RESOLUTION_EDGES = (60, 120, 180, 300, 450, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200, 14400, 28800, 86400)
ROUTING_EDGES = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)

# Figures attribute → (rollup column prefix, edges); bucket i is column f"{prefix}{i}"
HISTOGRAMS = {
    "first_contact_hist": ("fc_h", FIRST_CONTACT_EDGES),
    "resolution_hist": ("res_h", RESOLUTION_EDGES),
    "routed_hist": ("routed_h", ROUTING_EDGES),
}


def hist_columns(prefix: str, edges) -> list[str]:
    return [f"{prefix}{index}" for index in range(len(edges) + 1)]


def percentile_bounds(hist: Sequence[int], edges: Sequence[float], share: float) -> tuple[float, float] | None:
    """(lower, upper] edges of the bucket holding the given percentile; upper is inf for the overflow bucket."""
    count = sum(hist)
    if count == 0:
        return None
    rank = math.ceil(share * count)  # nearest-rank definition, as percentile_disc in PostgreSQL
    seen = 0
    for index, value in enumerate(hist):
        seen += value
        if seen >= rank:
            lower = float(edges[index - 1]) if index > 0 else 0.0
            upper = float(edges[index]) if index < len(edges) else math.inf
            return lower, upper
    return float(edges[-1]), math.inf


def percentile_estimate(hist: Sequence[int], edges: Sequence[float], share: float) -> float | None:
    """The percentile as one number: linear within the bucket that holds it (what Prometheus'
    histogram_quantile does). Within that bucket's bounds by construction; inf when it lies in the overflow
    bucket (above the last edge nothing is known but that)."""
    count = sum(hist)
    if count == 0:
        return None
    rank = share * count
    seen = 0
    for index, value in enumerate(hist):
        if value and seen + value >= rank:
            if index >= len(edges):
                return math.inf
            lower = float(edges[index - 1]) if index > 0 else 0.0
            return lower + (float(edges[index]) - lower) * (rank - seen) / value
        seen += value
    return math.inf
