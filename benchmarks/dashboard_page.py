"""Supervisor dashboard over the bulk-generated history (30 days, broken down by operator); one JSON line.

Usage: BENCH_DATABASE_URL=... .venv/bin/python benchmarks/dashboard_page.py [--runs 50]
The page reads hourly rollups, not requests: target p95 ≤ 500 ms whatever the number of requests.
"""

import argparse

from _django import bench_staff, django_setup, measure, report, verified_client

TARGET_MS = 500.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--breakdown", default="operator", choices=["channel", "topic", "operator", "hour_of_day"])
    args = parser.parse_args()
    django_setup()
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.roles import Role
    from dashboards.forms import moscow_today
    from dashboards.services import rollup_refresh_recent
    from tickets.models import Ticket

    supervisor = bench_staff(email="bench-supervisor@support.example", role=Role.SUPERVISOR)
    client = verified_client(supervisor)
    today = moscow_today()
    query = {
        "date_from": (today - timedelta(days=29)).isoformat(), "date_to": today.isoformat(),
        "breakdown": args.breakdown, "target_seconds": "30", "target_percent": "95", "concurrency": "2",
        "arrivals_per_hour": "900",
    }
    url = reverse("dashboards:index")
    rollup_refresh_recent()  # the periodic task's job; the page then reads fresh rollups

    def call():
        response = client.get(url, query)
        if response.status_code != 200:
            raise SystemExit(f"dashboard answered {response.status_code}")

    timings = measure(call, runs=args.runs, warmup=3)
    with CaptureQueriesContext(connection) as queries:
        call()
    report(name=f"dashboard_page_{args.breakdown}_30d", timings=timings, queries=len(queries),
           target_ms=TARGET_MS, tickets=Ticket.objects.order_by().values("pk").count())


if __name__ == "__main__":
    main()
