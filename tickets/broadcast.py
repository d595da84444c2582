"""Live updates over the channel layer. Group names come only from here; only services broadcast."""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import logging
import os
import threading
from collections import defaultdict

from asgiref.sync import SyncToAsync, async_to_sync
from channels import DEFAULT_CHANNEL_LAYER
from channels.layers import InMemoryChannelLayer, channel_layers, get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

DESK_GROUP = "desk.queue"
# Supervisors (and superusers) on the desk hear SLA alerts: at risk, breached, escalated (tickets.sla).
SUPERVISOR_GROUP = "desk.supervisors"


def ticket_group(ticket_id: int) -> str:
    return f"ticket.{ticket_id}"


def agent_group(user_id: int) -> str:
    return f"agent.{user_id}"


class _CommitBatch(list):
    """The events of one transaction, sent together after its commit.

    A routing decision alone broadcasts four events; each separate send is one hop into the event loop
    and one Redis round trip, which made the notifications the slowest part of a claim. Sent as one
    batch they cost one hop and concurrent round trips.
    """

    def __call__(self) -> None:
        broadcast_many(list(self))


def broadcast_on_commit(group: str, event: dict) -> None:
    """Send a channel-layer event once the transaction commits (Zulip's send_event_on_commit rule)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        savepoints = set(connection.savepoint_ids)
        for hook_savepoints, hook, _robust in connection.run_on_commit:
            # join the batch of this very savepoint level, so a rolled-back savepoint drops its events
            if isinstance(hook, _CommitBatch) and hook_savepoints == savepoints:
                hook.append((group, event))
                return
    transaction.on_commit(_CommitBatch([(group, event)]))


def broadcast_now(group: str, event: dict) -> None:
    broadcast_many([(group, event)])


def broadcast_many(messages: list[tuple[str, dict]]) -> None:
    """Send events in order: one group's events one after another, different groups concurrently."""
    layer = get_channel_layer()
    if layer is None or not messages:
        return
    if isinstance(layer, InMemoryChannelLayer) or _under_event_loop():
        # the in-memory layer's queues belong to the event loop of the process's sockets; under an ASGI
        # server async_to_sync goes back to the server's loop, which keeps its own Redis connections
        async_to_sync(_send_in_order)(layer, messages)
    else:
        _sender.submit(layer, messages)


def _under_event_loop() -> bool:
    """True in a thread that sync_to_async runs for an event loop (a view or a consumer under uvicorn)."""
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    return loop is not None and getattr(SyncToAsync.threadlocal, "main_event_loop_pid", None) == os.getpid()


async def _send_in_order(layer, messages: list[tuple[str, dict]]) -> None:
    by_group: dict[str, list[dict]] = defaultdict(list)
    for group, event in messages:
        by_group[group].append(event)

    async def send_group(group: str, events: list[dict]) -> None:
        for event in events:
            await layer.group_send(group, event)

    await asyncio.gather(*(send_group(group, events) for group, events in by_group.items()))


class _BackgroundSender:
    """One event loop thread per process that sends to a networked channel layer.

    From plain synchronous code (Celery workers: routing, the SLA sweep) `async_to_sync` starts a new event
    loop for each call, and channels-redis keeps its connection pool per loop: every broadcast opened a new
    Redis connection (≈ 11 ms for a routing decision's four events, against ≈ 2.5 ms on a kept loop). The
    caller does not wait for delivery (the events are for live screens, which reload their state on
    reconnect); batches go out in the order they were submitted.
    """

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pid = 0
        self._lock = threading.Lock()
        self._pending: set[concurrent.futures.Future] = set()
        self._shared = self._layer = None

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._pid != os.getpid():  # a forked worker needs its own thread
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="broadcast-sender", daemon=True).start()
                self._loop, self._pid, self._order, self._shared = loop, os.getpid(), None, None
            return self._loop

    def _own_layer(self, layer):
        """A layer instance of our own: its Redis pools live on our loop, and closing the shared instance's
        pools (tests, shutdown) must not reach across loops. A new one whenever the configuration changes."""
        if self._shared is not layer:
            self._shared, self._layer = layer, channel_layers.make_backend(DEFAULT_CHANNEL_LAYER)
        return self._layer

    def submit(self, layer, messages: list[tuple[str, dict]]) -> None:
        loop = self._running_loop()
        future = asyncio.run_coroutine_threadsafe(self._send(self._own_layer(layer), messages), loop)
        self._pending.add(future)
        future.add_done_callback(self._done)

    async def _send(self, layer, messages) -> None:
        if self._order is None:
            self._order = asyncio.Lock()  # FIFO: batches leave in submission order
        async with self._order:
            await _send_in_order(layer, messages)

    def _done(self, future: concurrent.futures.Future) -> None:
        self._pending.discard(future)
        if not future.cancelled() and future.exception() is not None:
            logger.warning("live update not delivered: %r", future.exception())

    def flush(self, timeout: float = 2.0) -> None:
        """Wait for the events submitted so far (tests, benchmarks and process exit)."""
        concurrent.futures.wait(list(self._pending), timeout=timeout)


_sender = _BackgroundSender()
broadcasts_flush = _sender.flush
atexit.register(_sender.flush)
