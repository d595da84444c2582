"""Shared set-up of the page benchmarks: Django on the benchmark database, a timer, the JSON line."""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def django_setup() -> None:
    """Point Django at BENCH_DATABASE_URL (make bench sets it) and configure it as production runs.

    DEBUG off (a debug cursor records every query) and no test instrumentation: setup_test_environment
    would copy the template context on every include for the test client, which production never does.
    """
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if url:
        os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportdesk.settings")
    os.environ["DJANGO_DEBUG"] = "false"
    import django
    from django.conf import settings

    django.setup()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the host name of the test client


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * (len(ordered) - 1))))]


def measure(call, *, runs: int, warmup: int, budget_seconds: float = 60.0) -> list[float]:
    """Time `runs` calls after a warm-up; a page far over its target stops after the budget (n says how many)."""
    for _ in range(warmup):
        call()
    timings = []
    deadline = time.perf_counter() + budget_seconds
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
        if len(timings) >= 10 and time.perf_counter() > deadline:
            break
    return timings


def report(*, name: str, timings: list[float], queries: int, target_ms: float, **extra) -> None:
    p95 = percentile(timings, 0.95)
    print(json.dumps({
        "name": name, "n": len(timings), "p50_ms": round(statistics.median(timings), 2), "p95_ms": round(p95, 2),
        "queries": queries, "target_ms": target_ms, "ok": p95 <= target_ms, **extra,
    }, ensure_ascii=False), flush=True)


def bench_staff(*, email: str, role: str, skills=()):
    """A signed-in, TOTP-verified staff member for the test client (created once per database)."""
    from accounts.models import User
    from accounts.services import staff_create

    user = User.objects.filter(email=email).first()
    if user is None:
        user = staff_create(email=email, password=None, role=role, first_name="Бенч", last_name="Замер",
                            skills=skills, totp_key="3132333435363738393031323334353637383930")
    return user


def verified_client(user):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = user.totpdevice_set.get().persistent_id
    session.save()
    return client
