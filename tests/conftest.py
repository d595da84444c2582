"""Shared test setup: personas built with the real services, settings that keep tests hermetic.

Tests run on real PostgreSQL: DATABASE_URL when set (CI), else the embedded server under var/.
In CI (CI=true) a missing PostgreSQL or Redis is a failure, never a skip.
"""

from __future__ import annotations

import os

import pytest
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.roles import Role
from accounts.services import citizen_register, roles_sync, staff_create
from tickets.models import Topic
from tickets.topic_tree import topics_sync

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
TOTP_KEY = "3132333435363738393031323334353637383930"  # RFC 6238 test key, hex


def pytest_configure(config):
    if IN_CI and not os.environ.get("DATABASE_URL"):
        raise pytest.UsageError("CI=true but DATABASE_URL is not set: CI must test on the machine's PostgreSQL")


def reference_data_ensure() -> None:
    """Roles and topics come from data migrations; transactional tests flush them, so put them back."""
    from django.contrib.auth.models import Group

    if Group.objects.filter(name=Role.CITIZEN).exists() and Topic.objects.exists():
        return
    roles_sync()
    topics_sync(Topic)


@pytest.fixture(autouse=True)
def _reference_data(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "db" not in request.fixturenames and "transactional_db" not in request.fixturenames:
        return
    transactional = (marker is not None and marker.kwargs.get("transaction")) or (
        "transactional_db" in request.fixturenames
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    reference_data_ensure()


@pytest.fixture(autouse=True)
def _hermetic_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # no clamd unless a test starts one (tests/tickets/test_attachments_security.py does)
    settings.CLAMD_SOCKET, settings.CLAMD_HOST, settings.ATTACHMENT_SCAN_REQUIRED = "", "", False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks queued on commit run in-process; tests capture on_commit callbacks to run them."""
    from supportdesk.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        if IN_CI:
            pytest.fail("CI=true but REDIS_URL is not set: this test needs the machine's Redis")
        pytest.skip("needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0 (CI always does)")
    return url


def topic(code: str) -> Topic:
    return Topic.objects.get(code=code)


def registration_request(citizen, **extra):
    """A web request on the registration topic: in the queue of the `operator` persona, not `other_operator`'s."""
    from tickets.models import Channel
    from tickets.services import ticket_intake

    return ticket_intake(
        channel=Channel.WEB,
        citizen=citizen,
        subject="Не приходит код подтверждения",
        body="Код по СМС не приходит уже час",
        topic=topic("registration"),
        **extra,
    )


@pytest.fixture
def citizen(db):
    return citizen_register(
        email="ivanova@example.ru",
        password="Gosuslugi-2026!",
        first_name="Анна",
        last_name="Иванова",
        patronymic="Сергеевна",
        phone="+7 912 345-67-89",
        snils="112-233-445 95",
    )


@pytest.fixture
def other_citizen(db):
    return citizen_register(email="petrov@example.ru", password="Gosuslugi-2026!", first_name="Пётр",
                            last_name="Петров")


@pytest.fixture
def operator(db):
    return staff_create(
        email="operator@support.example",
        password="Operator-2026!",
        role=Role.OPERATOR,
        first_name="Ольга",
        last_name="Смирнова",
        skills=[topic("registration"), topic("services")],
        totp_key=TOTP_KEY,
    )


@pytest.fixture
def other_operator(db):
    """An L1 operator whose skills do not cover registration."""
    return staff_create(
        email="operator2@support.example",
        password="Operator-2026!",
        role=Role.OPERATOR,
        first_name="Игорь",
        last_name="Кузнецов",
        skills=[topic("technical")],
        totp_key=TOTP_KEY,
    )


@pytest.fixture
def specialist(db):
    return staff_create(
        email="specialist@support.example",
        password="Specialist-2026!",
        role=Role.SPECIALIST,
        first_name="Марина",
        last_name="Орлова",
        skills=[topic("e-signature")],
        totp_key=TOTP_KEY,
    )


@pytest.fixture
def supervisor(db):
    return staff_create(
        email="supervisor@support.example",
        password="Supervisor-2026!",
        role=Role.SUPERVISOR,
        first_name="Елена",
        last_name="Волкова",
        totp_key=TOTP_KEY,
    )


@pytest.fixture
def security_officer(db):
    return staff_create(
        email="security@support.example",
        password="Security-2026!",
        role=Role.SECURITY_OFFICER,
        first_name="Андрей",
        last_name="Морозов",
        totp_key=TOTP_KEY,
    )


def verified_login(client, user):
    """Sign a staff member in with a session already verified by their TOTP device."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = user.totpdevice_set.get().persistent_id
    session.save()
    return client


@pytest.fixture
def staff_client(client):
    """Call with a staff user: returns the test client signed in and 2FA-verified."""
    return lambda user: verified_login(client, user)
