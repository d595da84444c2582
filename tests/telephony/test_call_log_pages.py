"""The supervisors' call log pages by keyset: no OFFSET, no COUNT, however long the log grows."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from telephony import desk_views
from telephony.models import Call
from tests.telephony.conftest import inbound

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<th scope="row"><a href="/desk/calls/(\d+)/">')
NEWER = re.compile(r'href="\?([^"]*after=[^"]+)" rel="prev"')
OLDER = re.compile(r'href="\?([^"]*before=[^"]+)" rel="next"')


@pytest.fixture
def calls(post_event, citizen, monkeypatch) -> list[int]:
    """Seven calls, newest first, three to a page."""
    monkeypatch.setattr(desk_views, "CALL_LOG_PAGE_SIZE", 3)
    for index in range(7):
        post_event(event="newCall", at=index, **inbound(f"page-{index}", number=f"+7916000000{index}"))
    return list(Call.objects.order_by("-created_at", "-id").values_list("pk", flat=True))


def shown(page: str) -> list[int]:
    return [int(pk) for pk in ROW.findall(page)]


def link(pattern: re.Pattern, page: str) -> str | None:
    found = pattern.search(page)
    return "?" + found.group(1).replace("&amp;", "&") if found else None


def test_pages_go_back_in_time_and_forth_again(staff_client, supervisor, calls):
    client = staff_client(supervisor)

    first = client.get("/desk/calls/").content.decode()
    second = client.get("/desk/calls/" + link(OLDER, first)).content.decode()
    third = client.get("/desk/calls/" + link(OLDER, second)).content.decode()
    back = client.get("/desk/calls/" + link(NEWER, third)).content.decode()
    start = client.get("/desk/calls/" + link(NEWER, back)).content.decode()

    assert (shown(first), shown(second), shown(third)) == (calls[:3], calls[3:6], calls[6:])
    assert link(NEWER, first) is None and link(OLDER, third) is None
    assert shown(back) == calls[3:6] and shown(start) == calls[:3]


def test_a_page_reads_without_offset_or_count(staff_client, supervisor, calls):
    client = staff_client(supervisor)
    first = client.get("/desk/calls/").content.decode()

    with CaptureQueriesContext(connection) as queries:
        client.get("/desk/calls/" + link(OLDER, first))

    statements = " ".join(query["sql"].upper() for query in queries.captured_queries)
    assert "OFFSET" not in statements and "COUNT(" not in statements


def test_filters_stay_on_every_page(staff_client, supervisor, calls):
    client = staff_client(supervisor)

    first = client.get("/desk/calls/?direction=in").content.decode()

    assert link(OLDER, first).startswith("?direction=in&before=")


@pytest.mark.parametrize("cursor", ["x", "1.2.3", "99999999999999999999.1", "-5.1", "١٢.٣"])
def test_a_broken_cursor_shows_the_newest_calls(staff_client, supervisor, calls, cursor):
    response = staff_client(supervisor).get("/desk/calls/", {"before": cursor})

    assert response.status_code == 200
    assert shown(response.content.decode()) == calls[:3]
