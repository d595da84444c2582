"""Idempotency-Key: a phone that resends after a dropped connection opens one request, not two."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from api.idempotency import CLAIM_LEASE, REPLAY_HEADER
from api.models import IdempotencyRecord
from api.services import api_expired_purge
from tests.api.conftest import API, executable_upload, signature_upload
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

REQUESTS = f"{API}/requests/"
NEW_REQUEST = {"subject": "Не приходит код", "body": "Код по СМС не приходит"}


def post(client, data, key, **kwargs):
    return client.post(REQUESTS, data, format=kwargs.pop("format", "json"), HTTP_IDEMPOTENCY_KEY=key, **kwargs)


def test_same_key_and_body_replays_the_first_answer(citizen_api):
    first = post(citizen_api, NEW_REQUEST, "7f1c-a")
    again = post(citizen_api, NEW_REQUEST, "7f1c-a")

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again[REPLAY_HEADER] == "true"
    assert Ticket.objects.count() == 1


def test_multipart_with_the_same_files_replays(citizen_api):
    first = post(citizen_api, {**NEW_REQUEST, "attachments": [signature_upload()]}, "k-files", format="multipart")
    again = post(citizen_api, {**NEW_REQUEST, "attachments": [signature_upload()]}, "k-files", format="multipart")

    assert again.json()["number"] == first.json()["number"]
    assert Ticket.objects.count() == 1


def test_same_key_with_another_body_is_refused(citizen_api):
    post(citizen_api, NEW_REQUEST, "k-1")

    response = post(citizen_api, {**NEW_REQUEST, "body": "Другой текст"}, "k-1")

    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert Ticket.objects.count() == 1


def test_same_key_on_another_endpoint_is_refused(citizen_api):
    post(citizen_api, NEW_REQUEST, "k-2")

    response = citizen_api.post(f"{API}/chats/", {"body": "Вопрос"}, format="json", HTTP_IDEMPOTENCY_KEY="k-2")

    assert response.status_code == 422


def test_keys_belong_to_one_citizen(citizen_api, other_citizen_api):
    mine = post(citizen_api, NEW_REQUEST, "shared-key")
    theirs = post(other_citizen_api, NEW_REQUEST, "shared-key")

    assert theirs.status_code == 201
    assert theirs.json()["number"] != mine.json()["number"]


def test_failed_request_releases_the_key_for_the_corrected_retry(citizen_api):
    rejected = post(citizen_api, {**NEW_REQUEST, "attachments": [executable_upload()]}, "k-3", format="multipart")
    corrected = post(citizen_api, {**NEW_REQUEST, "attachments": [signature_upload()]}, "k-3", format="multipart")

    assert (rejected.status_code, corrected.status_code) == (400, 201)


def test_a_request_still_running_with_the_key_gets_409(citizen_api):
    first = post(citizen_api, NEW_REQUEST, "busy")
    # as if the first request were still being handled: claimed a moment ago, no answer stored yet
    IdempotencyRecord.objects.filter(key="busy").update(response_status=None, response_body=None)

    response = post(citizen_api, NEW_REQUEST, "busy")

    assert first.status_code == 201
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_in_progress"


def test_a_claim_abandoned_past_its_lease_is_taken_over(citizen_api):
    post(citizen_api, NEW_REQUEST, "dead")
    IdempotencyRecord.objects.filter(key="dead").update(
        response_status=None, response_body=None, claimed_at=timezone.now() - CLAIM_LEASE - timedelta(seconds=1)
    )

    response = post(citizen_api, NEW_REQUEST, "dead")

    assert response.status_code == 201


@pytest.mark.parametrize("key", ["", "с кириллицей", "x" * 256, "with space"])
def test_malformed_keys_are_refused(citizen_api, key):
    response = post(citizen_api, NEW_REQUEST, key)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_idempotency_key"
    assert not Ticket.objects.exists()


def test_expired_records_are_purged(citizen_api):
    post(citizen_api, NEW_REQUEST, "old")
    IdempotencyRecord.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert api_expired_purge() == (0, 1)
    assert post(citizen_api, {**NEW_REQUEST, "body": "Новый текст"}, "old").status_code == 201


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_sends_with_one_key_create_one_request(citizen, monkeypatch):
    """A flaky network sends the same request twice at once: the second waits out as 409, never a duplicate."""
    import threading
    import time

    from django.db import connection

    from api.views import requests as request_views
    from tests.api.conftest import bearer_client

    original_intake = request_views.ticket_intake

    def slow_intake(**kwargs):
        time.sleep(0.5)  # the first request is still working when the second arrives
        return original_intake(**kwargs)

    monkeypatch.setattr(request_views, "ticket_intake", slow_intake)
    clients = [bearer_client(citizen), bearer_client(citizen)]
    start, statuses = threading.Barrier(2), []

    def send(client):
        try:
            start.wait()
            statuses.append(post(client, NEW_REQUEST, "same-moment").status_code)
        finally:
            connection.close()  # each thread has its own database connection

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [201, 409]
    assert Ticket.objects.count() == 1


def test_a_crash_while_storing_the_answer_leaves_no_request_behind(citizen_api, monkeypatch):
    """B12: the request and its stored answer are committed together, so the retry cannot open a second one."""
    from django.db import DatabaseError

    original_save = IdempotencyRecord.save

    def answer_store_fails(record, *args, **kwargs):
        if "response_status" in (kwargs.get("update_fields") or ()):
            raise DatabaseError("the connection dropped")
        return original_save(record, *args, **kwargs)

    monkeypatch.setattr(IdempotencyRecord, "save", answer_store_fails)
    crashed = post(citizen_api, NEW_REQUEST, "crash-then-retry")
    monkeypatch.setattr(IdempotencyRecord, "save", original_save)

    assert crashed.status_code == 500
    assert not Ticket.objects.exists()
    retried = post(citizen_api, NEW_REQUEST, "crash-then-retry")
    assert retried.status_code == 201
    assert Ticket.objects.count() == 1
