"""Rate limits: a clear 429 in the API's error shape with Retry-After, per citizen, per address, per sign-in."""

from __future__ import annotations

import uuid

import pytest
from rest_framework.test import APIClient

from tests.api.conftest import API

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api_anonymous": "3/min", "api_citizen": "3/min", "api_sign_in": "2/min",
                                   "api_create": "1/hour"},
    }


def test_citizen_over_the_limit_gets_429_with_retry_after(low_rates, citizen_api):
    for _ in range(3):
        assert citizen_api.get(f"{API}/requests/").status_code == 200

    response = citizen_api.get(f"{API}/requests/")

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json() == {
        "code": "throttled",
        "detail": f"Слишком много запросов. Повторите через {response['Retry-After']} с.",
    }


def test_limits_are_per_citizen(low_rates, citizen_api, other_citizen_api):
    for _ in range(4):
        citizen_api.get(f"{API}/topics/")

    assert other_citizen_api.get(f"{API}/topics/").status_code == 200


def test_anonymous_readers_are_limited_per_address(low_rates, db):
    client = APIClient()
    for _ in range(3):
        assert client.get(f"{API}/kb/categories/").status_code == 200

    assert client.get(f"{API}/kb/categories/").status_code == 429
    assert APIClient(REMOTE_ADDR="10.0.0.2").get(f"{API}/kb/categories/").status_code == 200


def test_password_guessing_is_slowed_per_address(low_rates, citizen):
    client = APIClient()
    for _ in range(2):
        client.post(f"{API}/auth/token/", {"email": citizen.email, "password": "x"}, format="json")

    response = client.post(f"{API}/auth/token/", {"email": citizen.email, "password": "x"}, format="json")

    assert response.status_code == 429
    assert response.json()["code"] == "throttled"


def test_opening_requests_has_its_own_hourly_limit(low_rates, citizen_api):
    new = {"subject": "Вопрос", "body": "Не работает вход"}
    assert citizen_api.post(f"{API}/requests/", new, format="json").status_code == 201

    response = citizen_api.post(f"{API}/requests/", new, format="json")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 60
    assert citizen_api.get(f"{API}/requests/").status_code == 200  # reading is not a create


@pytest.mark.redis
def test_limits_are_shared_through_redis(low_rates, settings, redis_url, citizen):
    """With REDIS_URL the counts live in Redis, which every worker process reads: two devices, one budget."""
    from tests.api.conftest import bearer_client

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": f"test-{uuid.uuid4()}",  # no flush: the database may hold others' keys
            "TIMEOUT": 120,
        }
    }
    phone, tablet = bearer_client(citizen), bearer_client(citizen)
    for client in (phone, tablet, phone):
        assert client.get(f"{API}/topics/").status_code == 200

    assert tablet.get(f"{API}/topics/").status_code == 429
