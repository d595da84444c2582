"""Callbacks past their deadline (SLA2: a citizen who could not get through is called back within 30 minutes).

The sweep (telephony.tasks.callbacks_overdue_task, each minute) flags each overdue callback once, writes it
into the request's history, and sends supervisors one live alert per run. The alert is the SLA sweep's frame
(«sla.alert», tickets.sla._alert), which the supervisors' desk already shows (static/js/desk-sla.js): the
requests are listed under «breached» with the words «обратный звонок», and again, with the callbacks' ids and
deadlines, under «callbacks_overdue».
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from telephony.models import Callback
from tickets import services as ticket_services
from tickets.broadcast import SUPERVISOR_GROUP, broadcast_on_commit
from tickets.models import Channel, Ticket, TicketMessage

logger = logging.getLogger(__name__)  # ids only

SWEEP_BATCH = 200
ALERT_SHOWN = 20  # as tickets.sla.ALERT_TICKETS_SHOWN: a burst is one alert naming the first few


def callbacks_overdue_flag(*, now: datetime | None = None) -> list[Callback]:
    """Flag the pending callbacks whose deadline has passed; returns those of open requests flagged by this run
    (the ones written into the history and alerted).

    Idempotent: a callback is flagged once (overdue_at), so a repeated or overlapping run alerts nobody twice.
    Each callback is handled in its own transaction, locking its request first and then the callback, the order
    of call events and callback_complete, so they never deadlock.
    """
    now = now or timezone.now()
    candidates = list(
        Callback.objects.filter(status=Callback.Status.PENDING, overdue_at__isnull=True, due_at__lt=now)
        .order_by("due_at", "id")
        .values_list("pk", "ticket_id")[:SWEEP_BATCH]
    )
    flagged = [callback for pk, ticket_id in candidates if (callback := _flag_one(pk, ticket_id, now)) is not None]
    if flagged:
        _alert(flagged, now)
        logger.info("callbacks overdue flagged=%s", len(flagged))
    return flagged


@transaction.atomic
def _flag_one(callback_id: int, ticket_id: int, now: datetime) -> Callback | None:
    ticket = Ticket.objects.select_for_update().filter(pk=ticket_id).first()
    callback = (
        Callback.objects.select_for_update(of=("self",))
        .filter(pk=callback_id, status=Callback.Status.PENDING, overdue_at__isnull=True)
        .first()
    )
    if ticket is None or callback is None:  # done or flagged meanwhile
        return None
    callback.overdue_at = now
    callback.save(update_fields=["overdue_at"])
    if not ticket.is_open:
        return None  # solved or closed meanwhile: marked late on the list, but nobody is alerted
    callback.ticket = ticket
    late = int((now - callback.due_at).total_seconds() // 60)
    ticket_services.message_post(
        ticket=ticket,
        author=None,
        body=f"Обратный звонок просрочен: срок был до {timezone.localtime(callback.due_at):%d.%m.%Y %H:%M} "
        f"(попытка {callback.attempt}, опоздание {late} мин). Супервизоры оповещены.",
        author_kind=TicketMessage.AuthorKind.SYSTEM,
        channel=Channel.PHONE,
        is_internal=True,
        client_message_id=f"callback-{callback.pk}-overdue",
    )
    return callback


def _alert(flagged: list[Callback], now: datetime) -> None:
    shown = flagged[:ALERT_SHOWN]
    words = _("обратный звонок просрочен")
    with transaction.atomic():
        broadcast_on_commit(
            SUPERVISOR_GROUP,
            {
                "type": "sla.alert",
                "at": now.isoformat(),
                "counts": {
                    "at_risk": 0, "breached": len(flagged), "cleared": 0, "hard_cap": 0, "escalated": 0,
                    "not_escalated": 0, "deferred": 0, "callbacks_overdue": len(flagged),
                },
                "at_risk": [],
                "breached": [
                    {"ticket_id": callback.ticket_id, "number": f"{callback.ticket.number} ({words})"}
                    for callback in shown
                ],
                "hard_cap": [],
                "not_escalated": [],
                "escalated": [],
                "callbacks_overdue": [
                    {"callback_id": callback.pk, "ticket_id": callback.ticket_id, "number": callback.ticket.number,
                     "due_at": callback.due_at.isoformat(), "attempt": callback.attempt}
                    for callback in shown
                ],
            },
        )
