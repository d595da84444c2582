"""Writes of the mobile API: sign-in tokens (issued, touched, revoked) and the purge of expired rows."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from api.models import ApiToken, IdempotencyRecord

TOKEN_PREFIX = "sdm_"  # noqa: S105  a marker that makes leaked keys greppable, not a secret
# A phone stays signed in for a month; signing in again on the device issues a fresh token.
TOKEN_LIFETIME = timedelta(days=30)
# last_used_at is for people (the admin's list of devices), so one write an hour is precise enough.
TOKEN_TOUCH_INTERVAL = timedelta(hours=1)


def token_hash(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


@transaction.atomic
def token_issue(*, user, device_name: str = "") -> tuple[str, ApiToken]:
    """A new token for one device; returns the raw key, which is shown once and never stored."""
    now = timezone.now()
    ApiToken.objects.filter(user=user, expires_at__lte=now).delete()  # the user's stale devices go on each sign-in
    raw_key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        key_hash=token_hash(raw_key),
        key_prefix=raw_key[:12],
        device_name=device_name.strip()[:100],
        expires_at=now + TOKEN_LIFETIME,
    )
    return raw_key, token


def token_authenticate(*, raw_key: str) -> ApiToken | None:
    """The live token with this key, its user loaded; None for unknown, expired or disabled accounts."""
    if not raw_key.startswith(TOKEN_PREFIX) or len(raw_key) > 100:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(raw_key), expires_at__gt=now, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at > TOKEN_TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk).delete()


def api_expired_purge() -> tuple[int, int]:
    """Drop expired tokens and idempotency records; returns how many of each went."""
    now = timezone.now()
    tokens, _ = ApiToken.objects.filter(expires_at__lte=now).delete()
    records, _ = IdempotencyRecord.objects.filter(expires_at__lte=now).delete()
    return tokens, records
