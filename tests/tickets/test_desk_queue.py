"""The operator's queue page: «Мои», «Очередь», «Все открытые», keyset paging, live fragment, line status."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import OperatorProfile
from tests.conftest import topic, verified_login
from tests.factories import TicketFactory
from tickets.models import Channel, Ticket
from tickets.services import ticket_assign, ticket_intake

pytestmark = pytest.mark.django_db

# session, user, TOTP device, groups, permissions, the agent's profile with the topics its skills cover (one
# query, read once), one query per section (mine, at risk, queue, team; supervisors also «не распределены» and
# «all»), the topics of all rows in one, and the topic filter's choices: the same for 1 or 40 rows. The team
# roster has its own page.
QUEUE_QUERIES = {"operator": 13, "supervisor": 14}


def queued(count: int, code: str = "registration", **extra) -> list[Ticket]:
    """Plain queued rows (no journal needed for the list) in the topic's queue."""
    return [TicketFactory(topic=topic(code), **extra) for _ in range(count)]


def numbers_in(html: str) -> list[str]:
    """Request numbers of the table rows, in order (each row links its number to the request page)."""
    return re.findall(r'href="/desk/tickets/\d+/">(SD-\d{4}-\d{6})</a>', html)


def section(html: str, key: str) -> str:
    start = html.index(f'id="section-{key}"')
    end = html.find("</section>", start)
    return html[start:end]


def test_queue_shows_my_requests_and_the_queue_my_skills_cover(staff_client, operator, supervisor, citizen):
    mine = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Мой", body="a", topic=topic("registration"))
    ticket_assign(ticket=mine, assignee=operator, actor=supervisor)
    waiting = ticket_intake(channel=Channel.CHAT, citizen=citizen, subject="Ждёт", body="b", topic=topic("services"))
    foreign = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Чужое", body="c", topic=topic("technical"))

    page = staff_client(operator).get(reverse("desk:queue")).text

    assert numbers_in(section(page, "mine")) == [mine.number]
    assert numbers_in(section(page, "queue")) == [waiting.number]
    assert foreign.number not in numbers_in(page)  # the search help quotes an example number
    assert 'id="section-all"' not in page  # only supervisors see every open request
    assert "онлайн-чат" in section(page, "queue")
    assert "js/desk-live.js" in page
    assert f'href="{reverse("desk:ticket", args=[mine.pk])}"' in section(page, "mine")
    assert f'formaction="{reverse("desk:ticket_take", args=[waiting.pk])}"' in section(page, "queue")


@pytest.mark.parametrize("pk", [1, 7, 42, 2_147_483_646, 10**12])
def test_row_links_are_the_reversed_urls(pk):
    from tickets.templatetags.desk_labels import pk_url

    for name in ("desk:ticket", "desk:ticket_take"):
        assert pk_url(name)(pk) == reverse(name, args=[pk])


def test_queue_is_ordered_by_priority_then_age(staff_client, operator):
    old_normal, urgent = (
        TicketFactory(topic=topic("registration")),
        TicketFactory(topic=topic("registration"), priority=Ticket.Priority.URGENT),
    )

    page = staff_client(operator).get(reverse("desk:queue")).text

    assert numbers_in(section(page, "queue")) == [urgent.number, old_normal.number]


def test_overdue_request_is_marked_in_words(staff_client, operator):
    from datetime import timedelta

    from django.utils import timezone

    TicketFactory(topic=topic("registration"), due_at=timezone.now() - timedelta(minutes=7))

    page = staff_client(operator).get(reverse("desk:queue")).text

    assert "просрочено" in section(page, "queue")


def test_supervisor_sees_all_open_requests_with_assignees(staff_client, supervisor, other_operator, citizen):
    ticket = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="X", body="x", topic=topic("registration"))
    ticket_assign(ticket=ticket, assignee=other_operator, actor=supervisor)
    closed = TicketFactory(status=Ticket.Status.CLOSED)

    page = staff_client(supervisor).get(reverse("desk:queue")).text

    everything = section(page, "all")
    assert ticket.number in everything and "Кузнецов Игорь" in everything
    assert closed.number not in page


def test_keyset_paging_walks_the_queue_without_gaps_or_repeats(staff_client, operator):
    tickets = queued(30)
    client = staff_client(operator)

    first = client.get(reverse("desk:queue")).text
    next_link = re.search(r'href="(/desk/\?queue_after=[^"#]+)#section-queue"', first)
    second = client.get(next_link.group(1).replace("&amp;", "&")).text

    seen = numbers_in(section(first, "queue")) + numbers_in(section(second, "queue"))
    assert len(numbers_in(section(first, "queue"))) == 25
    assert sorted(seen) == sorted(ticket.number for ticket in tickets)
    assert "Следующие обращения" not in section(second, "queue")
    assert 'href="/desk/?#section-queue">К началу списка' in section(second, "queue")


def test_damaged_cursor_shows_the_first_page(staff_client, operator):
    queued(2)

    response = staff_client(operator).get(reverse("desk:queue"), {"queue_after": "not-a-cursor"})

    assert response.status_code == 200
    assert len(numbers_in(section(response.text, "queue"))) == 2


def test_htmx_request_gets_only_the_tables(staff_client, operator):
    ticket = queued(1)[0]

    response = staff_client(operator).get(reverse("desk:queue"), headers={"HX-Request": "true"})

    assert ticket.number in response.text
    assert "<html" not in response.text and 'id="section-queue"' in response.text


@pytest.mark.parametrize("rows", [1, 40])
def test_queue_query_count_does_not_grow_with_rows(rows, supervisor, operator, django_assert_num_queries):
    for ticket in queued(rows):
        ticket_assign(ticket=ticket, assignee=operator, actor=supervisor)
    queued(rows, code="services")
    as_supervisor, as_operator = verified_login(Client(), supervisor), verified_login(Client(), operator)

    with django_assert_num_queries(QUEUE_QUERIES["supervisor"]):
        as_supervisor.get(reverse("desk:queue"))
    with django_assert_num_queries(QUEUE_QUERIES["operator"]):
        as_operator.get(reverse("desk:queue"))
    with django_assert_num_queries(QUEUE_QUERIES["operator"] - 1):  # a live refresh renders no filter form
        as_operator.get(reverse("desk:queue"), headers={"HX-Request": "true"})


def test_operator_sets_line_status(staff_client, operator):
    response = staff_client(operator).post(reverse("desk:operator_status"), {"status": "online"}, follow=True)

    assert OperatorProfile.objects.get(user=operator).status == OperatorProfile.Status.ONLINE
    assert "Ваш статус: «на линии»." in response.text
    assert re.search(r'value="online"[^>]*checked', response.text)


def test_unknown_line_status_is_refused(staff_client, operator):
    response = staff_client(operator).post(reverse("desk:operator_status"), {"status": "sleeping"}, follow=True)

    assert OperatorProfile.objects.get(user=operator).status == OperatorProfile.Status.OFFLINE
    assert "Выберите статус из списка." in response.text


def test_supervisor_without_line_profile_has_no_status_control(staff_client, supervisor):
    client = staff_client(supervisor)

    assert "Мой статус на линии" not in client.get(reverse("desk:queue")).text
    assert client.post(reverse("desk:operator_status"), {"status": "online"}).status_code == 403


def test_queue_rows_escape_what_citizens_and_staff_typed(staff_client, operator, supervisor):
    """The rows are built in Python for speed (tickets.templatetags.desk_labels): nothing typed is markup."""
    attack = '<img src=x onerror="alert(1)">'
    mine = TicketFactory(topic=topic("registration"), subject=attack)
    ticket_assign(ticket=mine, assignee=operator, actor=supervisor)
    TicketFactory(topic=topic("registration"), subject=attack)
    operator.first_name = "<b>Ольга</b>"
    operator.save(update_fields=["first_name"])

    page = staff_client(supervisor).get(reverse("desk:queue")).text

    assert attack not in page and "<b>Ольга</b>" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in section(page, "all")
    assert "&lt;b&gt;Ольга&lt;/b&gt;" in section(page, "team")
