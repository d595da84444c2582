"""The expected recovery time of an outage names its day whenever that day is not today (status page, chat)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portal.models import ServiceIncident
from portal.recovery_time import recovery_time_phrase

MOSCOW = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 12, 10, 23, 20, tzinfo=MOSCOW)


@pytest.mark.parametrize(
    ("moment", "phrase"),
    [
        (datetime(2026, 12, 10, 23, 50, tzinfo=MOSCOW), "сегодня к 23:50 (МСК)"),
        (datetime(2026, 12, 11, 0, 11, tzinfo=MOSCOW), "завтра к 00:11 (МСК)"),
        (datetime(2026, 12, 14, 10, 0, tzinfo=MOSCOW), "14 декабря к 10:00 (МСК)"),
        (datetime(2027, 1, 3, 9, 30, tzinfo=MOSCOW), "3 января 2027 к 09:30 (МСК)"),
        # a time given in UTC is told in Moscow time: 21:30 UTC on the 10th is 00:30 on the 11th in Moscow
        (datetime(2026, 12, 10, 21, 30, tzinfo=ZoneInfo("UTC")), "завтра к 00:30 (МСК)"),
    ],
)
def test_the_phrase_names_the_day_unless_it_is_today(moment, phrase):
    assert recovery_time_phrase(moment, now=NOW) == phrase


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_status_page_says_tomorrow_for_a_recovery_after_midnight(client):
    ServiceIncident.objects.create(
        service="Запись к врачу", description="Не открывается расписание", started_at=NOW,
        expected_recovery_at=datetime(2026, 12, 11, 2, 0, tzinfo=MOSCOW),
    )

    text = client.get("/status/").content.decode()

    assert "Ожидаемое время восстановления:" in text
    assert "завтра к 02:00 (МСК)" in text


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_status_page_admits_a_missed_recovery_time(client):
    ServiceIncident.objects.create(
        service="Оплата пошлин", description="Платёж не проходит", started_at=NOW.replace(hour=18, minute=0),
        expected_recovery_at=NOW.replace(hour=21, minute=0),
    )

    text = " ".join(client.get("/status/").content.decode().split())

    assert "Восстановление ожидалось" in text and "сегодня к 21:00 (МСК)" in text
    assert "работы ещё идут" in text
