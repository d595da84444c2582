"""Celery entry points of the hotline: call the service, nothing else."""

from celery import shared_task


@shared_task
def callbacks_overdue_task() -> int:
    from telephony.callback_sla import callbacks_overdue_flag

    return len(callbacks_overdue_flag())  # idempotent: a callback is flagged once, so a repeated run is harmless
