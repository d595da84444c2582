"""Routing benchmarks (issue #3, point 8); prints JSON lines.

Usage: PYTHONPATH=. .venv/bin/python benchmarks/routing.py [--operators 500] [--open 10000] [--runs 300]

Runs in a scratch database («bench_routing», created and dropped on the configured PostgreSQL server:
DATABASE_URL, or the embedded one). Data: 500 operators (L1/L2/L3, skills across the topic tree, 90 % on
the line, capacity 3, one request each already in progress) and 10,000 open requests, most of them
queued, plus a history of closed ones. Every timing is a whole service call with its durable commit. Each
line carries two floors measured just before the timings: a `SELECT 1` round trip and a one-row durable
commit (its WAL flush, which this shared machine's disk makes anywhere from 0.1 to over 10 ms).
- routing.claim: an operator takes the next request of their queue (routing_claim_next: one statement in
  autocommit, one round trip: own profile FOR UPDATE, the most urgent, oldest fitting request FOR UPDATE
  SKIP LOCKED, the assignment's writes). Target p95 ≤ 5 ms.
- routing.decide: a registered request looks for the best operator (route_ticket: ticket lock, the
  least loaded fitting operator FOR UPDATE SKIP LOCKED, load re-counted, assignment). No target of its own:
  issue #3 bounds it inside routing.ready_to_notified (p95 ≤ 50 ms); reported to follow its cost.
- routing.ready_to_notified: from the intake transaction's commit to the «ticket.assigned» frame read
  from the operator's channel-layer group (the desk socket's group). The routing task runs in-process
  (Celery eager). Redis channel layer when REDIS_URL is set, else the in-memory one. Target p95 ≤ 50 ms.
- routing.ready_to_notified.worker (REDIS_URL set): the same path as production runs it: the task goes
  through the Redis broker to a real Celery worker process (its own queue, so nothing else takes it),
  which routes and broadcasts through the Redis channel layer. Target p95 ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportdesk.settings")
os.environ["TEST_DATABASE_NAME"] = "bench_routing"

import django

django.setup()

from asgiref.sync import async_to_sync  # noqa: E402
from channels.layers import InMemoryChannelLayer, get_channel_layer  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import OperatorProfile, User  # noqa: E402
from supportdesk.celery import app as celery_app  # noqa: E402
from tickets.broadcast import agent_group  # noqa: E402
from tickets.models import Channel, Ticket, Topic  # noqa: E402
from tickets.routing import route_ticket, routing_claim_next  # noqa: E402
from tickets.services import ticket_intake  # noqa: E402

S = Ticket.Status
MISSES_BEFORE_GIVING_UP = 5
CLAIM_TARGET_MS = 5.0
NOTIFY_TARGET_MS = 50.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * (len(ordered) - 1))))]


def line(name: str, timings: list[float], target_ms: float | None, **extra) -> None:
    p95 = percentile(timings, 0.95)
    print(
        json.dumps(
            {
                "benchmark": name,
                "runs": len(timings),
                "p50_ms": round(statistics.median(timings), 3),
                "p95_ms": round(p95, 3),
                "max_ms": round(max(timings), 3),
                "target_p95_ms": target_ms,
                "within_target": None if target_ms is None else p95 <= target_ms,
                # the machine is shared: the load average says how much of it this run had
                "load_average_1m": round(os.getloadavg()[0], 2),
                **extra,
            },
            ensure_ascii=False,
        ),
        flush=True,
    )


def people(count: int, rng: random.Random) -> list[User]:
    sections = list(Topic.objects.filter(parent__isnull=True))
    children = list(Topic.objects.filter(parent__isnull=False))
    users = User.objects.bulk_create(
        [User(email=f"route{i}@bench.example", first_name="Бенч", last_name=f"Оператор{i}") for i in range(count)]
    )
    profiles = OperatorProfile.objects.bulk_create(
        [
            OperatorProfile(
                user=user,
                level=1 if index % 10 < 7 else 2 if index % 10 < 9 else 3,
                languages=["ru", "en"] if index % 20 == 0 else ["ru"],
                max_concurrent_chats=3,
                status=OperatorProfile.Status.ONLINE if index % 10 else OperatorProfile.Status.OFFLINE,
                last_assigned_at=timezone.now() - timedelta(minutes=rng.uniform(0, 120)) if index % 4 else None,
            )
            for index, user in enumerate(users)
        ]
    )
    through = OperatorProfile.skills.through
    skills = []
    for index, profile in enumerate(profiles):
        if profile.level == 1:  # first line: one or two sections
            picked = {sections[index % len(sections)], sections[(index // 3) % len(sections)]}
        else:  # specialists: a few sub-topics
            picked = set(rng.sample(children, 3))
        skills += [through(operatorprofile_id=profile.pk, topic_id=topic.pk) for topic in picked]
    through.objects.bulk_create(skills)
    return users


def requests(*, open_count: int, closed_count: int, users: list[User], rng: random.Random) -> None:
    topics = list(Topic.objects.filter(parent__isnull=False))
    now = timezone.now()
    online = [u.pk for u in users[: len(users)] if u.operator_profile.status == OperatorProfile.Status.ONLINE]
    rows = []
    for index in range(open_count + closed_count):
        topic = rng.choice(topics)
        if index < len(online):
            status, assignee = S.IN_PROGRESS, online[index]  # one request each already in progress
        elif index < open_count:
            status, assignee = rng.choice([S.NEW, S.NEW, S.TRIAGED]), None
        else:
            status, assignee = S.CLOSED, rng.choice(online)
        rows.append(
            Ticket(
                number=f"SD-2026-{800000 + index}",
                channel=rng.choice(Channel.values),
                subject="Обращение для замера",
                topic=topic,
                tier=topic.tier,
                status=status,
                priority=rng.choice([1, 2, 2, 2, 3, 4]),
                language="en" if index % 50 == 0 else "ru",
                assignee_id=assignee,
                closed_at=now if status == S.CLOSED else None,
            )
        )
    Ticket.objects.bulk_create(rows, batch_size=5000)


class StatementCounter:
    """Counts SQL statements (BEGIN and COMMIT aside) without Django's debug cursor, which would add its
    own cost to every timing (and its log stops growing at 9,000 entries)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def free_capacity() -> None:
    """Give the operators back the capacity the previous phase filled: every request it assigned is marked
    resolved (the setup assigns none; its own are in progress). Without this the later phases meet a line
    at capacity, and the notification phases time out on requests nobody can take."""
    Ticket.objects.filter(status=S.ASSIGNED).update(status=S.RESOLVED, resolved_at=timezone.now())


def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def bench_decide(runs: int, rng: random.Random) -> None:
    topics = list(Topic.objects.filter(parent__isnull=False, tier=1))
    picked = [rng.choice(topics) for _ in range(runs)]
    fresh = Ticket.objects.bulk_create(
        [
            Ticket(number=f"SD-2026-{900000 + i}", channel=Channel.CHAT, subject="Новое", topic=topic, tier=topic.tier)
            for i, topic in enumerate(picked)
        ]
    )
    timings, routed, counter = [], 0, StatementCounter()
    for ticket in fresh:
        with connection.execute_wrapper(counter):
            elapsed, outcome = timed(lambda t=ticket: route_ticket(ticket_id=t.pk, reason="intake"))
        timings.append(elapsed)
        routed += bool(outcome and outcome.routed)
    line("routing.decide", timings, None, routed=routed,
         statements_per_call=round(counter.count / runs, 1), **common())


def bench_claim(runs: int, rng: random.Random) -> None:
    online = list(
        User.objects.filter(operator_profile__status=OperatorProfile.Status.ONLINE).order_by("pk")
    )
    rng.shuffle(online)
    timings, claimed, counter = [], 0, StatementCounter()
    for user in (online * 3)[:runs]:
        with connection.execute_wrapper(counter):
            elapsed, ticket = timed(lambda u=user: routing_claim_next(agent=u))
        timings.append(elapsed)
        claimed += ticket is not None
    line("routing.claim", timings, CLAIM_TARGET_MS, claimed=claimed,
         statements_per_call=round(counter.count / runs, 1), **common())


class Inbox:
    """The operators' desk sockets: one channel in every agent group, read by a loop of its own.

    Receiving with async_to_sync from the timing loop would start a new event loop (and a new Redis
    connection) for every frame; a socket server keeps one loop, and so does this reader.
    """

    def __init__(self, layer, user_ids) -> None:
        self.layer = layer
        self.arrived: dict[int, float] = {}
        self.in_memory = isinstance(layer, InMemoryChannelLayer)
        if self.in_memory:
            # one process, no network: the frame is already queued when the commit hooks return, and
            # the in-memory layer's queues must not be shared across event loops
            self.channel = async_to_sync(layer.new_channel)()
            for user_id in user_ids:
                async_to_sync(layer.group_add)(agent_group(user_id), self.channel)
            return
        self.signal = threading.Condition()
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self.channel = self._run(layer.new_channel())
        self._run(self._join(user_ids))
        asyncio.run_coroutine_threadsafe(self._read(), self.loop)

    async def _join(self, user_ids) -> None:
        await asyncio.gather(*(self.layer.group_add(agent_group(user_id), self.channel) for user_id in user_ids))

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    async def _read(self) -> None:
        while True:
            frame = await self.layer.receive(self.channel)
            if frame.get("type") == "ticket.assigned":
                with self.signal:
                    self.arrived[frame["ticket_id"]] = time.perf_counter()
                    self.signal.notify_all()

    def wait_for(self, ticket_id: int, timeout: float = 5.0) -> float | None:
        if self.in_memory:
            deadline = time.perf_counter() + timeout
            while ticket_id not in self.arrived and time.perf_counter() < deadline:
                frame = async_to_sync(self.layer.receive)(self.channel)
                if frame.get("type") == "ticket.assigned":
                    self.arrived[frame["ticket_id"]] = time.perf_counter()
            return self.arrived.get(ticket_id)
        with self.signal:
            self.signal.wait_for(lambda: ticket_id in self.arrived, timeout=timeout)
            return self.arrived.get(ticket_id)


def bench_ready_to_notified(runs: int, rng: random.Random) -> None:
    user_ids = list(User.objects.filter(operator_profile__isnull=False).values_list("pk", flat=True))
    inbox = Inbox(get_channel_layer(), user_ids)
    topics = list(Topic.objects.filter(parent__isnull=False, tier=1))
    timings, missed = [], 0
    committed: list[float] = []
    for _ in range(runs):
        with transaction.atomic():
            # registered first, so it runs first after commit: the clock starts when the request is saved
            transaction.on_commit(lambda: committed.append(time.perf_counter()))
            ticket = ticket_intake(channel=Channel.CHAT, subject="", body="Не приходит код подтверждения",
                                   topic=rng.choice(topics))
        received = inbox.wait_for(ticket.pk)
        if received is None:
            missed += 1
            continue
        timings.append((received - committed[-1]) * 1000)
    line("routing.ready_to_notified", timings, NOTIFY_TARGET_MS, missed=missed,
         channel_layer=settings.CHANNEL_LAYERS["default"]["BACKEND"].rsplit(".", 1)[-1],
         celery="in-process (eager): a worker adds one broker round trip", **common())


WORKER_QUEUE = "bench_routing"
PROJECT = Path(__file__).resolve().parent.parent


def start_worker() -> subprocess.Popen:
    """A Celery worker on the scratch database, consuming only this benchmark's queue."""
    database = settings.DATABASES["default"]
    url = f"postgres://{quote(database['USER'])}@{quote(database['HOST'] or '127.0.0.1', safe='')}"
    url += f":{database['PORT'] or 5432}/{database['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "false", "PYTHONPATH": str(PROJECT)}
    return subprocess.Popen(  # noqa: S603 - fixed argv, our own interpreter
        [sys.executable, "-m", "celery", "-A", "supportdesk", "worker", "--pool=solo", "--loglevel=WARNING",
         "-Q", WORKER_QUEUE, "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def bench_ready_to_notified_through_worker(runs: int, rng: random.Random) -> None:
    if not os.environ.get("REDIS_URL"):
        print(json.dumps({"benchmark": "routing.ready_to_notified.worker",
                          "skipped": "REDIS_URL is not set: a worker process needs a shared broker and layer"}),
              flush=True)
        return
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = WORKER_QUEUE
    user_ids = list(User.objects.filter(operator_profile__isnull=False).values_list("pk", flat=True))
    inbox = Inbox(get_channel_layer(), user_ids)
    topics = list(Topic.objects.filter(parent__isnull=False, tier=1))
    worker = start_worker()
    timings, missed = [], 0
    try:
        for attempt in range(runs + 1):  # the first request waits for the worker to start
            committed: list[float] = []
            with transaction.atomic():
                transaction.on_commit(lambda times=committed: times.append(time.perf_counter()))
                ticket = ticket_intake(channel=Channel.CHAT, subject="", body="Не приходит код подтверждения",
                                       topic=rng.choice(topics))
            received = inbox.wait_for(ticket.pk, timeout=90.0 if attempt == 0 else 5.0)
            if attempt == 0:
                if received is None:
                    raise RuntimeError("the Celery worker never routed the first request")
                continue
            if received is None:
                missed += 1
                if missed == MISSES_BEFORE_GIVING_UP and not timings:
                    break  # the worker routes nothing: say so in the line instead of waiting out every run
                continue
            timings.append((received - committed[-1]) * 1000)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
        celery_app.conf.task_always_eager = True
    line("routing.ready_to_notified.worker", timings, NOTIFY_TARGET_MS, missed=missed,
         channel_layer=settings.CHANNEL_LAYERS["default"]["BACKEND"].rsplit(".", 1)[-1],
         celery="a worker process, through the Redis broker", **common())


_COMMON: dict = {}


def common() -> dict:
    return _COMMON


def db_round_trip_ms() -> float:
    """The floor at this moment: one `SELECT 1`, median of 200 (the machine is shared and noisy)."""
    timings = []
    with connection.cursor() as cursor:
        for _ in range(200):
            started = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 3)


def db_commit_ms() -> float:
    """The other floor: a one-row INSERT committed on its own (its WAL flush), median of 100."""
    timings = []
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_commit_floor (id bigserial PRIMARY KEY)")
        for _ in range(100):
            started = time.perf_counter()
            cursor.execute("INSERT INTO bench_commit_floor DEFAULT VALUES")
            timings.append((time.perf_counter() - started) * 1000)
        cursor.execute("DROP TABLE bench_commit_floor")
    return round(statistics.median(timings), 3)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--operators", type=int, default=500)
    parser.add_argument("--open", type=int, default=10_000)
    parser.add_argument("--closed", type=int, default=40_000)
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    celery_app.conf.task_always_eager = True  # see the module docstring: the routing task runs in-process
    celery_app.conf.task_eager_propagates = True
    rng = random.Random(20260303)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        users = people(args.operators, rng)
        users = list(User.objects.filter(pk__in=[u.pk for u in users]).select_related("operator_profile"))
        requests(open_count=args.open, closed_count=args.closed, users=users, rng=rng)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        _COMMON.update(
            operators=args.operators,
            operators_online=OperatorProfile.objects.filter(status=OperatorProfile.Status.ONLINE).count(),
            open_requests=Ticket.objects.filter(status__in=Ticket.OPEN_STATUSES).count(),
            db_round_trip_p50_ms=db_round_trip_ms(),
            db_commit_p50_ms=db_commit_ms(),
            python=platform.python_version(),
        )
        bench_decide(args.runs, rng)
        free_capacity()
        bench_claim(args.runs, rng)  # before the notification bench, whose reader thread would share the CPU
        free_capacity()
        bench_ready_to_notified(min(args.runs, 200), rng)
        free_capacity()
        bench_ready_to_notified_through_worker(min(args.runs, 200), rng)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
