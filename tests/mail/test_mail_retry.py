"""A letter whose processing failed is processed again with a growing delay, then left to a person; admins
and the metrics see how many there are. A database outage is not such a failure: the letter is taken again."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from accounts.roles import Role
from accounts.services import staff_create
from mail.models import MailMessage
from mail.services import RETRY_MAX_ATTEMPTS, database_error_is_transient, mail_failed_counts
from mail.tasks import mail_failed_retry_task
from tests.conftest import TOTP_KEY
from tests.mail.conftest import letter
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken_intake(monkeypatch):
    def crash(**kwargs):
        raise RuntimeError("triage service crashed")

    monkeypatch.setattr("mail.services.ticket_intake", crash)
    return monkeypatch


def _retry_at(minutes_from: timezone.datetime, record: MailMessage) -> float:
    return (record.retry_at - minutes_from).total_seconds() / 60


def test_a_failed_letter_is_retried_later_and_later_until_it_goes_through(receive, broken_intake,
                                                                           django_capture_on_commit_callbacks):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        record = receive(letter(message_id="<later@example.ru>"))
    assert (record.outcome, record.attempts) == (MailMessage.Outcome.FAILED, 1)
    assert _retry_at(start, record) == pytest.approx(5)

    with time_machine.travel(start + timedelta(minutes=4), tick=False):
        assert mail_failed_retry_task() == 0  # not due yet
    record.refresh_from_db()
    assert record.attempts == 1

    second = start + timedelta(minutes=5, seconds=1)
    with time_machine.travel(second, tick=False):
        assert mail_failed_retry_task() == 0  # due, and still failing
    record.refresh_from_db()
    assert record.attempts == 2 and _retry_at(second, record) == pytest.approx(10)

    broken_intake.undo()  # the fault is fixed
    with time_machine.travel(second + timedelta(minutes=10, seconds=1), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        assert mail_failed_retry_task() == 1
    record.refresh_from_db()
    assert record.outcome == MailMessage.Outcome.OPENED and record.retry_at is None
    assert Ticket.objects.count() == 1 and len(mail.outbox) == 1  # the citizen is acknowledged, late but once


def test_after_the_last_attempt_the_letter_waits_for_a_person_and_admins_see_it(receive, broken_intake,
                                                                                 staff_client, client, settings):
    record = receive(letter())
    record.attempts = RETRY_MAX_ATTEMPTS - 1
    record.retry_at = timezone.now() - timedelta(seconds=1)
    record.save()

    mail_failed_retry_task()

    record.refresh_from_db()
    assert record.attempts == RETRY_MAX_ATTEMPTS and record.retry_at is None
    assert mail_failed_counts() == {"retrying": 0, "stuck": 1}
    administrator = staff_create(email="admin@support.example", password="Administrator-2026!",
                                 role=Role.ADMINISTRATOR, totp_key=TOTP_KEY)
    administrator.is_superuser = True
    administrator.save()
    page = staff_client(administrator).get(reverse("admin:mail_mailmessage_changelist")).content.decode()
    assert "повторы которых закончились: 1" in page
    settings.METRICS_TOKEN = "scrape-token-0123456789"
    metrics = client.get("/metrics", headers={"Authorization": "Bearer scrape-token-0123456789"}).content.decode()
    samples = {(s.name, tuple(s.labels.items())): s.value
               for family in text_string_to_metric_families(metrics) for s in family.samples}
    assert samples[("supportdesk_mail_failed", (("state", "stuck"),))] == 1
    assert samples[("supportdesk_mail_failed", (("state", "retrying"),))] == 0


def test_a_database_outage_during_a_retry_is_no_attempt(receive, broken_intake):
    record = receive(letter())
    record.retry_at = timezone.now() - timedelta(seconds=1)
    record.save()

    def outage(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    broken_intake.setattr("mail.services.ticket_intake", outage)

    assert mail_failed_retry_task() == 0
    record.refresh_from_db()
    assert record.attempts == 1 and record.retry_at <= timezone.now()  # tried again at the next run


class _Cause(Exception):
    def __init__(self, sqlstate):
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("sqlstate", "transient"),
    [("40P01", True), ("40001", True), ("55P03", True), ("57014", True), ("08006", True), (None, True),
     ("54000", False), ("22001", False)],
    ids=["deadlock", "serialization", "lock-timeout", "statement-timeout", "connection", "no-answer",
         "program-limit", "data-too-long"],
)
def test_which_database_errors_are_transient(sqlstate, transient):
    error = OperationalError("x")
    error.__cause__ = _Cause(sqlstate)

    assert database_error_is_transient(error) is transient
