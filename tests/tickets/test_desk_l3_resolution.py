"""A request of the technical group (L3) is resolved only with its report (AU6, audit #3 A8): the status picker
does not offer «решено» and points to the report form; the service refuses any other way."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import OperatorProfile
from accounts.roles import Role
from accounts.services import staff_create
from tests.conftest import TOTP_KEY, registration_request, topic
from tickets.errors import TierTransferRefused
from tickets.models import Ticket
from tickets.services import ticket_assign, ticket_change_status, ticket_resolve_technical, ticket_transfer

pytestmark = pytest.mark.django_db
S = Ticket.Status


@pytest.fixture
def technician(db):
    user = staff_create(email="tech@support.example", password="Technician-2026!", role=Role.TECHNICIAN,
                        last_name="Техников", first_name="Тимур", skills=[topic("technical")], totp_key=TOTP_KEY)
    OperatorProfile.objects.filter(user=user).update(status=OperatorProfile.Status.ONLINE)
    return user


@pytest.fixture
def l3_request(citizen, operator, supervisor, technician):
    """Started at L1, handed to the technical group, taken by the technician."""
    ticket = registration_request(citizen)
    ticket_assign(ticket=ticket, assignee=operator, actor=supervisor)
    ticket_transfer(ticket=ticket, to_tier=3, actor=operator, reason="Ошибка на стороне портала")
    ticket_assign(ticket=ticket, assignee=technician, actor=supervisor)
    ticket_change_status(ticket=ticket, status=S.IN_PROGRESS, actor=technician)
    return Ticket.objects.get(pk=ticket.pk)


def status_options(html: str) -> str:
    start = html.index('name="status"')
    return html[start:html.index("</select>", start)]


def test_the_status_service_refuses_to_resolve_an_l3_request_without_the_report(l3_request, technician):
    with pytest.raises(TierTransferRefused, match="решают отчётом"):
        ticket_change_status(ticket=l3_request, status=S.RESOLVED, actor=technician)

    assert Ticket.objects.get(pk=l3_request.pk).status == S.IN_PROGRESS


def test_the_report_resolves_it(l3_request, technician):
    ticket_resolve_technical(ticket=l3_request, actor=technician, what_was_done="Исправили ошибку раздела",
                             how_to_avoid="Обновите браузер")

    assert Ticket.objects.get(pk=l3_request.pk).status == S.RESOLVED


def test_the_desk_picker_has_no_resolved_for_l3_and_points_to_the_report(staff_client, l3_request, technician):
    page = staff_client(technician).get(reverse("desk:ticket", args=[l3_request.pk])).text

    assert 'value="resolved"' not in status_options(page) and 'value="waiting"' in status_options(page)
    assert "решается отчётом" in page
    assert 'href="#resolution-report-title"' in page and 'id="resolution-report-title"' in page


def test_a_posted_resolved_status_for_l3_is_refused_with_the_reason(staff_client, l3_request, technician):
    response = staff_client(technician).post(
        reverse("desk:ticket_status", args=[l3_request.pk]), {"status": "resolved"}, follow=True
    )

    assert "решают отчётом" in response.text
    assert Ticket.objects.get(pk=l3_request.pk).status == S.IN_PROGRESS


def test_first_line_requests_are_still_resolved_from_the_picker(staff_client, citizen, operator, supervisor):
    ticket = registration_request(citizen)
    ticket_assign(ticket=ticket, assignee=operator, actor=supervisor)

    page = staff_client(operator).get(reverse("desk:ticket", args=[ticket.pk])).text

    assert 'value="resolved"' in status_options(page) and "решается отчётом" not in page
