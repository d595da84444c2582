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
