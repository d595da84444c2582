"""Operator queue page (desk:queue) over the bulk-generated history: p95 and the query count; one JSON line.

Usage: BENCH_DATABASE_URL=... .venv/bin/python benchmarks/queue_page.py [--runs 200]
Needs the data of `manage.py generate_load` (make bench generates it first). Target: p95 ≤ 50 ms with a
constant number of queries (issue #3, research/performance.md).
"""

import argparse

from _django import bench_staff, django_setup, measure, report, verified_client

TARGET_MS = 50.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    django_setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.roles import Role
    from tickets.models import Ticket, Topic

    operator = bench_staff(email="bench-operator@support.example", role=Role.OPERATOR,
                           skills=list(Topic.objects.filter(parent__isnull=True)))
    client = verified_client(operator)
    url = reverse("desk:queue")

    def call():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"queue page answered {response.status_code}")

    timings = measure(call, runs=args.runs, warmup=3)
    with CaptureQueriesContext(connection) as queries:
        call()
    report(name="desk_queue_page", timings=timings, queries=len(queries), target_ms=TARGET_MS,
           tickets=Ticket.objects.order_by().values("pk").count())


if __name__ == "__main__":
    main()
