"""Desk presence (OP1, issue #3 A1): an operator who left the desk without choosing «не в сети» is marked «отошёл».

Signs of life are written to OperatorProfile.desk_seen_at, a column every process can read: each open desk
socket (chat.consumers.DeskConsumer) writes it when it connects and every DESK_PRESENCE_HEARTBEAT seconds
while it stays open, and so do desk page views from a browser that has opened a desk socket (the scripted
desk moves between pages, and a page without a socket must not look like an absence). A periodic sweep
(operator_presence_sweep, beat) marks «отошёл» every operator on the line whose desk has been silent for
DESK_PRESENCE_TIMEOUT seconds, through operator_set_status, so routing hands their requests on. Nothing
depends on a disconnect being seen: a crashed process or a closed laptop simply stops the heartbeat.

Presence applies only to operators whose desk has shown a sign of life since they went on the line
(desk_seen_at ≥ status_changed_at). An operator who works without scripts never opens a desk socket, so
their status stays what they chose. Marking is one-way: whoever comes back chooses «на линии» again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import OperatorProfile

logger = logging.getLogger(__name__)  # ids only

# The session of a browser that has opened a desk socket keeps the time of its last sign of life here; desk
# page views of such a session refresh the operator's presence at most once per heartbeat.
PRESENCE_SESSION_KEY = "desk_presence_at"
# Statuses that presence can end: «на линии» and «занят» both mean «I am at the desk».
PRESENT_STATUSES = (OperatorProfile.Status.ONLINE, OperatorProfile.Status.BUSY)


def heartbeat_seconds() -> float:
    return float(settings.DESK_PRESENCE_HEARTBEAT)


def timeout_seconds() -> float:
    return float(settings.DESK_PRESENCE_TIMEOUT)


def operator_presence_touch(*, user_id: int, now: datetime | None = None) -> bool:
    """The operator's desk showed a sign of life (one UPDATE; False when they have no operator profile)."""
    return OperatorProfile.objects.filter(user_id=user_id).update(desk_seen_at=now or timezone.now()) > 0


def presence_page_view(*, session, user_id: int) -> None:
    """A desk page view: a sign of life when this browser has opened a desk socket before (see the module)."""
    last = session.get(PRESENCE_SESSION_KEY)
    if last is None:
        return  # a desk without scripts: presence does not apply
    now = time.time()
    if now - float(last) < heartbeat_seconds():
        return
    operator_presence_touch(user_id=user_id)
    session[PRESENCE_SESSION_KEY] = now


class DeskHeartbeat:
    """A socket's heartbeat: a sign of life at start and every DESK_PRESENCE_HEARTBEAT seconds until stopped.

    touch is the database write run off the event loop (the consumer passes its own thread-pool wrapper).
    """

    def __init__(self, *, touch) -> None:
        self._touch = touch
        self._task: asyncio.Task | None = None

    async def start(self) -> bool:
        """Write the first sign of life; False (and no heartbeat) when the user has no operator profile."""
        if not await self._touch():
            return False
        self._task = asyncio.create_task(self._beat())
        return True

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(heartbeat_seconds())
            try:
                await self._touch()
            except Exception:  # a database hiccup must not end the socket; the next beat tries again
                logger.warning("desk presence heartbeat failed", exc_info=True)


def operator_presence_sweep(*, now: datetime | None = None) -> list[int]:
    """Mark «отошёл» the operators on the line whose desk has been silent too long; returns their user ids.

    Each operator is re-checked under their profile's row lock (they may have come back a moment ago), and
    the status change goes through operator_set_status, so routing re-routes their requests after commit.
    """
    from accounts.services import operator_set_status  # services import nothing from here

    now = now or timezone.now()
    silent_since = now - timedelta(seconds=timeout_seconds())
    absent = OperatorProfile.objects.filter(
        status__in=PRESENT_STATUSES,
        desk_seen_at__lt=silent_since,
        desk_seen_at__gte=F("status_changed_at"),  # seen by a scripted desk since going on the line
    )
    marked = []
    for profile_id in absent.values_list("pk", flat=True):
        with transaction.atomic():
            profile = absent.select_for_update(skip_locked=True).filter(pk=profile_id).first()
            if profile is None:  # back meanwhile, or another sweep holds the row
                continue
            operator_set_status(profile=profile, status=OperatorProfile.Status.AWAY)
            marked.append(profile.user_id)
            logger.info("operator marked away: desk silent user=%s", profile.user_id)
    return marked
