"""The access journal: every staff read of personal data leaves a row (SEC5)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from privacy.models import AccessLogEntry

GENESIS_HASH = "0" * 64
# One lock key serialises writers of the chain; readers never wait for it.
_CHAIN_LOCK_KEY = 152_0005


def _entry_digest(*, previous_hash: str, entry: AccessLogEntry) -> str:
    payload = json.dumps(
        {
            "previous": previous_hash,
            "actor": entry.actor_id,
            "subject": entry.subject_id,
            "ticket": entry.ticket_id,
            "fields": entry.fields,
            "purpose": entry.purpose,
            "ip": entry.ip_address,
            "at": entry.created_at.isoformat(),
        },
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


@transaction.atomic
def access_log_record(
    *,
    actor,
    subject=None,
    ticket=None,
    fields: Iterable[str],
    purpose: str,
    ip_address: str | None = None,
) -> AccessLogEntry:
    """Write one journal row, chained to the previous one."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    last = AccessLogEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
    entry = AccessLogEntry(
        actor=actor,
        subject=subject,
        ticket=ticket,
        fields=sorted(set(fields)),
        purpose=purpose,
        ip_address=ip_address,
        created_at=timezone.now(),
        previous_hash=last or GENESIS_HASH,
    )
    entry.entry_hash = _entry_digest(previous_hash=entry.previous_hash, entry=entry)
    entry.save()
    return entry


@dataclass(frozen=True)
class ChainCheck:
    checked: int
    first_broken_id: int | None

    @property
    def is_intact(self) -> bool:
        return self.first_broken_id is None


def access_log_verify() -> ChainCheck:
    """Walk the chain in order; report the first row whose hash or link does not hold."""
    previous = GENESIS_HASH
    checked = 0
    for entry in AccessLogEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.previous_hash != previous or _entry_digest(previous_hash=previous, entry=entry) != entry.entry_hash:
            return ChainCheck(checked=checked, first_broken_id=entry.pk)
        previous = entry.entry_hash
        checked += 1
    return ChainCheck(checked=checked, first_broken_id=None)
