import pytest

from accounts.models import OperatorProfile
from tickets.errors import EmptyMessage, TicketClosed
from tickets.models import Channel, Ticket, TicketEvent, TicketMessage
from tickets.services import message_post, ticket_change_status, ticket_intake

pytestmark = pytest.mark.django_db

AGENT = TicketMessage.AuthorKind.AGENT
CITIZEN = TicketMessage.AuthorKind.CITIZEN


@pytest.fixture
def ticket(citizen):
    return ticket_intake(channel=Channel.CHAT, citizen=citizen, subject="Вход", body="Не могу войти")


def test_a_resent_client_message_id_returns_the_saved_copy(ticket, citizen):
    first, created = message_post(ticket=ticket, author=citizen, body="Алло", author_kind=CITIZEN,
                                  channel=Channel.CHAT, client_message_id="c-1")
    again, created_again = message_post(ticket=ticket, author=citizen, body="Алло", author_kind=CITIZEN,
                                        channel=Channel.CHAT, client_message_id="c-1")

    assert created and not created_again
    assert again.pk == first.pk
    assert ticket.messages.filter(client_message_id="c-1").count() == 1


def test_the_first_agent_reply_is_the_first_contact_and_takes_the_request(ticket, operator):
    OperatorProfile.objects.filter(user=operator).update(status=OperatorProfile.Status.ONLINE)  # to take it
    message_post(ticket=ticket, author=operator, body="Здравствуйте!", author_kind=AGENT, channel=Channel.CHAT)

    ticket.refresh_from_db()
    assert ticket.first_response_at is not None
    assert ticket.status == Ticket.Status.IN_PROGRESS
    assert ticket.assignee == operator
    assert operator.has_perm("tickets.change_ticket", ticket)


def test_an_internal_note_is_not_a_first_contact(ticket, operator):
    message_post(ticket=ticket, author=operator, body="Проверить ЕСИА", author_kind=AGENT, channel=Channel.CHAT,
                 is_internal=True)

    ticket.refresh_from_db()
    assert ticket.first_response_at is None
    assert ticket.status == Ticket.Status.NEW


def test_a_citizen_writing_to_a_resolved_request_reopens_it(ticket, citizen, operator):
    OperatorProfile.objects.filter(user=operator).update(status=OperatorProfile.Status.ONLINE)  # the reply takes it
    message_post(ticket=ticket, author=operator, body="Готово", author_kind=AGENT, channel=Channel.CHAT)
    ticket_change_status(ticket=ticket, status=Ticket.Status.RESOLVED, actor=operator)

    message_post(ticket=ticket, author=citizen, body="Снова не работает", author_kind=CITIZEN, channel=Channel.CHAT)

    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.IN_PROGRESS
    assert ticket.events.filter(kind=TicketEvent.Kind.STATUS_CHANGED, data__reopened=True).exists()


def test_closed_requests_take_no_messages(ticket, citizen, operator):
    ticket_change_status(ticket=ticket, status=Ticket.Status.CANCELLED, actor=operator)

    with pytest.raises(TicketClosed):
        message_post(ticket=ticket, author=citizen, body="Ещё вопрос", author_kind=CITIZEN, channel=Channel.CHAT)


def test_blank_messages_are_refused(ticket, citizen):
    with pytest.raises(EmptyMessage):
        message_post(ticket=ticket, author=citizen, body="   ", author_kind=CITIZEN, channel=Channel.CHAT)


def test_every_message_is_journaled_and_broadcast_after_commit(ticket, citizen, django_capture_on_commit_callbacks,
                                                               monkeypatch):
    sent = []
    monkeypatch.setattr("tickets.broadcast.broadcast_many", sent.extend)

    with django_capture_on_commit_callbacks(execute=True):
        message, _ = message_post(ticket=ticket, author=citizen, body="Вопрос", author_kind=CITIZEN,
                                  channel=Channel.CHAT, client_message_id="c-9")

    assert ticket.events.filter(kind=TicketEvent.Kind.MESSAGE, data__message_id=message.pk).exists()
    [(group, update)] = [(group, event) for group, event in sent if event["type"] == "ticket.message"]
    assert group == f"ticket.{ticket.pk}"
    copy = update.pop("message")  # what the sockets render without reading the message back
    assert update == {"type": "ticket.message", "message_id": message.pk, "client_message_id": "c-9",
                      "author_kind": CITIZEN, "internal": False}
    assert copy["id"] == message.pk and copy["body"] == "Вопрос" and copy["author"]["id"] == citizen.pk
    # the journal row is the request's record of the message, not a second live update
    assert not [event for _group, event in sent if event["type"] == "ticket.event"]
