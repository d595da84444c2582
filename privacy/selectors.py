"""Reads of the access journal for the security officer (SEC5). Unbounded lists page by keyset, never by OFFSET."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from privacy.models import AccessLogEntry

# What a journal row's `fields` codes mean; writers use these codes (":masked" = partly hidden on screen).
FIELD_LABELS = {
    "name": _("ФИО"),
    "email:masked": _("эл. почта (частично скрыта)"),
    "phone:masked": _("телефон (частично скрыт)"),
    "snils:masked": _("СНИЛС (частично скрыт)"),
    "email": _("эл. почта полностью"),
    "phone": _("телефон полностью"),
    "snils": _("СНИЛС полностью"),
    "conversation": _("переписка по обращению"),
    "attachment": _("вложение"),
}

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def field_labels(codes) -> list[str]:
    return [str(FIELD_LABELS.get(code, code)) for code in codes]


def timestamp_to_cursor(moment: datetime) -> int:
    """Whole microseconds since the epoch: exact, unlike a float timestamp."""
    delta = moment - _EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def cursor_to_timestamp(micros: int) -> datetime:
    return _EPOCH + timedelta(microseconds=micros)


@dataclass(frozen=True)
class JournalFilter:
    actor_email: str = ""
    subject_email: str = ""
    ticket_number: str = ""
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class JournalPage:
    entries: list[AccessLogEntry]
    next_cursor: str | None


def encode_journal_cursor(entry: AccessLogEntry) -> str:
    return f"{timestamp_to_cursor(entry.created_at)}.{entry.pk}"


def decode_journal_cursor(raw: str) -> tuple[datetime, int] | None:
    """A damaged cursor means "from the start", not an error page."""
    try:
        micros, pk = (int(part) for part in raw.split("."))
        return cursor_to_timestamp(micros), pk
    except (ValueError, OverflowError):
        return None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def access_log_filtered(journal_filter: JournalFilter, *, subject: User | None = None) -> QuerySet[AccessLogEntry]:
    entries = AccessLogEntry.objects.select_related("actor", "subject", "ticket")
    if subject is not None:
        entries = entries.filter(subject=subject)
    if journal_filter.actor_email:
        entries = entries.filter(actor__email__iexact=journal_filter.actor_email)
    if journal_filter.subject_email:
        entries = entries.filter(subject__email__iexact=journal_filter.subject_email)
    if journal_filter.ticket_number:
        entries = entries.filter(ticket__number__iexact=journal_filter.ticket_number)
    if journal_filter.date_from:
        entries = entries.filter(created_at__gte=_day_start(journal_filter.date_from))
    if journal_filter.date_to:  # the whole last day is included
        entries = entries.filter(created_at__lt=_day_start(journal_filter.date_to + timedelta(days=1)))
    return entries.order_by("-created_at", "-id")


def access_log_page(
    journal_filter: JournalFilter, *, after: str = "", limit: int = 50, subject: User | None = None
) -> JournalPage:
    """One page of the journal, newest first; one query whatever the journal's size."""
    entries = access_log_filtered(journal_filter, subject=subject)
    cursor = decode_journal_cursor(after) if after else None
    if cursor is not None:
        moment, pk = cursor
        entries = entries.filter(Q(created_at__lt=moment) | Q(created_at=moment, id__lt=pk))
    rows = list(entries[: limit + 1])
    has_more = len(rows) > limit
    rows = rows[:limit]
    return JournalPage(entries=rows, next_cursor=encode_journal_cursor(rows[-1]) if has_more and rows else None)


@dataclass(frozen=True)
class ActorSummary:
    actor: User
    reads: int
    first_at: datetime
    last_at: datetime


def access_log_actors_for_subject(subject: User) -> list[ActorSummary]:
    """«Кто смотрел мои данные»: each employee who read the citizen's data, how often, first and last time."""
    rows = list(
        AccessLogEntry.objects.filter(subject=subject)
        .values("actor_id")
        .annotate(reads=Count("id"), first_at=Min("created_at"), last_at=Max("created_at"))
        .order_by("-last_at")
    )
    actors = User.objects.in_bulk([row["actor_id"] for row in rows])
    return [
        ActorSummary(
            actor=actors[row["actor_id"]], reads=row["reads"], first_at=row["first_at"], last_at=row["last_at"]
        )
        for row in rows
    ]


def subject_find(*, email: str) -> User | None:
    return User.objects.filter(email__iexact=email).first() if email else None
