import pytest
from django.core import mail

from tickets.errors import IllegalTransition, TicketClosed
from tickets.models import Channel, Ticket, TicketEvent
from tickets.services import ticket_assign, ticket_change_status, ticket_intake

pytestmark = pytest.mark.django_db
S = Ticket.Status


@pytest.fixture
def ticket(citizen):
    return ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Статус заявления", body="Где моё заявление?")


def test_status_change_is_journaled_with_actor_and_reason(ticket, operator):
    ticket_change_status(ticket=ticket, status=S.WAITING, actor=operator, reason="Нужен номер заявления")

    event = ticket.events.get(kind=TicketEvent.Kind.STATUS_CHANGED)
    assert event.actor == operator
    assert event.data == {"old": "new", "new": "waiting", "reason": "Нужен номер заявления", "reopened": False}


def test_illegal_transition_is_refused_with_a_readable_error(ticket, operator):
    ticket_change_status(ticket=ticket, status=S.CANCELLED, actor=operator)

    with pytest.raises(IllegalTransition, match="Нельзя перевести обращение"):
        ticket_change_status(ticket=ticket, status=S.IN_PROGRESS, actor=operator)


def test_status_change_emails_the_citizen_after_commit(ticket, operator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket_change_status(ticket=ticket, status=S.RESOLVED, actor=operator)

    assert [m.to for m in mail.outbox] == [["ivanova@example.ru"]]
    assert "решено" in mail.outbox[0].subject
    assert ticket.events.filter(kind=TicketEvent.Kind.CITIZEN_NOTIFIED).exists()


def test_resolving_and_reopening_keeps_timestamps_honest(ticket, operator):
    ticket = ticket_change_status(ticket=ticket, status=S.RESOLVED, actor=operator)
    assert ticket.resolved_at is not None

    ticket = ticket_change_status(ticket=ticket, status=S.IN_PROGRESS, actor=operator)

    assert ticket.resolved_at is None


def test_reassignment_moves_the_object_permission(ticket, operator, specialist, supervisor):
    ticket_assign(ticket=ticket, assignee=operator, actor=supervisor)
    ticket = ticket_assign(ticket=ticket, assignee=specialist, actor=supervisor)

    assert ticket.status == S.ASSIGNED
    assert specialist.has_perm("tickets.change_ticket", ticket)
    assert not type(operator).objects.get(pk=operator.pk).has_perm("tickets.change_ticket", ticket)


def test_closed_requests_cannot_be_assigned(ticket, operator, supervisor):
    ticket_change_status(ticket=ticket, status=S.CANCELLED, actor=supervisor)

    with pytest.raises(TicketClosed):
        ticket_assign(ticket=ticket, assignee=operator, actor=supervisor)


def test_the_resolution_email_invites_the_citizen_to_rate(ticket, operator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket_change_status(ticket=ticket, status=S.RESOLVED, actor=operator)

    assert f"/requests/{ticket.number}/#rating" in mail.outbox[-1].body
