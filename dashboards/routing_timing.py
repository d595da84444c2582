"""How long routing decisions take (route_ticket, routing_claim_next), for the Prometheus histogram
supportdesk_routing_decision_seconds.

Decisions are made in many processes: uvicorn workers (an operator's «next request», a status change)
and Celery workers, possibly on other machines (routing after intake, freed capacity, the sweep), while
/metrics is answered by whichever web process nginx picks. prometheus_client's multiprocess mode shares
values through files in one directory, i.e. only between processes of one machine. So each decision adds
one to its bucket in PostgreSQL (dashboards.RoutingDecisionBucket), which every process reaches: one small
UPSERT in autocommit after the decision's transaction has committed — never inside it, so routing's row
locks are not held a moment longer — and a failure to count is logged, never raised into routing.
"""

from __future__ import annotations

import bisect
import functools
import logging
import time
from collections.abc import Callable

from django.db import DatabaseError, connection, transaction

from dashboards.models import RoutingDecisionBucket

logger = logging.getLogger(__name__)

# Upper bounds in seconds; a decision is a few milliseconds of SQL, a slow one waits for locks
EDGES = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
DECISIONS = ("route", "claim")

_UPSERT = f"""
    INSERT INTO {RoutingDecisionBucket._meta.db_table} AS b (decision, bucket, count, seconds_sum)
    VALUES (%s, %s, 1, %s)
    ON CONFLICT (decision, bucket) DO UPDATE SET count = b.count + 1, seconds_sum = b.seconds_sum + EXCLUDED.seconds_sum
"""  # noqa: S608 -- the table name comes from the model; values are parameters


def bucket_of(seconds: float) -> int:
    """Index of the first edge ≥ seconds (Prometheus' «le»); len(EDGES) above the last."""
    return bisect.bisect_left(EDGES, seconds)


def _count(decision: str, seconds: float) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute(_UPSERT, [decision, bucket_of(seconds), seconds])
    except DatabaseError:
        logger.warning("routing decision time not counted decision=%s", decision, exc_info=True)


def decision_observe(decision: str, seconds: float) -> None:
    """Count one decision once the transaction it ran in commits (at once when it ran in autocommit)."""
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _count(decision, seconds))
    else:
        _count(decision, seconds)


def decision_timed(decision: str) -> Callable:
    """Decorator for a routing decision: its wall time, lock waits included, goes into the histogram."""
    if decision not in DECISIONS:
        raise ValueError(f"unknown routing decision {decision!r}")

    def decorate(function: Callable) -> Callable:
        @functools.wraps(function)
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                decision_observe(decision, time.perf_counter() - started)

        return timed

    return decorate


def decision_histograms() -> dict[str, tuple[list[int], float]]:
    """decision → (count per bucket, EDGES and the one above; sum of seconds), for every known decision."""
    result = {decision: ([0] * (len(EDGES) + 1), 0.0) for decision in DECISIONS}
    for decision, bucket, count, seconds in RoutingDecisionBucket.objects.values_list(
        "decision", "bucket", "count", "seconds_sum"
    ):
        counts, total = result.setdefault(decision, ([0] * (len(EDGES) + 1), 0.0))
        if bucket < len(counts):
            counts[bucket] += count
        result[decision] = (counts, total + seconds)
    return result
