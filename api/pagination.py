"""Keyset pages for unbounded lists: WHERE (key) < (last seen key) … LIMIT n+1, never OFFSET or COUNT.

The cursor is opaque to clients: pass back `next_cursor` as `?cursor=`; null means the last page.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MAX_ID = 2**63 - 1


class InvalidCursor(exceptions.APIException):
    status_code = 400
    default_detail = _("Курсор страницы устарел или повреждён: запросите список с начала, без cursor.")
    default_code = "invalid_cursor"


def _parse_int(text: str, *, low: int = 0) -> int:
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        raise InvalidCursor
    value = int(text)
    if not low <= value <= _MAX_ID:
        raise InvalidCursor
    return value


def _page(queryset: QuerySet, limit: int, cursor_of) -> tuple[list, str | None]:
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, cursor_of(rows[-1])


def _time_and_id(cursor: str) -> tuple[datetime, int]:
    """«microseconds since 1970.id», as the time-ordered pages write their cursors."""
    micros, separator, pk = cursor.partition(".")
    if not separator:
        raise InvalidCursor
    try:
        moment = _EPOCH + timedelta(microseconds=_parse_int(micros))
    except OverflowError as error:
        raise InvalidCursor from error
    return moment, _parse_int(pk)


def page_newest_first(queryset: QuerySet, *, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """Rows ordered by (-created_at, -id); the cursor is «microseconds since 1970.id» of the last row."""
    if cursor:
        created_at, last_id = _time_and_id(cursor)
        queryset = queryset.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=last_id))
    queryset = queryset.order_by("-created_at", "-id")
    return _page(queryset, limit, lambda row: f"{(row.created_at - _EPOCH) // timedelta(microseconds=1)}.{row.pk}")


def page_by_id(queryset: QuerySet, *, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """Rows ordered by id; the cursor is the last id (stable while rows are added or edited)."""
    if cursor:
        queryset = queryset.filter(pk__gt=_parse_int(cursor))
    return _page(queryset.order_by("id"), limit, lambda row: str(row.pk))


UPDATED_CURSOR_PREFIX = "u"


def page_least_recently_updated(queryset: QuerySet, *, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """Rows ordered by (updated_at, id), oldest change first: a change feed. The cursor is «u» + «microseconds
    since 1970.id» of the last row; a cursor of the newest-first pages is refused (another order)."""
    if cursor:
        if not cursor.startswith(UPDATED_CURSOR_PREFIX):
            raise InvalidCursor
        updated_at, last_id = _time_and_id(cursor[len(UPDATED_CURSOR_PREFIX):])
        queryset = queryset.filter(Q(updated_at__gt=updated_at) | Q(updated_at=updated_at, pk__gt=last_id))
    queryset = queryset.order_by("updated_at", "id")
    return _page(
        queryset,
        limit,
        lambda row: f"{UPDATED_CURSOR_PREFIX}{(row.updated_at - _EPOCH) // timedelta(microseconds=1)}.{row.pk}",
    )
