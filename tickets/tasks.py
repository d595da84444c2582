"""Celery entry points: fetch by id, call the notifier. Idempotent: acks_late may run them twice."""

from celery import shared_task


@shared_task(acks_late=True)
def ticket_acknowledge_task(*, ticket_id: int) -> None:
    from tickets.notifications import ticket_acknowledge

    ticket_acknowledge(ticket_id=ticket_id)


@shared_task(acks_late=True)
def ticket_notify_citizen_task(*, ticket_id: int, message_id: int | None = None) -> None:
    from tickets.notifications import ticket_notify_citizen

    ticket_notify_citizen(ticket_id=ticket_id, message_id=message_id)


@shared_task
def close_resolved_tickets_task() -> int:
    from tickets.services import tickets_close_resolved

    return tickets_close_resolved()


@shared_task
def sla_sweep_task() -> dict[str, int]:
    from tickets.sla import sla_sweep

    return sla_sweep().as_dict()


# --- Routing (tickets.routing) ---------------------------------------------------------------------------


@shared_task(acks_late=True)
def ticket_route_task(*, ticket_id: int, reason: str = "intake", away_from: int | None = None) -> None:
    from tickets.routing import route_ticket

    # a request already assigned is left alone; away_from: taken from that operator, unless no longer theirs
    route_ticket(ticket_id=ticket_id, reason=reason, away_from=away_from)


@shared_task(acks_late=True)
def operator_status_routing_task(*, user_id: int) -> None:
    from tickets.routing import operator_status_routing

    operator_status_routing(user_id=user_id)  # reads the status as it is now, so a late run is harmless


@shared_task(acks_late=True)
def routing_capacity_freed_task(*, user_id: int) -> None:
    from tickets.routing import routing_capacity_freed

    routing_capacity_freed(user_id=user_id)


@shared_task
def routing_sweep_task() -> int:
    from tickets.routing import routing_sweep

    return routing_sweep()
