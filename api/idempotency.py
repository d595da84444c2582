"""Idempotency-Key on creates: a phone that resends after a dropped connection gets the first answer again.

The first request with a key claims it (a row without a response, committed at once so that a parallel
request sees it), then runs, and stores a successful answer in the same transaction as what it created:
both are committed or neither, so a crash between the two can never leave a request without its stored
answer (and a retry that opens a second one). The same key with the same request replays that answer; with
a different request it is refused (422); while the first is still running a second one is refused (409).
Failed requests release the key, so the client may correct the input and send again with it. Keys are per
user and live for a day.

What the create schedules after commit (routing, the chat assistant's first reply) is not in the stored
answer: the app polls for it, as it does anyway.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import timedelta
from functools import wraps

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response

from api.models import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAY_HEADER = "Idempotent-Replayed"
RECORD_LIFETIME = timedelta(hours=24)
# longer than any create takes (five 10 MB uploads on a slow disk); a holder silent this long has died
CLAIM_LEASE = timedelta(minutes=2)
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, as HTTP header values travel safely


class IdempotencyKeyInvalid(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Заголовок Idempotency-Key: от 1 до 255 латинских букв, цифр или знаков без пробелов.")
    default_code = "invalid_idempotency_key"


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = _("Этот Idempotency-Key уже использован для другого запроса. Создайте новый ключ.")
    default_code = "idempotency_key_reused"


class IdempotencyKeyInProgress(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Запрос с этим Idempotency-Key ещё выполняется. Повторите через несколько секунд.")
    default_code = "idempotency_key_in_progress"


def _file_facts(upload: UploadedFile) -> dict:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return {"name": upload.name, "size": upload.size, "sha256": digest.hexdigest()}


def _plain(value):
    return _file_facts(value) if isinstance(value, UploadedFile) else value


def request_fingerprint(request) -> str:
    """Method, path and body (fields and the files' contents), independent of field and part order."""
    data = request.data
    if hasattr(data, "lists"):  # multipart or form: a field may repeat
        body = {name: [_plain(value) for value in values] for name, values in data.lists()}
    else:
        body = data
    canonical = json.dumps([request.method, request.path, body], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def _claim(*, user, key: str, fingerprint: str) -> tuple[IdempotencyRecord, Response | None]:
    """Take the key for this request, or return the stored answer to replay."""
    now = timezone.now()
    IdempotencyRecord.objects.filter(user=user, expires_at__lte=now).delete()  # the user's stale keys
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(
                user=user, key=key, request_fingerprint=fingerprint, claimed_at=now, expires_at=now + RECORD_LIFETIME
            )
        return record, None
    except IntegrityError:  # the key is known: replay, refuse, or take over a dead claim
        pass
    with transaction.atomic():
        record = IdempotencyRecord.objects.select_for_update().filter(user=user, key=key).first()
        if record is None:  # released by a failed request a moment ago: claim it afresh
            record = IdempotencyRecord.objects.create(
                user=user, key=key, request_fingerprint=fingerprint, claimed_at=now, expires_at=now + RECORD_LIFETIME
            )
            return record, None
        if record.request_fingerprint != fingerprint:
            raise IdempotencyKeyReused
        if record.response_status is not None:
            return record, Response(
                record.response_body, status=record.response_status, headers={REPLAY_HEADER: "true"}
            )
        if now - record.claimed_at < CLAIM_LEASE:
            raise IdempotencyKeyInProgress
        record.claimed_at = now
        record.save(update_fields=["claimed_at"])
        return record, None


def idempotent(handler):
    """Decorate a view's create method (self, request, ...) to honour the Idempotency-Key header."""

    @wraps(handler)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return handler(view, request, *args, **kwargs)
        if not _KEY.match(key):
            raise IdempotencyKeyInvalid
        record, replay = _claim(user=request.user, key=key, fingerprint=request_fingerprint(request))
        if replay is not None:
            return replay
        try:
            with transaction.atomic():  # the create and its stored answer: both or neither (B12)
                response = handler(view, request, *args, **kwargs)
                if status.is_success(response.status_code):
                    answer_store(record=record, response=response)
                else:
                    transaction.set_rollback(True)
        except BaseException:
            record.delete()  # nothing was created: the client may correct the request and reuse the key
            raise
        if not status.is_success(response.status_code):
            record.delete()
        return response

    return wrapper


def answer_store(*, record: IdempotencyRecord, response: Response) -> None:
    """Keep the answer for replays; called inside the create's transaction."""
    record.response_status, record.response_body = response.status_code, response.data
    record.save(update_fields=["response_status", "response_body"])
