"""An administrator edits SLA policies in the admin (SPEC SLA1–SLA3); values that would break the clocks are
refused with a clear Russian message and nothing is saved (audit A10). A bad row that reached the database
some other way still cannot make the sweep blind."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from accounts.services import staff_create
from tests.conftest import TOTP_KEY
from tests.tickets.test_sla_sweep import T0, intake
from tickets.models import SLAPolicy, SLAState
from tickets.sla import _lead_time, sla_sweep

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Чат: быстрее",
    "is_active": "on",
    "channel": "chat",
    "topic": "",
    "first_response_seconds": "20",
    "typical_resolution_seconds": "300",
    "complex_resolution_seconds": "1800",
    "hard_cap_seconds": "3600",
    "at_risk_ratio": "0.80",
    "objective_percent": "95",
}


@pytest.fixture(autouse=True)
def default_policy():
    """Migration 0004's row; a transactional test elsewhere may have flushed it."""
    SLAPolicy.objects.get_or_create(name="Основная политика (Госуслуги)")


@pytest.fixture
def admin_client(staff_client, db):
    administrator = staff_create(email="admin@support.example", password="Administrator-2026!",
                                 role=Role.ADMINISTRATOR, first_name="Алексей", last_name="Админов",
                                 totp_key=TOTP_KEY)
    return staff_client(administrator)


def add_url() -> str:
    return reverse("admin:tickets_slapolicy_add")


def test_a_sound_policy_is_saved(admin_client):
    response = admin_client.post(add_url(), GOOD)

    assert response.status_code == 302
    policy = SLAPolicy.objects.get(name="Чат: быстрее")
    assert (policy.first_response_seconds, policy.at_risk_ratio) == (20, Decimal("0.80"))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("at_risk_ratio", "0", "Доля срока до «под угрозой» должна быть больше 0 и меньше 1"),
        ("at_risk_ratio", "1", "Доля срока до «под угрозой» должна быть больше 0 и меньше 1"),
        ("at_risk_ratio", "1.5", "Доля срока до «под угрозой» должна быть больше 0 и меньше 1"),
        ("objective_percent", "0", "Цель должна быть больше 0 % и не больше 100 %"),
        ("objective_percent", "100.01", "Цель должна быть больше 0 % и не больше 100 %"),
        ("objective_percent", "999", "Цель должна быть больше 0 % и не больше 100 %"),
        ("first_response_seconds", "0", "Срок должен быть не меньше 1 секунды"),
        ("hard_cap_seconds", "0", "Срок должен быть не меньше 1 секунды"),
    ],
)
def test_a_value_out_of_range_is_refused_with_a_russian_message(admin_client, field, value, message):
    response = admin_client.post(add_url(), {**GOOD, field: value})

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert not SLAPolicy.objects.filter(name="Чат: быстрее").exists()
    assert f'name="{field}" value="{value}"' in page  # the typed value is kept for correction


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"first_response_seconds": "400"}, "Первый ответ не может быть позже решения типового обращения"),
        ({"typical_resolution_seconds": "2000"}, "Типовое обращение не может решаться дольше сложного"),
        ({"complex_resolution_seconds": "4000"}, "Сложное обращение не может решаться дольше предельного срока"),
    ],
)
def test_targets_out_of_order_are_refused(admin_client, changes, message):
    response = admin_client.post(add_url(), {**GOOD, **changes})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SLAPolicy.objects.filter(name="Чат: быстрее").exists()


def test_editing_the_default_policy_into_disorder_is_refused_and_it_keeps_its_values(admin_client):
    policy = SLAPolicy.objects.get(name="Основная политика (Госуслуги)")
    url = reverse("admin:tickets_slapolicy_change", args=[policy.pk])

    response = admin_client.post(url, {**GOOD, "name": policy.name, "channel": "", "hard_cap_seconds": "60"})

    assert response.status_code == 200
    assert "Сложное обращение не может решаться дольше предельного срока" in response.content.decode()
    policy.refresh_from_db()
    assert policy.hard_cap_seconds == 3600


def test_the_model_refuses_the_same_values_outside_the_admin():
    with pytest.raises(ValidationError) as raised:
        SLAPolicy(name="Плохая", at_risk_ratio=Decimal("1.50"), first_response_seconds=600).full_clean()

    assert set(raised.value.message_dict) == {"at_risk_ratio", "__all__"}


def test_a_bad_ratio_already_in_the_database_does_not_blind_the_sweep():
    SLAPolicy.objects.update(at_risk_ratio=Decimal("1.50"))  # a row written past the validation

    assert _lead_time(T0) >= timedelta(0)
    with time_machine.travel(T0, tick=False):
        ticket = intake()
    with time_machine.travel(T0 + timedelta(seconds=90), tick=False):
        sla_sweep()

    ticket.refresh_from_db()
    assert ticket.sla_state == SLAState.BREACHED
