"""Time of one SLA sweep (tickets.sla.sla_sweep) over 10,000 open requests; prints JSON lines.

Usage: PYTHONPATH=. .venv/bin/python benchmarks/sla_sweep.py [--open 10000] [--closed 50000] [--runs 5]

Runs in a scratch database («bench_sla_sweep», created and dropped on the configured PostgreSQL server:
DATABASE_URL, or the embedded one). Data: open requests registered over the last three hours across the
topic tree and channels (new, triaged, assigned, in progress, waiting), a history of closed ones, 200
operators and 20 online L2/L3 seniors with some free capacity. Two measurements, target ≤ 2 s each:
- steady: states already as the previous sweep (10 s earlier) left them — what beat's every-10-second run
  does all day; median of --runs sweeps, each 10 s later than the one before;
- cold: every clock still «on track» (the first sweep after beat was down for hours), so thousands of
  requests turn at risk / breached at once and the free seniors take escalations.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportdesk.settings")
os.environ["TEST_DATABASE_NAME"] = "bench_sla_sweep"

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import OperatorProfile, User  # noqa: E402
from supportdesk.celery import app as celery_app  # noqa: E402
from tickets.models import Channel, SLAPolicy, SLAState, Ticket, TicketEvent, Topic  # noqa: E402
from tickets.sla import (  # noqa: E402
    HARD_CAP,
    RESOLUTION_STATUSES,
    SWEEP_ROW_FIELDS,
    _state_at,
    resolution_seconds,
    sla_sweep,
)

TARGET_SECONDS = 2.0
S = Ticket.Status
OPEN_MIX = [S.NEW] * 10 + [S.TRIAGED] * 10 + [S.ASSIGNED] * 20 + [S.IN_PROGRESS] * 45 + [S.WAITING] * 15


def people(operators: int, seniors: int) -> tuple[list[int], list[int]]:
    topics = list(Topic.objects.filter(parent__isnull=True))
    users = User.objects.bulk_create(
        [User(email=f"bench{i}@bench.example", first_name="Бенч", last_name=f"Оператор{i}") for i in range(operators)]
        + [User(email=f"senior{i}@bench.example", first_name="Бенч", last_name=f"Старший{i}") for i in range(seniors)]
    )
    profiles = OperatorProfile.objects.bulk_create(
        [
            OperatorProfile(
                user=user,
                level=1 if index < operators else 2 + index % 2,
                languages=["ru"],
                max_concurrent_chats=3,
                status=OperatorProfile.Status.ONLINE if index % 3 or index >= operators else "offline",
            )
            for index, user in enumerate(users)
        ]
    )
    through = OperatorProfile.skills.through
    through.objects.bulk_create(
        [through(operatorprofile_id=p.pk, topic_id=topics[i % len(topics)].pk) for i, p in enumerate(profiles)]
    )
    return [u.pk for u in users[:operators]], [u.pk for u in users[operators:]]


def requests(*, open_count: int, closed_count: int, operator_ids: list[int], now) -> None:
    rng = random.Random(20260302)
    policy = SLAPolicy.objects.filter(is_active=True).first() or SLAPolicy()
    topics = list(Topic.objects.filter(parent__isnull=False))
    channels = list(Channel.values)
    rows, registered = [], []
    for index in range(open_count + closed_count):
        is_open = index < open_count
        topic = rng.choice(topics)
        created = now - timedelta(seconds=rng.uniform(5, 3 * 3600) if is_open else rng.uniform(86400, 60 * 86400))
        status = rng.choice(OPEN_MIX) if is_open else S.CLOSED
        answered = status in (S.IN_PROGRESS, S.WAITING, S.CLOSED)
        paused = rng.uniform(0, 600) if status in (S.IN_PROGRESS, S.CLOSED) and rng.random() < 0.2 else 0
        start = created + timedelta(seconds=paused)
        registered.append(created)
        rows.append(
            Ticket(
                number=f"SD-2026-{700000 + index}",
                channel=rng.choice(channels),
                subject="Обращение для замера",
                topic=topic,
                tier=topic.tier,
                status=status,
                priority=rng.choice([1, 2, 2, 2, 3, 4]),
                assignee_id=rng.choice(operator_ids) if status not in (S.NEW, S.TRIAGED) else None,
                first_response_at=created + timedelta(seconds=rng.uniform(5, 40)) if answered else None,
                first_response_due_at=start + timedelta(seconds=policy.first_response_seconds),
                due_at=start + timedelta(seconds=resolution_seconds(policy, topic)),
                hard_due_at=start + timedelta(seconds=policy.hard_cap_seconds),
                sla_paused_seconds=int(paused),
                sla_paused_at=now - timedelta(seconds=rng.uniform(10, 300)) if status == S.WAITING else None,
                closed_at=created + timedelta(hours=1) if status == S.CLOSED else None,
                sla_policy=policy if policy.pk else None,
            )
        )
    Ticket.objects.bulk_create(rows, batch_size=5000)
    # auto_now_add overwrote the registration times on insert: put them back
    for row, created in zip(rows, registered, strict=True):
        row.created_at = created
    Ticket.objects.bulk_update(rows, ["created_at"], batch_size=5000)


def settle_states(now) -> None:
    """States as a sweep 10 s before `now` left them, breaches already escalated or given up on."""
    by_state: dict[str, list[int]] = {SLAState.AT_RISK: [], SLAState.BREACHED: []}
    open_rows = Ticket.objects.filter(status__in=Ticket.OPEN_STATUSES, sla_paused_at__isnull=True)
    for row in open_rows.values(*SWEEP_ROW_FIELDS):
        state, _target = _state_at(row, now - timedelta(seconds=10))
        if state in by_state:
            by_state[state].append(row["pk"])
    Ticket.objects.filter(pk__in=by_state[SLAState.AT_RISK]).update(sla_state=SLAState.AT_RISK)
    Ticket.objects.filter(pk__in=by_state[SLAState.BREACHED]).update(sla_state=SLAState.BREACHED, escalation_level=1)
    past_cap = Ticket.objects.filter(
        status__in=RESOLUTION_STATUSES, sla_paused_at__isnull=True, hard_due_at__lt=now - timedelta(seconds=10)
    ).values_list("pk", flat=True)
    TicketEvent.objects.bulk_create(
        [TicketEvent(ticket_id=pk, kind=TicketEvent.Kind.SLA_BREACHED, data={"target": HARD_CAP}) for pk in past_cap],
        batch_size=5000,
    )


def timed_sweep(now) -> tuple[float, dict, int]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = sla_sweep(now=now)
        elapsed = time.perf_counter() - started
    return elapsed, result.as_dict(), len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--open", type=int, default=10_000)
    parser.add_argument("--closed", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    # Tasks queued by escalations (routing the freed capacity) are published, as in production, but to an
    # in-memory broker: a worker runs them, not the sweep, and the real broker's queue is left alone.
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = "memory://"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        now = timezone.now()
        operator_ids, _senior_ids = people(200, 20)
        requests(open_count=args.open, closed_count=args.closed, operator_ids=operator_ids, now=now)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE tickets_ticket")
        common = {
            "benchmark": "sla.sweep",
            "open_requests": Ticket.objects.filter(status__in=Ticket.OPEN_STATUSES).count(),
            "all_requests": Ticket.objects.count(),
            "target_s": TARGET_SECONDS,
            "python": platform.python_version(),
        }

        settle_states(now)
        timings, changes, query_counts = [], [], []
        for run in range(args.runs):
            elapsed, counts, queries = timed_sweep(now + timedelta(seconds=10 * run))
            timings.append(elapsed)
            changes.append(counts)
            query_counts.append(queries)
        print(
            json.dumps(
                {
                    **common,
                    "scenario": "steady",
                    "runs": args.runs,
                    "median_s": round(statistics.median(timings), 4),
                    "max_s": round(max(timings), 4),
                    "queries_max": max(query_counts),
                    "changes_per_sweep": changes,
                    "within_target": max(timings) <= TARGET_SECONDS,
                },
                ensure_ascii=False,
            )
        )

        Ticket.objects.update(sla_state=SLAState.ON_TRACK, escalation_level=0)
        TicketEvent.objects.all().delete()
        elapsed, counts, queries = timed_sweep(now + timedelta(seconds=10 * args.runs))
        print(
            json.dumps(
                {
                    **common,
                    "scenario": "cold",
                    "seconds": round(elapsed, 4),
                    "queries": queries,
                    "changes": counts,
                    "within_target": elapsed <= TARGET_SECONDS,
                },
                ensure_ascii=False,
            )
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
