"""Desk presence (audit #3 A1 b): an operator whose desk fell silent is marked «отошёл» and their requests move
on; a desk without scripts is never judged by it (accounts.presence)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from django.utils import timezone

from accounts.models import OperatorProfile
from accounts.presence import PRESENCE_SESSION_KEY, operator_presence_sweep
from accounts.roles import Role
from accounts.services import operator_set_status, staff_create
from tests.chat.conftest import TIMEOUT, averified_session, desk_socket, ticket_socket
from tests.conftest import registration_request, topic, verified_login
from tickets.models import Ticket
from tickets.services import ticket_take

ONLINE, AWAY, BUSY = "online", "away", "busy"


def profile_of(user) -> OperatorProfile:
    return OperatorProfile.objects.get(user=user)


def seen(user, seconds_ago: float) -> None:
    """The desk's last sign of life, after the operator went on the line."""
    now = timezone.now()
    OperatorProfile.objects.filter(user=user).update(
        status=ONLINE, status_changed_at=now - timedelta(seconds=seconds_ago + 60),
        desk_seen_at=now - timedelta(seconds=seconds_ago),
    )


# --- The desk socket writes the signs of life -----------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # the consumer writes from its own threads
async def test_an_open_desk_socket_keeps_writing_signs_of_life(operator, settings):
    settings.DESK_PRESENCE_HEARTBEAT = 0.2
    session = await averified_session(operator)
    socket = desk_socket(user=operator, session=session)

    assert (await socket.connect(timeout=TIMEOUT))[0]
    first = (await database_sync_to_async(profile_of)(operator)).desk_seen_at
    await asyncio.sleep(0.6)
    later = (await database_sync_to_async(profile_of)(operator)).desk_seen_at
    await socket.disconnect()
    await asyncio.sleep(0.1)
    at_close = (await database_sync_to_async(profile_of)(operator)).desk_seen_at
    await asyncio.sleep(0.5)

    assert first is not None and later > first
    assert (await database_sync_to_async(profile_of)(operator)).desk_seen_at == at_close  # the beat stopped
    # the browser runs the scripted desk: its page views count as signs of life from now on
    stored = await database_sync_to_async(SessionStore(session_key=session.session_key).load)()
    assert PRESENCE_SESSION_KEY in stored


@pytest.mark.django_db(transaction=True)
async def test_a_request_or_chat_socket_of_an_operator_is_a_sign_of_life_too(operator, citizen, settings):
    # an operator answering in the chat desk or on a request page, with no queue page open, is at the desk
    settings.DESK_PRESENCE_HEARTBEAT = 0.2

    def taken() -> Ticket:
        ticket = registration_request(citizen)
        operator_set_status(profile=profile_of(operator), status=ONLINE)
        return ticket_take(ticket=ticket, agent=operator)

    ticket = await database_sync_to_async(taken)()
    socket = ticket_socket(ticket.pk, user=operator, session=await averified_session(operator))

    assert (await socket.connect(timeout=TIMEOUT))[0]
    first = (await database_sync_to_async(profile_of)(operator)).desk_seen_at
    await asyncio.sleep(0.6)
    later = (await database_sync_to_async(profile_of)(operator)).desk_seen_at
    await socket.disconnect()
    await asyncio.sleep(0.1)
    at_close = (await database_sync_to_async(profile_of)(operator)).desk_seen_at
    await asyncio.sleep(0.5)

    assert first is not None and later > first
    assert (await database_sync_to_async(profile_of)(operator)).desk_seen_at == at_close


@pytest.mark.django_db(transaction=True)
async def test_a_supervisor_has_no_line_status_and_their_browser_is_not_tracked(supervisor):
    session = await averified_session(supervisor)
    socket = desk_socket(user=supervisor, session=session)

    assert (await socket.connect(timeout=TIMEOUT))[0]
    await socket.disconnect()

    assert PRESENCE_SESSION_KEY not in session


# --- The sweep ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_desk_silent_past_the_timeout_is_marked_away_and_its_requests_move_on(
    operator, citizen, settings, django_capture_on_commit_callbacks
):
    settings.DESK_PRESENCE_TIMEOUT = 120
    OperatorProfile.objects.filter(user=operator).update(status=ONLINE)
    ticket = registration_request(citizen)
    ticket_take(ticket=ticket, agent=operator)
    colleague = staff_create(email="colleague@support.example", password=None, role=Role.OPERATOR,
                             skills=[topic("registration")])
    OperatorProfile.objects.filter(user=colleague).update(status=ONLINE)
    seen(operator, seconds_ago=121)

    with django_capture_on_commit_callbacks(execute=True):
        marked = operator_presence_sweep()

    assert marked == [operator.pk]
    assert profile_of(operator).status == AWAY
    assert Ticket.objects.get(pk=ticket.pk).assignee == colleague


@pytest.mark.django_db
@pytest.mark.parametrize("status", [ONLINE, BUSY])
def test_a_desk_seen_within_the_timeout_stays_as_it_is(operator, settings, status):
    settings.DESK_PRESENCE_TIMEOUT = 120
    seen(operator, seconds_ago=100)
    OperatorProfile.objects.filter(user=operator).update(status=status)

    assert operator_presence_sweep() == []
    assert profile_of(operator).status == status


@pytest.mark.django_db
def test_busy_at_a_silent_desk_is_away_too(operator, settings):
    settings.DESK_PRESENCE_TIMEOUT = 120
    seen(operator, seconds_ago=500)
    OperatorProfile.objects.filter(user=operator).update(status=BUSY)

    assert operator_presence_sweep() == [operator.pk]


@pytest.mark.django_db
def test_an_operator_without_scripts_is_never_marked_away(operator, settings):
    """They never open a desk socket: no sign of life is expected from them."""
    settings.DESK_PRESENCE_TIMEOUT = 120
    OperatorProfile.objects.filter(user=operator).update(
        status=ONLINE, status_changed_at=timezone.now() - timedelta(hours=3), desk_seen_at=None
    )

    assert operator_presence_sweep() == []
    assert profile_of(operator).status == ONLINE


@pytest.mark.django_db
def test_a_socket_from_before_going_on_the_line_does_not_count(operator, settings):
    """Yesterday's scripted desk says nothing about today's shift, started from a desk without scripts."""
    settings.DESK_PRESENCE_TIMEOUT = 120
    now = timezone.now()
    OperatorProfile.objects.filter(user=operator).update(
        status=ONLINE, desk_seen_at=now - timedelta(hours=20), status_changed_at=now - timedelta(hours=2)
    )

    assert operator_presence_sweep() == []


@pytest.mark.django_db
def test_choosing_the_line_again_after_being_marked_away_starts_afresh(operator, settings):
    settings.DESK_PRESENCE_TIMEOUT = 120
    seen(operator, seconds_ago=300)
    operator_presence_sweep()

    operator_set_status(profile=profile_of(operator), status=ONLINE)

    assert operator_presence_sweep() == []  # not seen since going on the line: nothing to judge yet
    assert profile_of(operator).status == ONLINE


# --- Desk page views of a scripted desk -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_desk_page_view_of_a_scripted_desk_is_a_sign_of_life(client, operator, settings):
    settings.DESK_PRESENCE_HEARTBEAT = 30
    seen(operator, seconds_ago=100)
    verified_login(client, operator)
    session = client.session
    session[PRESENCE_SESSION_KEY] = 0  # this browser opened a desk socket long ago
    session.save()

    client.get(reverse("desk:queue"))

    assert profile_of(operator).desk_seen_at > timezone.now() - timedelta(seconds=5)
    refreshed = profile_of(operator).desk_seen_at
    client.get(reverse("desk:team"))  # within the heartbeat: no second write
    assert profile_of(operator).desk_seen_at == refreshed


@pytest.mark.django_db
def test_a_desk_page_view_without_scripts_writes_nothing(client, operator):
    verified_login(client, operator)

    client.get(reverse("desk:queue"))

    assert profile_of(operator).desk_seen_at is None
