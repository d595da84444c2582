"""The chat on the production channel layer (channels-redis), configured exactly as settings.py does it.

Regression (research/performance.md): redis-py 8 caps an asyncio pool at 100 connections and
channels-redis passes no limit, so ~100 chatting sockets per process died with MaxConnectionsError.
settings.py gives the layer host max_connections=1000; these tests hold it to that.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels_redis.pubsub import RedisPubSubChannelLayer
from django.conf import settings

from chat.services import chat_message_send
from tests.chat.conftest import TIMEOUT, averified_session, next_frame, ticket_socket

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

CONCURRENT_OPERATIONS = 150  # above redis-py's default cap of 100


def layers_from_settings(redis_url: str) -> dict:
    """CHANNEL_LAYERS as supportdesk/settings.py builds it when REDIS_URL is set (read in a fresh process)."""
    code = "import json; from django.conf import settings; print(json.dumps(settings.CHANNEL_LAYERS))"
    env = {**os.environ, "REDIS_URL": redis_url, "DJANGO_SETTINGS_MODULE": "supportdesk.settings"}
    result = subprocess.run(  # noqa: S603 - fixed argument list, our own interpreter
        [sys.executable, "-c", code],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def redis_layer(settings, redis_url):
    layers = layers_from_settings(redis_url)
    assert layers["default"]["BACKEND"] == "channels_redis.pubsub.RedisPubSubChannelLayer"
    assert layers["default"]["CONFIG"]["hosts"] == [{"address": redis_url, "max_connections": 1000}]
    # a prefix of our own: other test runs may share this Redis, and ticket ids repeat across test databases
    layers["default"]["CONFIG"]["prefix"] = f"test-chat-{uuid.uuid4().hex}"
    settings.CHANNEL_LAYERS = layers  # channels drops its cached layer when this setting changes
    return layers["default"]["CONFIG"]


async def test_group_send_over_redis_reaches_the_consumer(redis_layer, chat_ticket, citizen, operator):
    assert isinstance(get_channel_layer(), RedisPubSubChannelLayer)
    socket = ticket_socket(chat_ticket.pk, user=operator, session=await averified_session(operator))
    assert (await socket.connect(timeout=TIMEOUT))[0]

    message, _created = await database_sync_to_async(chat_message_send)(
        ticket=chat_ticket, author=citizen, as_staff=False, body="Через Redis", client_message_id=str(uuid.uuid4())
    )

    frame = await next_frame(socket, "message")
    assert frame["message_id"] == message.pk
    assert "Через Redis" in frame["html"]
    await socket.disconnect()
    await get_channel_layer().flush()


async def test_150_concurrent_layer_operations_do_not_exhaust_the_pool(redis_layer):
    layer = get_channel_layer()
    assert isinstance(layer, RedisPubSubChannelLayer)
    channels = [await layer.new_channel() for _ in range(CONCURRENT_OPERATIONS)]
    receivers = [asyncio.ensure_future(layer.receive(name)) for name in channels]
    await asyncio.sleep(0.5)

    # Each of these holds a pooled connection while it waits for Redis, as busy sockets do.
    await asyncio.gather(*(layer.send(name, {"type": "chat.probe", "n": n}) for n, name in enumerate(channels)))
    received = await asyncio.wait_for(asyncio.gather(*receivers), timeout=60)
    await asyncio.gather(*(layer.group_add(f"ticket.{n % 7}", name) for n, name in enumerate(channels)))
    await asyncio.gather(
        *(layer.group_send(f"ticket.{n % 7}", {"type": "chat.probe", "n": n}) for n in range(CONCURRENT_OPERATIONS))
    )

    # With redis-py's default pool (hosts=[url]) the gathers above raise MaxConnectionsError.
    assert sorted(message["n"] for message in received) == list(range(CONCURRENT_OPERATIONS))
    await layer.flush()
