"""An offline-first app follows its requests: what changed since a moment, and what is new in one request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.api.conftest import API, scan_upload
from tests.chat.conftest import on_the_line
from tests.conftest import registration_request
from tickets.attachments import attachments_check
from tickets.models import Channel, Ticket, TicketEvent
from tickets.services import message_post, ticket_change_status

pytestmark = pytest.mark.django_db

REQUESTS = f"{API}/requests/"


def events_url(ticket) -> str:
    return f"{REQUESTS}{ticket.number}/events/"


def touched(ticket, when):
    """As if the request had last changed at `when` (updated_at is set on every save)."""
    Ticket.objects.filter(pk=ticket.pk).update(updated_at=when)


def test_updated_after_lists_the_requests_changed_since_oldest_change_first(citizen_api, citizen, other_citizen):
    now = timezone.now()
    old, first, second = (registration_request(citizen) for _ in range(3))
    theirs = registration_request(other_citizen)
    for ticket, minutes in ((old, 90), (second, 20), (first, 10), (theirs, 5)):
        touched(ticket, now - timedelta(minutes=minutes))

    response = citizen_api.get(REQUESTS, {"updated_after": (now - timedelta(minutes=30)).isoformat()})

    assert response.status_code == 200
    assert [row["number"] for row in response.json()["results"]] == [second.number, first.number]
    assert response.json()["next_cursor"] is None


def test_the_change_feed_pages_by_keyset_through_equal_timestamps(citizen_api, citizen):
    moment = timezone.now() - timedelta(minutes=1)
    tickets = [registration_request(citizen) for _ in range(5)]
    for ticket in tickets:
        touched(ticket, moment)  # all changed in the same microsecond: the id breaks the tie

    numbers, cursor = [], None
    for _page in range(3):
        params = {"updated_after": moment.isoformat(), "limit": 2, **({"cursor": cursor} if cursor else {})}
        body = citizen_api.get(REQUESTS, params).json()
        numbers += [row["number"] for row in body["results"]]
        cursor = body["next_cursor"]

    assert numbers == [ticket.number for ticket in tickets] and cursor is None


def test_a_list_cursor_is_refused_in_the_change_feed(citizen_api, citizen):
    for _ in range(3):
        registration_request(citizen)
    list_cursor = citizen_api.get(REQUESTS, {"limit": 1}).json()["next_cursor"]

    response = citizen_api.get(REQUESTS, {"updated_after": timezone.now().isoformat(), "cursor": list_cursor})

    assert response.status_code == 400 and response.json()["code"] == "invalid_cursor"


@pytest.mark.parametrize("value", ["вчера", "2026-13-01T00:00:00+03:00", "2026-01-01T25:00:00Z"])
def test_a_bad_moment_is_a_field_error(citizen_api, value):
    response = citizen_api.get(REQUESTS, {"updated_after": value})

    assert response.status_code == 400 and "updated_after" in response.json()["fields"]


@pytest.fixture
def answered(citizen, operator):
    """A request with the operator's note, answer (with a file) and the status changes they made."""
    on_the_line(operator)
    ticket = registration_request(citizen)
    message_post(ticket=ticket, author=operator, body="Заметка: проверить СНИЛС", author_kind="agent",
                 channel=Channel.WEB, is_internal=True)
    message_post(ticket=ticket, author=operator, body="Проверьте папку «Спам»", author_kind="agent",
                 channel=Channel.WEB, attachments=attachments_check([scan_upload("памятка.pdf")]))
    ticket_change_status(ticket=ticket, status=Ticket.Status.WAITING, actor=operator)
    return ticket


def test_the_events_of_a_request_are_its_visible_history_and_public_messages_in_order(citizen_api, answered):
    body = citizen_api.get(events_url(answered)).json()

    kinds = [item["kind"] for item in body["results"]]
    assert kinds[0] == "created" and kinds[-1] == "status_changed"
    assert body["results"][0]["message"]["body"] == "Код по СМС не приходит уже час"
    [reply] = [item["message"] for item in body["results"] if item["kind"] == "message"]
    assert reply["body"] == "Проверьте папку «Спам»" and reply["attachments"][0]["name"] == "памятка.pdf"
    assert "Заметка" not in str(body) and "routed" not in kinds and "assigned" not in kinds
    assert body["status"] == "waiting" and body["has_more"] is False
    assert body["last_id"] == body["results"][-1]["id"]


def test_after_the_last_id_only_what_is_new_comes(citizen_api, citizen, answered):
    last_id = citizen_api.get(events_url(answered)).json()["last_id"]
    message_post(ticket=answered, author=citizen, body="Нашла письмо, спасибо", author_kind="citizen",
                 channel=Channel.MOBILE)

    body = citizen_api.get(events_url(answered), {"after": last_id}).json()
    again = citizen_api.get(events_url(answered), {"after": body["last_id"]}).json()

    assert [item["message"]["body"] for item in body["results"] if item["message"]] == ["Нашла письмо, спасибо"]
    assert "status_changed" in [item["kind"] for item in body["results"]]  # the citizen's answer reopened it
    assert again["results"] == [] and again["last_id"] == body["last_id"]


def test_the_events_come_in_pages(citizen_api, answered):
    first = citizen_api.get(events_url(answered), {"limit": 2}).json()
    rest = citizen_api.get(events_url(answered), {"after": first["last_id"]}).json()

    assert first["has_more"] is True and len(first["results"]) == 2
    everything = citizen_api.get(events_url(answered)).json()["results"]
    assert first["results"] + rest["results"] == everything


def test_the_events_take_the_same_queries_however_many_messages(citizen_api, citizen):
    ticket = registration_request(citizen)
    citizen_api.get(events_url(ticket))

    with CaptureQueriesContext(connection) as few:
        citizen_api.get(events_url(ticket))
    for index in range(12):
        message_post(ticket=ticket, author=citizen, body=f"Уточнение {index}", author_kind="citizen",
                     channel=Channel.MOBILE)
    with CaptureQueriesContext(connection) as many:
        citizen_api.get(events_url(ticket))

    assert len(many) == len(few)


def test_another_citizens_events_are_not_found(other_citizen_api, answered):
    response = other_citizen_api.get(events_url(answered))

    assert response.status_code == 404


def test_internal_rows_are_never_in_the_feed(citizen_api, answered):
    internal_ids = set(TicketEvent.objects.filter(ticket=answered, data__internal=True).values_list("pk", flat=True))

    ids = {item["id"] for item in citizen_api.get(events_url(answered)).json()["results"]}

    assert internal_ids and not internal_ids & ids
