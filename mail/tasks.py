"""Celery entry points of the mail channel."""

import imaplib
import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task
def mail_imap_poll_task() -> int:
    from mail.imap import mail_imap_poll
    from mail.services import database_error_is_transient

    try:
        return mail_imap_poll().processed
    except (OSError, imaplib.IMAP4.error) as error:  # server down or refusing: the next minute's poll retries
        logger.warning("mail: IMAP poll failed: %s", type(error).__name__)
        return 0
    except Exception as error:
        if not database_error_is_transient(error):
            raise
        logger.warning("mail: IMAP poll postponed, database unavailable: %s", type(error).__name__)
        return 0


@shared_task
def mail_failed_retry_task() -> int:
    """Letters in that failed processing, and letters out that the relay refused for now: their time came."""
    from mail.outbound import mail_outbound_retry
    from mail.services import database_error_is_transient, mail_failed_retry

    try:
        return mail_failed_retry() + mail_outbound_retry()
    except Exception as error:
        if not database_error_is_transient(error):
            raise
        logger.warning("mail: retry of failed letters postponed: %s", type(error).__name__)
        return 0
