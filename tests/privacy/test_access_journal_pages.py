"""The security officer's access journal (SEC5): who read whose data, chain integrity, filters, paging."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from privacy.models import AccessLogEntry
from privacy.services import access_log_record, access_log_verify
from tests.conftest import topic, verified_login
from tickets.models import Channel
from tickets.services import ticket_intake

pytestmark = pytest.mark.django_db


def citizen_request(citizen):
    return ticket_intake(
        channel=Channel.WEB, citizen=citizen, subject="Вход", body="Не могу войти", topic=topic("registration")
    )


def read(actor, subject, ticket, fields=("name", "phone:masked")):
    return access_log_record(
        actor=actor,
        subject=subject,
        ticket=ticket,
        fields=list(fields),
        purpose=f"Обработка обращения {ticket.number}",
        ip_address="10.0.0.7",
    )


def entry_ids(html: str) -> list[int]:
    return [int(value) for value in re.findall(r"<td>№(\d+)</td>", html)]


def test_only_the_security_officer_may_read_the_journal(client, staff_client, operator, supervisor, citizen):
    assert client.get(reverse("privacy:journal")).status_code == 302  # anonymous: to the login page

    client.force_login(citizen, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("privacy:journal")).status_code == 403
    client.logout()
    for employee in (operator, supervisor):
        response = staff_client(employee).get(reverse("privacy:journal"))
        assert response.status_code == 403
        assert staff_client(employee).get(reverse("privacy:subject", args=[citizen.pk])).status_code == 403


def test_desk_view_appears_in_the_journal_with_who_whose_what_why(staff_client, operator, security_officer, citizen):
    ticket = citizen_request(citizen)
    verified_login(Client(), operator).get(reverse("desk:ticket", args=[ticket.pk]))

    page = staff_client(security_officer).get(reverse("privacy:journal")).text

    assert "Журнал цел: 1 записей" in page
    assert "Смирнова Ольга" in page and "operator@support.example" in page
    assert "Иванова Анна Сергеевна" in page
    assert ticket.number in page
    assert "телефон (частично скрыт)" in page and "переписка по обращению" in page
    assert f"Обработка обращения {ticket.number}" in page
    assert "Журнал просматривает: Морозов Андрей (security@support.example)." in page


def test_tampered_row_is_detected_and_named(staff_client, operator, security_officer, citizen):
    ticket = citizen_request(citizen)
    first = read(operator, citizen, ticket)
    second = read(operator, citizen, ticket)
    read(operator, citizen, ticket)
    assert access_log_verify().is_intact

    # someone with database access hides that the phone was shown in full
    AccessLogEntry.objects.filter(pk=second.pk).update(fields=["name"])

    check = access_log_verify()
    assert (check.first_broken_id, check.checked) == (second.pk, 1)
    page = staff_client(security_officer).get(reverse("privacy:journal")).text
    assert f"первая повреждённая запись №{second.pk}" in page
    assert first.pk in entry_ids(page)


def test_deleted_row_breaks_the_chain(operator, citizen):
    ticket = citizen_request(citizen)
    read(operator, citizen, ticket)
    middle = read(operator, citizen, ticket)
    last = read(operator, citizen, ticket)

    AccessLogEntry.objects.filter(pk=middle.pk).delete()

    assert access_log_verify().first_broken_id == last.pk


def test_filters_by_employee_citizen_request_and_dates(
    staff_client, operator, other_operator, security_officer, citizen, other_citizen
):
    ticket = citizen_request(citizen)
    other_ticket = citizen_request(other_citizen)
    by_operator = read(operator, citizen, ticket)
    by_colleague = read(other_operator, other_citizen, other_ticket)
    old = read(operator, other_citizen, other_ticket)
    AccessLogEntry.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))
    client = staff_client(security_officer)
    url = reverse("privacy:journal")

    assert entry_ids(client.get(url, {"actor": "OPERATOR@support.example"}).text) == [by_operator.pk, old.pk]
    assert entry_ids(client.get(url, {"subject": "petrov@example.ru"}).text) == [by_colleague.pk, old.pk]
    assert entry_ids(client.get(url, {"subject": other_ticket.number.lower()}).text) == [by_colleague.pk, old.pk]
    today = timezone.localdate().isoformat()
    assert entry_ids(client.get(url, {"date_from": today, "date_to": today}).text) == [by_colleague.pk, by_operator.pk]
    assert "Кто смотрел данные: Петров Пётр" in client.get(url, {"subject": "petrov@example.ru"}).text


def test_bad_filter_is_explained_and_shows_no_rows(staff_client, security_officer, operator, citizen):
    read(operator, citizen, citizen_request(citizen))
    client = staff_client(security_officer)

    response = client.get(
        reverse("privacy:journal"), {"subject": "Иванова", "date_from": "2026-05-02", "date_to": "2026-05-01"}
    )

    assert response.status_code == 200
    assert "Введите эл. почту гражданина или номер обращения" in response.text
    assert "Конец периода раньше его начала." in response.text
    assert 'aria-invalid="true"' in response.text
    assert entry_ids(response.text) == []


def test_journal_pages_by_keyset_newest_first(staff_client, security_officer, operator, citizen):
    ticket = citizen_request(citizen)
    entries = [read(operator, citizen, ticket) for _ in range(55)]
    client = staff_client(security_officer)

    first = client.get(reverse("privacy:journal")).text
    next_url = re.search(r'href="([^"]*after=[^"]+)"', first).group(1).replace("&amp;", "&")
    second = client.get(next_url).text

    assert entry_ids(first) + entry_ids(second) == [entry.pk for entry in reversed(entries)]
    assert "Более ранние записи" not in second


def test_per_citizen_page_lists_who_looked(staff_client, security_officer, operator, other_operator, citizen):
    ticket = citizen_request(citizen)
    read(operator, citizen, ticket)
    read(operator, citizen, ticket)
    read(other_operator, citizen, ticket)

    page = staff_client(security_officer).get(reverse("privacy:subject", args=[citizen.pk])).text

    assert "Кто смотрел данные: Иванова Анна Сергеевна" in page
    readers = page[page.index('id="readers-title"') : page.index('id="entries-title"')]
    assert re.search(r"Смирнова Ольга.*?<td>2</td>", readers, re.S)
    assert re.search(r"Кузнецов Игорь.*?<td>1</td>", readers, re.S)
    assert len(entry_ids(page)) == 3


def test_per_citizen_page_of_an_unknown_user_is_404(staff_client, security_officer):
    assert staff_client(security_officer).get(reverse("privacy:subject", args=[999999])).status_code == 404


@pytest.mark.parametrize("rows", [1, 60])
def test_journal_query_count_does_not_grow_with_rows(
    rows, staff_client, security_officer, operator, other_operator, citizen, django_assert_max_num_queries
):
    ticket = citizen_request(citizen)
    for number in range(rows):
        read(operator if number % 2 else other_operator, citizen, ticket)
    client = staff_client(security_officer)

    with django_assert_max_num_queries(8):
        client.get(reverse("privacy:journal"))
    with django_assert_max_num_queries(11):
        client.get(reverse("privacy:subject", args=[citizen.pk]))
