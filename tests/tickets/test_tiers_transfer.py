"""Support tiers: L1 → L2 (a profile department) → L3 (technical group), and the L3 report to the citizen (AU6)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import OperatorProfile
from accounts.roles import Role
from accounts.services import staff_create
from tests.conftest import TOTP_KEY, topic
from tickets.errors import TierTransferRefused
from tickets.models import Channel, Ticket, TicketEvent, TicketMessage
from tickets.services import (
    message_post,
    ticket_assign,
    ticket_change_status,
    ticket_intake,
    ticket_resolve_technical,
    ticket_transfer,
)

pytestmark = pytest.mark.django_db
S = Ticket.Status


def online(user):
    OperatorProfile.objects.filter(user=user).update(status=OperatorProfile.Status.ONLINE)
    return user


@pytest.fixture
def technician(db):
    return staff_create(
        email="tech@support.example",
        password="Technician-2026!",
        role=Role.TECHNICIAN,
        last_name="Техников",
        skills=[topic("technical")],
        department="Техническая группа",
        totp_key=TOTP_KEY,
    )


@pytest.fixture
def signature_department(db):
    return staff_create(
        email="signature@support.example",
        password="Specialist-2026!",
        role=Role.SPECIALIST,
        last_name="Подписнова",
        skills=[topic("e-signature")],
        department="Отдел электронной подписи",
        totp_key=TOTP_KEY,
    )


@pytest.fixture
def ticket(citizen, operator, supervisor):
    """An email request the L1 operator has started on."""
    ticket = ticket_intake(
        channel=Channel.EMAIL, citizen=citizen, subject="Подпись", body="Не подписывается заявление",
        topic=topic("services"),
    )
    ticket_assign(ticket=ticket, assignee=operator, actor=supervisor)
    message_post(ticket=ticket, author=operator, body="Уточните, какой сертификат.", channel=Channel.EMAIL,
                 author_kind=TicketMessage.AuthorKind.AGENT)
    return Ticket.objects.get(pk=ticket.pk)


def transfer(ticket, capture, **kwargs):
    with capture(execute=True):
        ticket_transfer(ticket=ticket, **kwargs)
    return Ticket.objects.get(pk=ticket.pk)


def test_transfer_to_l2_keeps_the_history_and_finds_the_department_by_topic(
    ticket, operator, signature_department, django_capture_on_commit_callbacks
):
    online(signature_department)
    messages_before = ticket.messages.count()

    moved = transfer(ticket, django_capture_on_commit_callbacks, to_tier=2, topic=topic("e-signature"),
                     actor=operator, reason="Нужен отдел электронной подписи")

    assert moved.pk == ticket.pk and moved.number == ticket.number
    assert moved.tier == 2 and moved.topic == topic("e-signature")
    assert moved.assignee == signature_department and moved.status == S.ASSIGNED
    assert moved.messages.count() == messages_before
    event = moved.events.get(kind=TicketEvent.Kind.TRANSFERRED)
    assert event.data["from_tier"] == 1 and event.data["tier"] == 2 and event.data["previous_id"] == operator.pk
    routed = moved.events.get(kind=TicketEvent.Kind.ROUTED)
    assert routed.data["department"] == "Отдел электронной подписи" and routed.data["reason"] == "transfer"
    assert moved.reassignment_count == 1  # one handoff: from the L1 operator to the department
    fresh_operator = type(operator).objects.get(pk=operator.pk)
    assert fresh_operator.has_perm("tickets.view_ticket", moved)  # may follow it
    assert not fresh_operator.has_perm("tickets.change_ticket", moved)  # no longer theirs


def test_transfer_waits_in_the_l2_queue_when_the_department_is_away(
    ticket, operator, signature_department, django_capture_on_commit_callbacks
):
    moved = transfer(ticket, django_capture_on_commit_callbacks, to_tier=2, topic=topic("e-signature"),
                     actor=operator, reason="Нужен отдел ЭП")

    assert moved.assignee is None and moved.status == S.TRIAGED
    assert moved.events.filter(kind=TicketEvent.Kind.QUEUED).exists()


def test_citizen_sees_that_the_request_was_passed_to_specialists(
    ticket, operator, citizen, client, django_capture_on_commit_callbacks
):
    transfer(ticket, django_capture_on_commit_callbacks, to_tier=3, actor=operator, reason="Ошибка портала")
    client.force_login(citizen)

    response = client.get(reverse("tickets:citizen_detail", args=[ticket.number]))

    assert "передано специалистам уровня L3" in response.text
    assert "Ошибка портала" not in response.text  # staff reasons stay internal


def test_transfer_to_l3_goes_to_the_technical_group(ticket, operator, technician, django_capture_on_commit_callbacks):
    online(technician)

    moved = transfer(ticket, django_capture_on_commit_callbacks, to_tier=3, actor=operator, reason="Сбой подписи")

    assert moved.assignee == technician and moved.tier == 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"to_tier": 2, "reason": ""}, "Укажите причину"),
        ({"to_tier": 1, "reason": "ещё раз"}, "уже на уровне L1"),
        ({"to_tier": 5, "reason": "выше"}, "L1, L2 или L3"),
    ],
)
def test_transfer_refusals_are_readable_and_change_nothing(ticket, operator, kwargs, message):
    with pytest.raises(TierTransferRefused, match=message):
        ticket_transfer(ticket=ticket, actor=operator, **kwargs)

    ticket.refresh_from_db()
    assert ticket.tier == 1 and ticket.assignee == operator


def test_l2_transfer_needs_a_topic(citizen, operator):
    untriaged = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="?", body="Не знаю, куда писать")
    Ticket.objects.filter(pk=untriaged.pk).update(topic=None)  # triage may guess one; here nobody could
    untriaged.refresh_from_db()

    with pytest.raises(TierTransferRefused, match="выберите тему"):
        ticket_transfer(ticket=untriaged, to_tier=2, actor=operator, reason="Профильный вопрос")


def test_closed_request_cannot_be_transferred(ticket, operator):
    ticket_change_status(ticket=ticket, status=S.CANCELLED, actor=operator)

    with pytest.raises(TierTransferRefused, match="только открытое"):
        ticket_transfer(ticket=ticket, to_tier=3, actor=operator, reason="поздно")


def test_l3_report_tells_the_citizen_what_was_done_and_how_to_avoid_it(
    ticket, operator, technician, citizen, client, django_capture_on_commit_callbacks
):
    online(technician)
    ticket = transfer(ticket, django_capture_on_commit_callbacks, to_tier=3, actor=operator, reason="Сбой")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        ticket_resolve_technical(
            ticket=ticket,
            actor=technician,
            what_was_done="Перевыпустили сертификат в профиле.",
            how_to_avoid="Обновляйте плагин подписи до последней версии.",
        )

    ticket.refresh_from_db()
    assert ticket.status == S.RESOLVED and ticket.resolved_at is not None
    report = ticket.events.get(kind=TicketEvent.Kind.RESOLUTION_REPORTED)
    assert report.data["what_was_done"] == "Перевыпустили сертификат в профиле."
    message = TicketMessage.objects.get(pk=report.data["message_id"])
    assert not message.is_internal and message.author == technician
    assert "Что сделано: Перевыпустили сертификат" in message.body
    assert "Как избежать этого в будущем: Обновляйте плагин" in message.body
    assert any("Обновляйте плагин" in sent.body for sent in mail.outbox)  # an email request hears by email
    client.force_login(citizen)
    page = client.get(reverse("tickets:citizen_detail", args=[ticket.number])).text
    assert "Перевыпустили сертификат в профиле." in page


def test_l3_report_is_refused_below_the_technical_tier(ticket, operator, technician):
    with pytest.raises(TierTransferRefused, match="техническая группа"):
        ticket_resolve_technical(ticket=ticket, actor=technician, what_was_done="a", how_to_avoid="b")


def test_l3_report_is_refused_to_a_first_line_operator_and_needs_both_texts(
    ticket, operator, technician, django_capture_on_commit_callbacks
):
    ticket = transfer(ticket, django_capture_on_commit_callbacks, to_tier=3, actor=operator, reason="Сбой")

    with pytest.raises(TierTransferRefused, match="сотрудник технической группы"):
        ticket_resolve_technical(ticket=ticket, actor=operator, what_was_done="a", how_to_avoid="b")
    with pytest.raises(TierTransferRefused, match="оба поля"):
        ticket_resolve_technical(ticket=ticket, actor=technician, what_was_done="Исправили", how_to_avoid="  ")

    ticket.refresh_from_db()
    assert ticket.status == S.TRIAGED


# --- The desk forms -------------------------------------------------------------------------------------


def test_operator_transfers_from_the_desk_page(ticket, operator, staff_client, django_capture_on_commit_callbacks):
    client = staff_client(operator)
    page = client.get(reverse("desk:ticket", args=[ticket.pk])).text
    assert f'action="/desk/tickets/{ticket.pk}/transfer/"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("desk:ticket_transfer", args=[ticket.pk]),
            {"transfer-to_tier": "3", "transfer-topic": "", "transfer-reason": "Ошибка на стороне портала"},
            follow=True,
        )

    assert response.status_code == 200
    assert "передано на уровень L3" in response.text
    assert Ticket.objects.get(pk=ticket.pk).tier == 3


def test_transfer_form_errors_keep_what_was_typed(ticket, operator, staff_client):
    response = staff_client(operator).post(
        reverse("desk:ticket_transfer", args=[ticket.pk]),
        {"transfer-to_tier": "2", "transfer-topic": "", "transfer-reason": ""},
    )

    assert response.status_code == 200
    assert "Укажите причину передачи." in response.text
    assert 'aria-invalid="true"' in response.text
    assert Ticket.objects.get(pk=ticket.pk).tier == 1


def test_service_refusal_is_shown_on_the_form(citizen, operator, supervisor, staff_client):
    untriaged = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="?", body="Вопрос без темы")
    ticket_assign(ticket=untriaged, assignee=operator, actor=supervisor)

    response = staff_client(operator).post(
        reverse("desk:ticket_transfer", args=[untriaged.pk]),
        {"transfer-to_tier": "2", "transfer-topic": "", "transfer-reason": "Профильный вопрос"},
    )

    assert response.status_code == 200
    assert "выберите тему" in response.text
    assert "Профильный вопрос" in response.text


def test_technician_reports_the_resolution_from_the_desk(
    ticket, operator, technician, staff_client, django_capture_on_commit_callbacks
):
    online(technician)
    transfer(ticket, django_capture_on_commit_callbacks, to_tier=3, actor=operator, reason="Сбой")
    client = staff_client(technician)
    assert "Отчёт технической группы" in client.get(reverse("desk:ticket", args=[ticket.pk])).text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("desk:ticket_resolve_technical", args=[ticket.pk]),
            {"resolution-what_was_done": "Исправили ошибку", "resolution-how_to_avoid": "Очистите кэш браузера"},
            follow=True,
        )

    assert "Отчёт отправлен гражданину" in response.text
    assert Ticket.objects.get(pk=ticket.pk).status == S.RESOLVED


def test_first_line_page_has_no_resolution_report_form(ticket, operator, staff_client):
    page = staff_client(operator).get(reverse("desk:ticket", args=[ticket.pk])).text

    assert "Отчёт технической группы" not in page
