"""The request page's status control (audit B, point 6): a radio group of the moves the view offers, each with
the same shortcut digit on every request, that works without scripts. The browser side is
tests/e2e/test_status_keyboard.py."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.conftest import registration_request
from tickets import lifecycle
from tickets.models import Ticket
from tickets.services import ticket_assign, ticket_change_status

pytestmark = pytest.mark.django_db

S = Ticket.Status
DIGITS = {"in_progress": "1", "waiting": "2", "resolved": "3", "triaged": "4", "cancelled": "9"}


def status_control(html: str) -> str:
    start = html.index('<fieldset class="status-choices"')
    return html[start:html.index("</fieldset>", start)]


def radios(control: str) -> dict[str, str]:
    """value → shortcut digit of every radio in the control."""
    return dict(re.findall(r'<input type="radio" name="status" value="([a-z_]+)"[^>]*data-status-key="(\d)"',
                           control))


@pytest.fixture
def held(citizen, operator, supervisor):
    ticket = registration_request(citizen)
    ticket_assign(ticket=ticket, assignee=operator, actor=supervisor)
    return Ticket.objects.get(pk=ticket.pk)


def test_the_control_offers_exactly_the_moves_the_view_passes_each_with_its_digit(staff_client, operator, held):
    response = staff_client(operator).get(reverse("desk:ticket", args=[held.pk]))

    control = status_control(response.content.decode())
    offered = radios(control)
    assert list(offered) == [value for value, _label in response.context["status_choices"]]
    assert set(offered) == set(lifecycle.ALLOWED_TRANSITIONS[S.ASSIGNED])  # a first-line request: all of them
    assert offered == {value: DIGITS[value] for value in offered}
    assert "<legend>Новый статус</legend>" in control and "Сейчас: «назначено»" in control
    assert '<select name="status"' not in response.content.decode()


def test_a_status_keeps_its_digit_whatever_the_current_status(staff_client, operator, held):
    ticket_change_status(ticket=held, status=S.WAITING, actor=operator)

    control = status_control(staff_client(operator).get(reverse("desk:ticket", args=[held.pk])).content.decode())

    offered = radios(control)
    assert "waiting" not in offered and offered["in_progress"] == "1" and offered["triaged"] == "4"


def test_without_scripts_no_shortcut_is_promised_and_nothing_is_preselected(staff_client, operator, held):
    html = staff_client(operator).get(reverse("desk:ticket", args=[held.pk])).content.decode()

    control = status_control(html)
    assert 'id="status-shortcuts-hint" hidden' in control  # desk-sla.js shows it when it adds the shortcuts
    assert "checked" not in control  # a move happens only when chosen
    assert "aria-keyshortcuts" not in control  # added by the script, which implements them


def test_the_radio_value_posted_without_scripts_moves_the_request(staff_client, operator, held):
    response = staff_client(operator).post(reverse("desk:ticket_status", args=[held.pk]),
                                           {"status": "in_progress", "reason": "Начала разбираться"}, follow=True)

    assert "Статус обращения: «в работе»." in response.content.decode()
    assert Ticket.objects.get(pk=held.pk).status == S.IN_PROGRESS
    assert set(radios(status_control(response.content.decode()))) == set(lifecycle.ALLOWED_TRANSITIONS[S.IN_PROGRESS])


def test_a_closed_request_has_no_status_control(staff_client, operator, held):
    ticket_change_status(ticket=held, status=S.CANCELLED, actor=operator)

    html = staff_client(operator).get(reverse("desk:ticket", args=[held.pk])).content.decode()

    assert 'class="status-choices"' not in html
