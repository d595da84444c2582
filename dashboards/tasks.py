"""Periodic rollup refresh (CELERY_BEAT_SCHEDULE). Safe to overlap: the refresh takes an advisory lock."""

from celery import shared_task


@shared_task
def rollup_refresh_task() -> int | None:
    from dashboards.services import rollup_refresh_recent

    # a refresh still running (e.g. the nightly rebuild) will cover this minute too: don't queue behind it
    return rollup_refresh_recent(wait=False)


@shared_task
def rollup_rebuild_task() -> int | None:
    from dashboards.services import rollup_refresh

    return rollup_refresh(since=None)
