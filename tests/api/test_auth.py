"""Signing in from the app: a token for email+password, the same lockout as the site, revocation, expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from api.services import token_hash
from tests.api.conftest import API

pytestmark = pytest.mark.django_db

TOKEN_URL = f"{API}/auth/token/"
PASSWORD = "Gosuslugi-2026!"


def sign_in(client: APIClient, email: str, password: str, **extra):
    return client.post(TOKEN_URL, {"email": email, "password": password, **extra}, format="json")


def test_citizen_gets_a_token_that_opens_their_requests(citizen):
    client = APIClient()

    response = sign_in(client, "Ivanova@Example.ru", PASSWORD, device_name="Pixel Анны")

    assert response.status_code == 201
    assert response.json()["token_type"] == "Bearer"
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['token']}")
    assert client.get(f"{API}/requests/").status_code == 200


def test_only_the_hash_of_the_token_is_stored(citizen):
    raw_key = sign_in(APIClient(), citizen.email, PASSWORD).json()["token"]

    stored = ApiToken.objects.get(user=citizen)

    assert stored.key_hash == token_hash(raw_key)
    assert raw_key not in {stored.key_hash, stored.key_prefix, stored.device_name}


def test_wrong_password_is_refused_in_russian(citizen):
    response = sign_in(APIClient(), citizen.email, "не тот пароль")

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_credentials",
        "detail": "Неверная почта или пароль. Проверьте раскладку клавиатуры и Caps Lock.",
    }


def test_missing_fields_name_each_field(db):
    response = APIClient().post(TOKEN_URL, {"email": "не почта"}, format="json")

    body = response.json()
    assert response.status_code == 400
    assert body["code"] == "validation_error"
    assert set(body["fields"]) == {"email", "password"}


def test_staff_cannot_sign_in_to_the_citizen_api(operator):
    response = sign_in(APIClient(), operator.email, "Operator-2026!")

    assert response.status_code == 403
    assert response.json()["code"] == "not_a_citizen"
    assert not ApiToken.objects.exists()


def test_repeated_failures_lock_the_account_as_on_the_site(citizen, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = APIClient()
    for _attempt in range(2):
        assert sign_in(client, citizen.email, "подбор").status_code == 400

    locked = sign_in(client, citizen.email, "подбор")
    even_right_password = sign_in(client, citizen.email, PASSWORD)

    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert int(locked["Retry-After"]) == 15 * 60
    assert even_right_password.status_code == 429
    assert not ApiToken.objects.exists()
    # the site's login page refuses the same account too: one lockout for every way in
    site = APIClient().post(reverse("accounts:login"), {"username": citizen.email, "password": PASSWORD})
    assert site.status_code == 429


def test_successful_sign_in_clears_earlier_failures(citizen):
    client = APIClient()
    sign_in(client, citizen.email, "опечатка")
    assert AccessAttempt.objects.filter(username=citizen.email).exists()

    assert sign_in(client, citizen.email, PASSWORD).status_code == 201

    assert not AccessAttempt.objects.filter(username=citizen.email).exists()


def test_revoked_token_no_longer_works(citizen):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {sign_in(client, citizen.email, PASSWORD).json()['token']}")

    assert client.delete(TOKEN_URL).status_code == 204

    response = client.get(f"{API}/requests/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_expired_token_is_refused(citizen):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {sign_in(client, citizen.email, PASSWORD).json()['token']}")
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.get(f"{API}/requests/")

    assert response.status_code == 401
    assert response.json()["detail"] == "Ключ доступа недействителен или истёк. Войдите снова."


def test_no_token_asks_to_sign_in(db):
    response = APIClient().get(f"{API}/requests/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_session_cookie_does_not_open_the_api(client, citizen):
    """The API trusts bearer tokens only: a browser session cannot be ridden by another site's form (CSRF)."""
    client.force_login(citizen, backend="django.contrib.auth.backends.ModelBackend")

    assert client.get(f"{API}/requests/").status_code == 401
