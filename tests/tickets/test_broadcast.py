"""Live updates leave after commit, together, in order; a plain sync caller (a Celery worker) uses a kept loop."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from django.db import transaction

from tickets import broadcast
from tickets.broadcast import broadcast_on_commit, broadcasts_flush

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    batches: list[list] = []
    monkeypatch.setattr(broadcast, "broadcast_many", batches.append)
    return batches


def test_one_transaction_sends_one_batch_in_order_after_commit(sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        broadcast_on_commit("ticket.1", {"type": "a"})
        broadcast_on_commit("agent.2", {"type": "b"})
        broadcast_on_commit("ticket.1", {"type": "c"})
        assert sent == []  # nothing leaves before the commit

    assert sent == [[("ticket.1", {"type": "a"}), ("agent.2", {"type": "b"}), ("ticket.1", {"type": "c"})]]


def test_a_rolled_back_savepoint_takes_its_events_with_it(sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        broadcast_on_commit("ticket.1", {"type": "kept"})
        try:
            with transaction.atomic():
                broadcast_on_commit("ticket.1", {"type": "undone"})
                raise RuntimeError
        except RuntimeError:
            pass

    assert [event["type"] for batch in sent for _group, event in batch] == ["kept"]


def test_a_rolled_back_transaction_sends_nothing(sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        broadcast_on_commit("ticket.1", {"type": "never"})
        raise RuntimeError

    assert sent == []


@pytest.mark.redis
def test_a_sync_caller_delivers_over_redis_in_order(settings, redis_url):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": redis_url, "max_connections": 1000}], "prefix": uuid.uuid4().hex},
        }
    }
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    group = f"ticket.{uuid.uuid4().int % 10**9}"

    async def listen() -> list[int]:
        channel = await layer.new_channel()
        await layer.group_add(group, channel)
        for n in range(20):  # from plain sync code, as a Celery worker sends
            await asyncio.to_thread(broadcast.broadcast_now, group, {"type": "probe", "n": n})
        received = [(await asyncio.wait_for(layer.receive(channel), 5))["n"] for _ in range(20)]
        await layer.flush()
        await layer.close_pools()
        return received

    assert asyncio.run(listen()) == list(range(20))
    broadcasts_flush()
