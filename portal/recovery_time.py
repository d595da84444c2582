"""How a service's expected recovery time is told to citizens: with the day whenever it is not today.

«к 00:11» alone is ambiguous at night and wrong the day after; the status page and the chat's outage answer
both say «сегодня к 14:30 (МСК)», «завтра к 10:00 (МСК)» or «12 декабря к 10:00 (МСК)». Times are Moscow
time whatever the server's zone, as every promise the desk makes (tickets.views.MOSCOW).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.translation import gettext as _

MOSCOW = ZoneInfo("Europe/Moscow")


def recovery_time_phrase(moment: datetime, *, now: datetime | None = None) -> str:
    """«сегодня к 14:30 (МСК)», «завтра к 10:00 (МСК)», «12 декабря к 10:00 (МСК)» (a year only if not this one).

    Reads after «восстановим примерно …» and after «Ожидаемое время восстановления:».
    """
    local = moment.astimezone(MOSCOW)
    today = (now or timezone.now()).astimezone(MOSCOW).date()
    time = formats.date_format(local, "H:i")
    if local.date() == today:
        return _("сегодня к %(time)s (МСК)") % {"time": time}
    if local.date() == today + timedelta(days=1):
        return _("завтра к %(time)s (МСК)") % {"time": time}
    day = formats.date_format(local, "j E" if local.year == today.year else "j E Y")
    return _("%(day)s к %(time)s (МСК)") % {"day": day, "time": time}


def recovery_is_overdue(moment: datetime | None, *, now: datetime | None = None) -> bool:
    """The promised time has passed and the incident is still open: the page says work goes on."""
    return moment is not None and moment < (now or timezone.now())
