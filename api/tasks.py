from celery import shared_task


@shared_task
def api_expired_purge_task() -> None:
    from api.services import api_expired_purge

    api_expired_purge()
