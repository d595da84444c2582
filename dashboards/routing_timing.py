"""How long routing decisions take (route_ticket, routing_claim_next), for the Prometheus histogram
supportdesk_routing_decision_seconds.

Decisions are made in many processes: uvicorn workers (an operator's «next request», a status change)
and Celery workers, possibly on other machines (routing after intake, freed capacity, the sweep), while
/metrics is answered by whichever web process nginx picks. prometheus_client's multiprocess mode shares
values through files in one directory, i.e. only between processes of one machine. So the buckets live in
PostgreSQL (dashboards.RoutingDecisionBucket), which every process reaches.

A process counts its decisions in memory and adds them to the table at most once a second, in one
UPSERT after a decision's transaction has committed — never inside it, so routing's row locks are not
held a moment longer. Writing every decision would put a durable commit on every claim (about as long as
the claim itself) and make all routers of the fleet queue on the same dozen counter rows. The /metrics
view adds its own process's counts before it reads, and a process adds what it holds when it exits;
another process's latest second of decisions shows up with its next decision. A failure to count is
logged and the counts are kept for the next try, never raised into routing.
"""

from __future__ import annotations

import atexit
import bisect
import functools
import logging
import threading
import time
from collections.abc import Callable

from django.db import DatabaseError, connection, transaction

from dashboards.models import RoutingDecisionBucket

logger = logging.getLogger(__name__)

# Upper bounds in seconds; a decision is a few milliseconds of SQL, a slow one waits for locks
EDGES = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
DECISIONS = ("route", "claim")

FLUSH_SECONDS = 1.0

_UPSERT = f"""
    INSERT INTO {RoutingDecisionBucket._meta.db_table} AS b (decision, bucket, count, seconds_sum)
    VALUES {{rows}}
    ON CONFLICT (decision, bucket) DO UPDATE SET count = b.count + EXCLUDED.count,
                                                 seconds_sum = b.seconds_sum + EXCLUDED.seconds_sum
"""  # noqa: S608 -- the table name comes from the model; values are parameters

# (decision, bucket) → [count, seconds] not yet in the table; the lock guards it and the flush time
_pending: dict[tuple[str, int], list] = {}
_pending_lock = threading.Lock()
_flushed_at = 0.0


def bucket_of(seconds: float) -> int:
    """Index of the first edge ≥ seconds (Prometheus' «le»); len(EDGES) above the last."""
    return bisect.bisect_left(EDGES, seconds)


def _count(decision: str, seconds: float) -> None:
    with _pending_lock:
        entry = _pending.setdefault((decision, bucket_of(seconds)), [0, 0.0])
        entry[0] += 1
        entry[1] += seconds
        due = time.monotonic() - _flushed_at >= FLUSH_SECONDS
    if due:
        decisions_flush()


def decisions_flush() -> None:
    """Add this process's counted decisions to the table (one statement; keys in order, so two processes
    lock the shared rows in the same order). On a database error they stay pending."""
    global _flushed_at
    with _pending_lock:
        rows = sorted((key, value) for key, value in _pending.items())
        _pending.clear()
        _flushed_at = time.monotonic()
    if not rows:
        return
    params = [item for (decision, bucket), (count, seconds) in rows for item in (decision, bucket, count, seconds)]
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_UPSERT.format(rows=", ".join(["(%s, %s, %s, %s)"] * len(rows))), params)
    except DatabaseError:
        logger.warning("routing decision times not counted yet decisions=%s", len(rows), exc_info=True)
        with _pending_lock:
            for key, (count, seconds) in rows:
                entry = _pending.setdefault(key, [0, 0.0])
                entry[0] += count
                entry[1] += seconds


@atexit.register
def _flush_at_exit() -> None:
    try:
        decisions_flush()
    except Exception:  # the interpreter is going away; nothing is left to tell
        logger.debug("routing decision times lost at exit", exc_info=True)


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
    decisions_flush()
    result = {decision: ([0] * (len(EDGES) + 1), 0.0) for decision in DECISIONS}
    for decision, bucket, count, seconds in RoutingDecisionBucket.objects.values_list(
        "decision", "bucket", "count", "seconds_sum"
    ):
        counts, total = result.setdefault(decision, ([0] * (len(EDGES) + 1), 0.0))
        if bucket < len(counts):
            counts[bucket] += count
        result[decision] = (counts, total + seconds)
    return result
