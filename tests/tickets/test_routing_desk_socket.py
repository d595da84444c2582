"""The operator hears on their desk socket that routing gave them a request; colleagues do not."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from accounts.models import OperatorProfile
from tests.chat.conftest import TIMEOUT, averified_session, desk_socket, next_frame
from tests.conftest import topic
from tickets.models import Channel
from tickets.services import ticket_intake

pytestmark = pytest.mark.django_db(transaction=True)  # the consumer and the on-commit routing need real commits


async def test_routed_request_is_announced_to_its_operator_only(citizen, operator, other_operator):
    await database_sync_to_async(OperatorProfile.objects.update)(status=OperatorProfile.Status.ONLINE)
    mine = desk_socket(user=operator, session=await averified_session(operator))
    theirs = desk_socket(user=other_operator, session=await averified_session(other_operator))
    assert (await mine.connect(timeout=TIMEOUT))[0] and (await theirs.connect(timeout=TIMEOUT))[0]
    recovery = await database_sync_to_async(topic)("password-recovery")

    ticket = await database_sync_to_async(ticket_intake)(
        channel=Channel.CHAT, citizen=citizen, subject="", body="Не могу войти", topic=recovery
    )

    frame = await next_frame(mine, "ticket.assigned")
    assert frame == {"type": "ticket.assigned", "ticket_id": ticket.pk, "number": ticket.number, "priority": 2}
    frames = []
    while not await theirs.receive_nothing(timeout=0.5):
        frames.append(await theirs.receive_json_from())
    assert all(f["type"] == "queue.changed" for f in frames)
    await mine.disconnect()
    await theirs.disconnect()
