"""An operator who leaves without choosing «не в сети» (audit #3 A1, A7): signing out, a status changed in the
admin and a deactivated account all go through operator_set_status, so their requests move to colleagues."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import OperatorProfile, User
from accounts.roles import Role
from accounts.services import staff_create
from tests.conftest import TOTP_KEY, registration_request, topic
from tickets.models import Ticket, TicketEvent
from tickets.services import ticket_take

pytestmark = pytest.mark.django_db
ONLINE, AWAY, OFFLINE = "online", "away", "offline"


def on_the_line(*users) -> None:
    OperatorProfile.objects.filter(user__in=users).update(status=ONLINE)


@pytest.fixture
def colleague(db):
    user = staff_create(email="colleague@support.example", password="Colleague-2026!", role=Role.OPERATOR,
                        first_name="Павел", last_name="Соколов", skills=[topic("registration")], totp_key=TOTP_KEY)
    on_the_line(user)
    return user


@pytest.fixture
def held(operator, citizen):
    """A request the operator took and has not answered yet."""
    on_the_line(operator)
    ticket = registration_request(citizen)
    ticket_take(ticket=ticket, agent=operator)
    return ticket


@pytest.fixture
def admin_client(staff_client, db):
    administrator = staff_create(email="admin@support.example", password="Administrator-2026!",
                                 role=Role.ADMINISTRATOR, first_name="Алексей", last_name="Админов",
                                 totp_key=TOTP_KEY)
    return staff_client(administrator)


def status_of(user) -> str:
    return OperatorProfile.objects.get(user=user).status


def test_signing_out_takes_the_operator_off_the_line_and_hands_their_requests_on(
    staff_client, operator, colleague, held, django_capture_on_commit_callbacks
):
    client = staff_client(operator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert status_of(operator) == OFFLINE
    held.refresh_from_db()
    assert held.assignee == colleague
    assert held.events.filter(kind=TicketEvent.Kind.ROUTED, data__reason="operator_offline",
                              data__previous_id=operator.pk).exists()


def test_signing_out_when_already_off_the_line_changes_nothing(staff_client, operator):
    before = OperatorProfile.objects.get(user=operator).status_changed_at

    staff_client(operator).post(reverse("accounts:logout"))

    assert OperatorProfile.objects.get(user=operator).status_changed_at == before


def profile_form(profile: OperatorProfile, **changes) -> dict:
    data = {
        "user": profile.user_id,
        "level": profile.level,
        "skills": [skill.pk for skill in profile.skills.all()],
        "languages": ",".join(profile.languages),
        "max_concurrent_chats": profile.max_concurrent_chats,
        "status": profile.status,
        "shift": profile.shift,
        "department": profile.department,
    }
    return {**data, **changes}


def test_a_status_changed_in_the_admin_reroutes_like_the_desk(
    admin_client, operator, colleague, held, django_capture_on_commit_callbacks
):
    profile = OperatorProfile.objects.get(user=operator)
    url = reverse("admin:accounts_operatorprofile_change", args=[profile.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, profile_form(profile, status=AWAY, department="Первая линия"))

    assert response.status_code == 302, response.content.decode()[:2000]
    profile.refresh_from_db()
    assert (profile.status, profile.department) == (AWAY, "Первая линия")
    held.refresh_from_db()
    assert held.assignee == colleague  # away: the request nobody answered yet moves on


def test_an_admin_edit_that_keeps_the_status_saves_the_other_fields_without_rerouting(
    admin_client, operator, colleague, held, django_capture_on_commit_callbacks
):
    profile = OperatorProfile.objects.get(user=operator)
    url = reverse("admin:accounts_operatorprofile_change", args=[profile.pk])

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, profile_form(profile, max_concurrent_chats=5))

    profile.refresh_from_db()
    assert (profile.status, profile.max_concurrent_chats) == (ONLINE, 5)
    assert Ticket.objects.get(pk=held.pk).assignee == operator


def test_deactivating_an_account_in_the_admin_takes_them_off_the_line(
    admin_client, operator, colleague, held, django_capture_on_commit_callbacks
):
    url = reverse("admin:accounts_user_change", args=[operator.pk])
    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(groups=[group.pk for group in operator.groups.all()], user_permissions=[], is_active="",
                is_staff="", is_superuser="", last_login_0="", last_login_1="",
                date_joined_0=operator.date_joined.strftime("%Y-%m-%d"),
                date_joined_1=operator.date_joined.strftime("%H:%M:%S"))

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert not User.objects.get(pk=operator.pk).is_active
    assert status_of(operator) == OFFLINE
    assert Ticket.objects.get(pk=held.pk).assignee == colleague
