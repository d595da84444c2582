from celery import shared_task


@shared_task
def review_reminders_task() -> int:
    from knowledgebase.services import review_reminders_send

    return review_reminders_send()
