"""Celery entry points of accounts: fetch, call the service."""

from celery import shared_task


@shared_task
def operator_presence_sweep_task() -> int:
    from accounts.presence import operator_presence_sweep

    return len(operator_presence_sweep())
