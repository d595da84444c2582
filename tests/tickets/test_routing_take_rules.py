"""A person choosing the operator obeys the routing rules (audit #3 A2): «Взять в работу», a reply that takes a
queued request, the operator's queue, and a supervisor's assignment."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import OperatorProfile
from accounts.roles import Role
from accounts.services import staff_create
from tests.conftest import TOTP_KEY, registration_request, topic
from tickets.models import Channel, Ticket, TicketEvent, TicketMessage
from tickets.routing import AssignmentRefused
from tickets.services import message_post, ticket_assign, ticket_intake, ticket_take

pytestmark = pytest.mark.django_db
S = Ticket.Status
ONLINE, AWAY, OFFLINE, BUSY = "online", "away", "offline", "busy"


def line(user, status=ONLINE, capacity=3) -> None:
    OperatorProfile.objects.filter(user=user).update(status=status, max_concurrent_chats=capacity)


def tatar_request(citizen) -> Ticket:
    return ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Пароль", body="Серсүзне оныттым",
                         topic=topic("registration"), language="tt")


# --- The operator takes ---------------------------------------------------------------------------------


def test_an_operator_on_the_line_takes_a_request_they_fit(operator, citizen):
    line(operator)
    ticket = registration_request(citizen)

    taken = ticket_take(ticket=ticket, agent=operator)

    assert (taken.assignee, taken.status) == (operator, S.ASSIGNED)
    assert OperatorProfile.objects.get(user=operator).last_assigned_at is not None  # as every assignment


@pytest.mark.parametrize("status", [OFFLINE, AWAY, BUSY])
def test_an_operator_not_on_the_line_cannot_take(operator, citizen, status):
    line(operator, status)
    ticket = registration_request(citizen)

    with pytest.raises(AssignmentRefused, match="выберите статус «на линии»"):
        ticket_take(ticket=ticket, agent=operator)

    assert Ticket.objects.get(pk=ticket.pk).assignee is None


def test_a_take_over_capacity_is_refused_and_names_the_limit(operator, citizen):
    line(operator, capacity=1)
    ticket_take(ticket=registration_request(citizen), agent=operator)
    second = registration_request(citizen)

    with pytest.raises(AssignmentRefused, match="уже 1 открытых обращений из 1"):
        ticket_take(ticket=second, agent=operator)

    assert Ticket.objects.get(pk=second.pk).assignee is None


def test_a_request_in_a_language_the_operator_does_not_speak_cannot_be_taken(operator, citizen):
    line(operator)
    ticket = tatar_request(citizen)

    with pytest.raises(AssignmentRefused, match="на языке «татарский»"):
        ticket_take(ticket=ticket, agent=operator)


def test_a_request_outside_the_operators_skills_or_level_cannot_be_taken(operator, other_operator, citizen):
    line(other_operator)  # skilled in «technical», not «registration»
    ticket = registration_request(citizen)

    with pytest.raises(AssignmentRefused, match="не для вашего уровня и компетенций"):
        ticket_take(ticket=ticket, agent=other_operator)

    line(operator)
    l2 = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="ЭП", body="Подпись", topic=topic("e-signature"))
    with pytest.raises(AssignmentRefused, match="L2"):
        ticket_take(ticket=l2, agent=operator)


def test_a_deactivated_operator_cannot_take(operator, citizen):
    line(operator)
    type(operator).objects.filter(pk=operator.pk).update(is_active=False)
    operator.refresh_from_db()

    with pytest.raises(AssignmentRefused, match="отключена"):
        ticket_take(ticket=registration_request(citizen), agent=operator)


def test_the_desk_take_button_shows_the_refusal(staff_client, operator, citizen):
    ticket = registration_request(citizen)  # the operator is «не в сети»

    response = staff_client(operator).post(reverse("desk:ticket_take", args=[ticket.pk]), follow=True)

    assert "Чтобы брать обращения, выберите статус «на линии» (сейчас: «не в сети»)." in response.text
    assert Ticket.objects.get(pk=ticket.pk).assignee is None


def test_a_reply_that_would_take_a_request_over_capacity_is_refused_and_keeps_the_text(
    staff_client, operator, citizen
):
    line(operator, capacity=1)
    ticket_take(ticket=registration_request(citizen), agent=operator)
    queued = registration_request(citizen)

    response = staff_client(operator).post(
        reverse("desk:ticket_reply", args=[queued.pk]), {"body": "Проверьте папку «Спам»."}
    )

    assert response.status_code == 200
    assert "это ваш предел" in response.text
    assert "Проверьте папку «Спам».</textarea>" in response.text  # nothing typed is lost
    queued.refresh_from_db()
    assert queued.assignee is None and not queued.messages.filter(author=operator).exists()


def test_a_chat_reply_over_the_socket_service_takes_only_by_the_rules(operator, citizen):
    """message_post itself (the chat socket writes through it) applies the take rules to a reply."""
    ticket = ticket_intake(channel=Channel.CHAT, citizen=citizen, subject="", body="Помогите",
                           topic=topic("registration"))

    with pytest.raises(AssignmentRefused):
        message_post(ticket=ticket, author=operator, body="Здравствуйте!", author_kind=TicketMessage.AuthorKind.AGENT,
                     channel=Channel.CHAT)
    assert not ticket.messages.filter(author=operator).exists()

    line(operator)
    message_post(ticket=ticket, author=operator, body="Здравствуйте!", author_kind=TicketMessage.AuthorKind.AGENT,
                 channel=Channel.CHAT)
    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.status) == (operator, S.IN_PROGRESS)


def test_the_queue_shows_only_requests_in_the_operators_languages(staff_client, operator, citizen):
    line(operator)
    russian = registration_request(citizen)
    tatar = tatar_request(citizen)

    page = staff_client(operator).get(reverse("desk:queue")).text

    assert russian.number in page and tatar.number not in page
    assert staff_client(operator).get(reverse("desk:ticket", args=[tatar.pk])).status_code == 404

    OperatorProfile.objects.filter(user=operator).update(languages=["ru", "tt"])
    operator = type(operator).objects.get(pk=operator.pk)  # a fresh user: the queue scope is read once per user
    assert tatar.number in staff_client(operator).get(reverse("desk:queue")).text


# --- A supervisor assigns -----------------------------------------------------------------------------


def colleague(**extra):
    return staff_create(email="colleague@support.example", password="Colleague-2026!", role=Role.OPERATOR,
                        first_name="Павел", last_name="Соколов", skills=[topic("registration")], totp_key=TOTP_KEY,
                        **extra)


@pytest.mark.parametrize("status", [OFFLINE, AWAY, BUSY])
def test_a_supervisor_cannot_assign_someone_not_on_the_line_even_confirming(
    staff_client, supervisor, citizen, status
):
    absent = colleague()
    line(absent, status)
    ticket = registration_request(citizen)

    response = staff_client(supervisor).post(
        reverse("desk:ticket_assign", args=[ticket.pk]), {"agent": absent.pk, "override": "on"}, follow=True
    )

    assert "Соколов Павел сейчас не на линии" in response.text
    assert Ticket.objects.get(pk=ticket.pk).assignee is None


def test_a_supervisor_assigns_a_full_operator_only_after_confirming(staff_client, supervisor, operator, citizen):
    line(operator, capacity=1)
    ticket_take(ticket=registration_request(citizen), agent=operator)
    ticket = registration_request(citizen)
    client = staff_client(supervisor)

    refused = client.post(reverse("desk:ticket_assign", args=[ticket.pk]), {"agent": operator.pk}, follow=True)

    assert "уже 1 открытых обращений из 1" in refused.text
    assert "отметьте «Назначить сверх правил распределения»" in refused.text
    assert Ticket.objects.get(pk=ticket.pk).assignee is None

    confirmed = client.post(
        reverse("desk:ticket_assign", args=[ticket.pk]), {"agent": operator.pk, "override": "on"}, follow=True
    )

    assert "Исполнитель: Смирнова Ольга." in confirmed.text
    assert Ticket.objects.get(pk=ticket.pk).assignee == operator


def test_a_supervisor_confirms_an_assignment_outside_the_language(supervisor, operator, citizen):
    line(operator)
    ticket = tatar_request(citizen)

    with pytest.raises(AssignmentRefused, match="не говорит на языке обращения") as refusal:
        ticket_assign(ticket=ticket, assignee=operator, actor=supervisor, enforce_rules=True)
    assert refusal.value.overridable

    ticket_assign(ticket=ticket, assignee=operator, actor=supervisor, enforce_rules=True, override=True)
    assert Ticket.objects.get(pk=ticket.pk).assignee == operator


def test_the_assign_form_offers_the_confirmation_with_its_explanation(staff_client, supervisor, citizen):
    ticket = registration_request(citizen)

    page = staff_client(supervisor).get(reverse("desk:ticket", args=[ticket.pk])).text

    assert 'name="override"' in page and 'aria-describedby="id_override_helptext"' in page
    assert 'id="id_override_helptext"' in page


# --- Back to the queue ----------------------------------------------------------------------------------


def test_unassigning_a_request_in_progress_puts_it_back_in_the_queue_and_routes_it(
    operator, supervisor, citizen, django_capture_on_commit_callbacks
):
    line(operator)
    ticket = registration_request(citizen)
    ticket_take(ticket=ticket, agent=operator)
    message_post(ticket=ticket, author=operator, body="Смотрю", author_kind=TicketMessage.AuthorKind.AGENT,
                 channel=Channel.WEB)
    assert Ticket.objects.get(pk=ticket.pk).status == S.IN_PROGRESS
    line(operator, OFFLINE)
    other = colleague()
    line(other)

    with django_capture_on_commit_callbacks(execute=True):
        ticket_assign(ticket=ticket, assignee=None, actor=supervisor)

    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.status) == (other, S.ASSIGNED)
    moves = list(ticket.events.filter(kind=TicketEvent.Kind.STATUS_CHANGED).values_list("data__new", flat=True))
    assert moves[-2:] == [S.TRIAGED, S.ASSIGNED]
    assert ticket.events.filter(kind=TicketEvent.Kind.ROUTED, data__reason="unassigned").exists()
