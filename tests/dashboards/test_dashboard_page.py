"""The supervisor's dashboard page: who may open it, what it shows, bad input, and a bounded query count."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accounts.models import OperatorProfile
from accounts.services import operator_set_status
from dashboards.services import rollup_refresh
from tests.conftest import topic
from tickets.models import Channel, Ticket, TicketMessage
from tickets.services import message_post, ticket_change_status, ticket_intake

pytestmark = pytest.mark.django_db

MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 3, 10, 12, 30, tzinfo=MSK)
URL = "/desk/dashboard/"


def test_the_dashboard_lives_under_the_desk():
    assert reverse("dashboards:index") == URL


def test_operators_are_refused(staff_client, operator):
    assert staff_client(operator).get(URL).status_code == 403


def test_citizens_are_refused(client, citizen):
    client.force_login(citizen)

    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_supervisor_without_a_second_factor_is_sent_to_verify(client, supervisor):
    client.force_login(supervisor, backend="django.contrib.auth.backends.ModelBackend")

    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("accounts:two_factor") in response["Location"]


def _day_of_requests(citizen, operator, count=3):
    # the operator's reply takes each request: routing's rules want them on the line
    operator_set_status(profile=operator.operator_profile, status=OperatorProfile.Status.ONLINE)
    for index in range(count):
        with time_machine.travel(NOW - timedelta(hours=2, minutes=index), tick=False) as clock:
            ticket = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Пароль", body="Не могу войти",
                                   topic=topic("password-recovery"))
            clock.shift(15)
            message_post(ticket=ticket, author=operator, body="Помогу", author_kind=TicketMessage.AuthorKind.AGENT,
                         channel=Channel.WEB)
            clock.shift(120)
            ticket_change_status(ticket=ticket, status=Ticket.Status.RESOLVED, actor=operator)


def test_supervisor_sees_today_figures_breakdown_and_staffing(staff_client, supervisor, citizen, operator):
    _day_of_requests(citizen, operator)
    client = staff_client(supervisor)

    with time_machine.travel(NOW, tick=False):
        rollup_refresh(since=None)
        response = client.get(URL, {"date_from": "2026-03-10", "date_to": "2026-03-10", "breakdown": "operator",
                                    "target_seconds": "30", "target_percent": "95", "concurrency": "1",
                                    "arrivals_per_hour": "120"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Показатели работы</h1>" in page
    assert operator.display_name in page  # the operator breakdown row
    period = response.context["period"]
    assert period["summary_rows"][0].figures.created == 3
    assert period["summary_rows"][0].cells["sla"] == "100,0 %"
    assert 'role="img"' in page and "Таблица данных графика" in page
    chosen = response.context["staffing"]["chosen"]
    assert chosen["operators"] >= 1  # 120 requests/h with a 2-minute handling time need operators
    assert response.context["staffing"]["measured_handling"] == "2 мин"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "2026-03-10", "date_to": "2026-03-01", "breakdown": "channel"}, "раньше даты начала"),
        ({"date_from": "2024-01-01", "date_to": "2026-03-10", "breakdown": "channel"}, "Период длиннее"),
        ({"date_from": "вчера", "date_to": "2026-03-10", "breakdown": "channel"}, "Введите правильную дату"),
        ({"date_from": "2026-03-01", "date_to": "2026-03-10", "breakdown": "secret"}, "Выберите корректный"),
        ({"target_seconds": "0", "target_percent": "95", "concurrency": "1"}, "больше либо равно 1"),
        ({"target_seconds": "30", "target_percent": "100", "concurrency": "1"}, "меньше либо равно 99"),
    ],
)
def test_bad_input_gets_a_russian_error_and_keeps_the_typed_value(staff_client, supervisor, query, message):
    with time_machine.travel(NOW, tick=False):
        response = staff_client(supervisor).get(URL, query)

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'aria-invalid="true"' in page
    for name in ("date_from", "date_to", "target_seconds", "target_percent"):
        if name in query:
            assert f'name="{name}" value="{query[name]}"' in page


@pytest.mark.parametrize("requests", [1, 12])
def test_query_count_does_not_grow_with_requests(staff_client, supervisor, citizen, operator, requests,
                                                 django_assert_max_num_queries):
    _day_of_requests(citizen, operator, count=requests)
    client = staff_client(supervisor)
    with time_machine.travel(NOW, tick=False):
        rollup_refresh(since=None)
        with django_assert_max_num_queries(30):
            response = client.get(URL, {"date_from": "2026-03-04", "date_to": "2026-03-10", "breakdown": "topic"})

    assert response.status_code == 200
