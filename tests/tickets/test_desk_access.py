"""Who may open the back-office and which requests each staff member sees (SEC2, SEC3)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.services import staff_create
from tests.conftest import TOTP_KEY, registration_request, topic
from tickets.services import ticket_assign

pytestmark = pytest.mark.django_db



def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("desk:queue"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_staff_session_without_second_factor_is_sent_to_two_factor(client, operator, citizen):
    ticket = registration_request(citizen)
    client.force_login(operator, backend="django.contrib.auth.backends.ModelBackend")

    for url in (reverse("desk:queue"), reverse("desk:ticket", args=[ticket.pk]), reverse("privacy:journal")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:two_factor"))


def test_citizen_is_forbidden_from_the_desk(client, citizen):
    ticket = registration_request(citizen)
    client.force_login(citizen, backend="django.contrib.auth.backends.ModelBackend")

    assert client.get(reverse("desk:queue")).status_code == 403
    assert client.get(reverse("desk:ticket", args=[ticket.pk])).status_code == 403
    assert client.post(reverse("desk:ticket_take", args=[ticket.pk])).status_code == 403


def test_security_officer_is_sent_from_queue_to_journal_and_cannot_open_requests(
    staff_client, security_officer, citizen
):
    ticket = registration_request(citizen)
    client = staff_client(security_officer)

    response = client.get(reverse("desk:queue"))

    assert response.status_code == 302
    assert response.url == reverse("privacy:journal")
    assert client.get(reverse("desk:ticket", args=[ticket.pk])).status_code == 403


def test_operator_with_the_skill_sees_a_queued_unassigned_request(staff_client, operator, citizen):
    ticket = registration_request(citizen)

    response = staff_client(operator).get(reverse("desk:ticket", args=[ticket.pk]))

    assert response.status_code == 200
    assert ticket.number in response.text


def test_operator_without_the_skill_gets_404(staff_client, other_operator, citizen):
    ticket = registration_request(citizen)

    response = staff_client(other_operator).get(reverse("desk:ticket", args=[ticket.pk]))

    assert response.status_code == 404


def test_request_assigned_to_a_colleague_is_hidden_even_with_the_skill(staff_client, operator, supervisor, citizen):
    colleague = staff_create(
        email="colleague@support.example",
        password="Colleague-2026!",
        role=Role.OPERATOR,
        skills=[topic("registration")],
        totp_key=TOTP_KEY,
    )
    ticket = registration_request(citizen)
    ticket_assign(ticket=ticket, assignee=colleague, actor=supervisor)

    assert staff_client(operator).get(reverse("desk:ticket", args=[ticket.pk])).status_code == 404


def test_owner_sees_their_request(staff_client, other_operator, supervisor, citizen):
    ticket = registration_request(citizen)  # outside other_operator's skills, but assigned to them
    ticket_assign(ticket=ticket, assignee=other_operator, actor=supervisor)

    assert staff_client(other_operator).get(reverse("desk:ticket", args=[ticket.pk])).status_code == 200


def test_supervisor_sees_every_request(staff_client, supervisor, other_operator, citizen):
    ticket = registration_request(citizen)
    ticket_assign(ticket=ticket, assignee=other_operator, actor=supervisor)

    assert staff_client(supervisor).get(reverse("desk:ticket", args=[ticket.pk])).status_code == 200


def test_missing_request_is_404_like_a_forbidden_one(staff_client, operator):
    assert staff_client(operator).get(reverse("desk:ticket", args=[999999])).status_code == 404
