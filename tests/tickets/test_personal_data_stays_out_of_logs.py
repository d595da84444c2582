import logging

import pytest
from auditlog.models import LogEntry

from accounts.models import OperatorProfile
from accounts.services import citizen_profile_update
from tickets.models import Channel
from tickets.services import message_post, ticket_intake

pytestmark = pytest.mark.django_db

PERSONAL = ["112-233-445 95", "Иванова", "ivanova@example.ru", "+7 912 345-67-89"]


def test_intake_and_replies_log_ids_not_personal_data(citizen, operator, caplog):
    caplog.set_level(logging.DEBUG)
    OperatorProfile.objects.filter(user=operator).update(status=OperatorProfile.Status.ONLINE)  # the reply takes it
    body = "Я Иванова, СНИЛС 112-233-445 95, телефон +7 912 345-67-89, почта ivanova@example.ru"

    ticket = ticket_intake(channel=Channel.EMAIL, citizen=citizen, subject="Иванова", body=body)
    message_post(ticket=ticket, author=operator, body=body, author_kind="agent", channel=Channel.EMAIL)

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert f"id={ticket.pk}" in logged
    for value in PERSONAL:
        assert value not in logged


def test_changes_to_personal_data_are_audited_with_masked_values(citizen):
    citizen_profile_update(user=citizen, last_name="Иванова", first_name="Анна", patronymic="",
                           phone="+7 999 000-11-22", snils="", preferred_language="ru")

    entry = LogEntry.objects.get_for_object(citizen.citizen_profile).order_by("-timestamp").first()
    assert entry is not None
    assert "phone" in entry.changes_dict
    assert "+79990001122" not in str(entry.changes_dict)
