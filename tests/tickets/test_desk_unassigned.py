"""Supervisors see the requests routing could not place (audit #3 A11): «Не распределены» on the desk queue,
with the cause of each one's last routing decision in words and a filter by language."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.models import OperatorProfile
from accounts.roles import Role
from accounts.services import staff_create
from tests.conftest import topic
from tests.factories import TicketFactory
from tickets.models import Channel, Ticket
from tickets.services import ticket_intake

pytestmark = pytest.mark.django_db


def numbers_in(html: str) -> list[str]:
    return re.findall(r'href="/desk/tickets/\d+/">(SD-\d{4}-\d{6})</a>', html)


def section(html: str, key: str) -> str:
    start = html.index(f'id="section-{key}"')
    return html[start:html.find("</section>", start)]


def row_of(html: str, number: str) -> str:
    start = html.index(f">{number}</a>")
    return html[start:html.find("</tr>", start)]


def line_operator(name: str, *, code="registration", languages=("ru",), capacity=3):
    user = staff_create(email=f"{name}@support.example", password=None, role=Role.OPERATOR,
                        skills=[topic(code)], languages=languages, max_concurrent_chats=capacity)
    OperatorProfile.objects.filter(user=user).update(status=OperatorProfile.Status.ONLINE)
    return user


@pytest.fixture
def arrive(citizen, django_capture_on_commit_callbacks):
    """A request through intake with its routing decision run."""

    def make(code="password-recovery", **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Вопрос", body="Помогите",
                                 topic=topic(code), **extra)

    return make


def test_nobody_on_the_line_is_the_cause_shown(staff_client, supervisor, arrive):
    ticket = arrive()

    page = section(staff_client(supervisor).get(reverse("desk:queue")).text, "unassigned")

    assert "на линии нет ни одного сотрудника" in row_of(page, ticket.number)


def test_each_unrouted_request_shows_why_it_waits(staff_client, supervisor, arrive):
    line_operator("full", capacity=1)
    arrive()  # fills the only registration place
    all_busy = arrive()
    tatar = arrive(language="tt")
    no_skill = arrive("technical")

    page = section(staff_client(supervisor).get(reverse("desk:queue")).text, "unassigned")

    assert "Почему не распределено" in page
    assert "все подходящие сотрудники заняты" in row_of(page, all_busy.number)
    assert "на линии нет сотрудника, говорящего на языке обращения (татарский)" in row_of(page, tatar.number)
    assert "на линии нет сотрудника с нужными уровнем и компетенцией" in row_of(page, no_skill.number)
    assert len(numbers_in(page)) == 3  # the request given to the operator is not listed


def test_a_request_not_yet_decided_says_so(staff_client, supervisor):
    ticket = TicketFactory(topic=topic("registration"))  # registered a moment ago: routing has not run yet

    page = section(staff_client(supervisor).get(reverse("desk:queue")).text, "unassigned")

    assert "ещё не распределялось" in row_of(page, ticket.number)


def test_most_urgent_first_then_oldest(staff_client, supervisor):
    old, urgent, new = (TicketFactory(topic=topic("registration")),
                        TicketFactory(topic=topic("registration"), priority=Ticket.Priority.URGENT),
                        TicketFactory(topic=topic("registration")))
    TicketFactory(topic=topic("registration"), status=Ticket.Status.CLOSED)

    page = section(staff_client(supervisor).get(reverse("desk:queue")).text, "unassigned")

    assert numbers_in(page) == [urgent.number, old.number, new.number]


def test_the_language_filter_narrows_the_list(staff_client, supervisor):
    russian = TicketFactory(topic=topic("registration"))
    tatar = TicketFactory(topic=topic("registration"), language="tt")

    page = staff_client(supervisor).get(reverse("desk:queue"), {"language": "tt"}).text

    assert numbers_in(section(page, "unassigned")) == [tatar.number]
    assert russian.number not in numbers_in(page)
    assert '<option value="tt" selected>татарский</option>' in page


def test_an_unknown_language_is_reported_and_ignored(staff_client, supervisor):
    ticket = TicketFactory(topic=topic("registration"))

    response = staff_client(supervisor).get(reverse("desk:queue"), {"language": "<script>"})

    assert response.status_code == 200
    assert ticket.number in numbers_in(section(response.text, "unassigned"))


def test_the_list_is_paged_by_cursor(staff_client, supervisor):
    tickets = [TicketFactory(topic=topic("registration")) for _ in range(27)]
    client = staff_client(supervisor)

    first = client.get(reverse("desk:queue")).text
    link = re.search(r'href="(/desk/\?unassigned_after=[^"#]+)#section-unassigned"', first).group(1)
    second = client.get(link.replace("&amp;", "&")).text

    seen = numbers_in(section(first, "unassigned")) + numbers_in(section(second, "unassigned"))
    assert sorted(seen) == sorted(ticket.number for ticket in tickets)


def test_operators_do_not_get_the_section(staff_client, operator):
    TicketFactory(topic=topic("registration"))

    page = staff_client(operator).get(reverse("desk:queue")).text

    assert 'id="section-unassigned"' not in page and "#section-unassigned" not in page
