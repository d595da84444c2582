"""The operator workspace (OP2, issue #3): at-risk and team queues, filters and search, SLA timers, saved replies."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import OperatorProfile
from accounts.roles import Role
from accounts.services import staff_create
from tests.conftest import TOTP_KEY, topic, verified_login
from tests.factories import TicketFactory
from tickets.models import Channel, SavedReply, SLAState, Ticket
from tickets.services import ticket_assign, ticket_change_status, ticket_intake

pytestmark = pytest.mark.django_db


def numbers_in(html: str) -> list[str]:
    return re.findall(r"(SD-\d{4}-\d{6})", html)


def section(html: str, key: str) -> str:
    start = html.index(f'id="section-{key}"')
    return html[start : html.find("</section>", start)]


def test_at_risk_queue_lists_requests_at_risk_or_breached_that_i_can_see(staff_client, operator):
    soon, late = timezone.now() + timedelta(seconds=50), timezone.now() - timedelta(seconds=50)
    at_risk = TicketFactory(topic=topic("registration"), sla_state=SLAState.AT_RISK, due_at=soon)
    breached = TicketFactory(topic=topic("password-recovery"), sla_state=SLAState.BREACHED, due_at=late)
    TicketFactory(topic=topic("registration"))  # on track
    TicketFactory(topic=topic("technical"), sla_state=SLAState.BREACHED)  # not in my skills: not visible
    TicketFactory(topic=topic("registration"), sla_state=SLAState.BREACHED, status=Ticket.Status.RESOLVED)

    page = staff_client(operator).get(reverse("desk:queue")).text

    assert sorted(set(numbers_in(section(page, "at_risk")))) == sorted([at_risk.number, breached.number])
    assert "SLA нарушен" in section(page, "at_risk") and "под угрозой" in section(page, "at_risk")


def test_every_row_carries_a_timer_with_remaining_time_and_a_no_script_text(staff_client, operator):
    now = timezone.now()
    TicketFactory(
        topic=topic("registration"),
        first_response_due_at=now + timedelta(seconds=95),
        due_at=now + timedelta(minutes=5),
    )
    TicketFactory(topic=topic("registration"), due_at=now - timedelta(minutes=2), first_response_at=now)

    page = staff_client(operator).get(reverse("desk:queue")).text
    queue = section(page, "queue")

    assert re.search(r"Первый ответ:</span>\s*<span class=\"sla-label\"[^>]*>осталось</span>\s*"
                     r"<time class=\"sla-clock\" datetime=\"[^\"]+\" aria-live=\"off\">1:3\d</time>", queue)
    assert re.search(r">просрочено на</span>\s*<time class=\"sla-clock\"[^>]*>2:0\d</time>", queue)
    assert "js/desk-sla.js" in page


def test_waiting_request_shows_a_paused_timer(staff_client, operator, citizen):
    ticket = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Пауза", body="x", topic=topic("registration"))
    ticket_assign(ticket=ticket, assignee=operator, actor=operator)
    ticket_change_status(ticket=ticket, status=Ticket.Status.WAITING, actor=operator)

    page = staff_client(operator).get(reverse("desk:queue")).text

    assert "пауза — ждём гражданина" in section(page, "mine")
    assert 'data-paused="1"' in section(page, "mine")


def test_search_finds_by_full_number_by_last_digits_and_by_subject_words(staff_client, operator):
    first = TicketFactory(topic=topic("registration"), subject="Не приходит СМС с кодом", number="SD-2026-000417")
    second = TicketFactory(topic=topic("registration"), subject="Смена телефона", number="SD-2026-000418")
    client = staff_client(operator)

    by_number = client.get(reverse("desk:queue"), {"q": "sd-2026-000418"}).text
    by_digits = client.get(reverse("desk:queue"), {"q": "417"}).text
    by_words = client.get(reverse("desk:queue"), {"q": "  смс   с кодом "}).text

    assert set(numbers_in(section(by_number, "queue"))) == {second.number}
    assert set(numbers_in(section(by_digits, "queue"))) == {first.number}
    assert set(numbers_in(section(by_words, "queue"))) == {first.number}
    assert "Показаны только обращения, подходящие под фильтры." in by_words
    assert 'value="  смс   с кодом "' in by_words or 'value="смс   с кодом"' in by_words  # the query stays in the box


def test_filters_by_channel_topic_section_priority_and_sla_state(staff_client, operator):
    chat_urgent = TicketFactory(topic=topic("password-recovery"), channel=Channel.CHAT, priority=4,
                                sla_state=SLAState.AT_RISK)
    TicketFactory(topic=topic("password-recovery"), channel=Channel.WEB, priority=4, sla_state=SLAState.AT_RISK)
    TicketFactory(topic=topic("form-filling"), channel=Channel.CHAT, priority=4, sla_state=SLAState.AT_RISK)
    TicketFactory(topic=topic("password-recovery"), channel=Channel.CHAT, priority=2, sla_state=SLAState.AT_RISK)
    TicketFactory(topic=topic("password-recovery"), channel=Channel.CHAT, priority=4)
    registration = topic("registration")  # a section: covers password-recovery

    page = staff_client(operator).get(
        reverse("desk:queue"), {"channel": "chat", "topic": registration.pk, "priority": "4", "sla": "at_risk"}
    ).text

    assert set(numbers_in(section(page, "queue"))) == {chat_urgent.number}


def test_bad_filter_values_are_reported_and_ignored_not_a_500(staff_client, operator):
    ticket = TicketFactory(topic=topic("registration"))

    response = staff_client(operator).get(reverse("desk:queue"), {"channel": "pigeon", "topic": "x", "priority": "9"})

    assert response.status_code == 200
    assert "Исправьте, пожалуйста" in response.text
    assert ticket.number in section(response.text, "queue")


def test_filter_form_fields_have_labels(staff_client, operator):
    page = staff_client(operator).get(reverse("desk:queue")).text

    for name in ("q", "channel", "topic", "priority", "sla"):
        assert f'<label for="id_{name}"' in page
    assert 'role="search"' in page


def test_the_filter_form_shows_a_renamed_topic_at_once(staff_client, operator):
    client = staff_client(operator)
    renamed = topic("password-recovery")
    assert "Восстановление пароля</option>" in client.get(reverse("desk:queue")).text  # rendered and cached

    renamed.name = "Забыли пароль"
    renamed.save()

    page = client.get(reverse("desk:queue")).text
    assert f'<option value="{renamed.pk}">Регистрация и вход → Забыли пароль</option>' in page
    assert "Восстановление пароля</option>" not in page


def test_the_filter_form_drops_a_retired_topic_at_once(staff_client, operator):
    client = staff_client(operator)
    retired = topic("password-recovery")
    option = f'<option value="{retired.pk}">Регистрация и вход → Восстановление пароля</option>'
    assert option in client.get(reverse("desk:queue")).text  # rendered and cached

    retired.is_active = False
    retired.save()

    assert option not in client.get(reverse("desk:queue")).text


def test_the_filter_form_keeps_the_chosen_values_only_while_filtering(staff_client, operator):
    client = staff_client(operator)
    chosen = topic("registration")
    selected = f'<option value="{chosen.pk}" selected>'
    client.get(reverse("desk:queue"))  # the unbound form, cached

    assert selected in client.get(reverse("desk:queue"), {"topic": chosen.pk}).text
    assert selected not in client.get(reverse("desk:queue")).text


def test_the_filter_form_follows_the_interface_language(staff_client, operator):
    client = staff_client(operator)
    assert '<option value="" selected>Любая</option>' in client.get(reverse("desk:queue")).text

    client.cookies["django_language"] = "en"

    page = client.get(reverse("desk:queue")).text
    assert '<option value="" selected>Any</option>' in page and "Любая</option>" not in page


def test_team_queue_shows_colleagues_requests_in_my_skills_without_links_or_subjects(
    staff_client, operator, supervisor
):
    colleague = staff_create(email="colleague@support.example", password="Operator-2026!", role=Role.OPERATOR,
                             last_name="Коллегова", skills=[topic("registration")], totp_key=TOTP_KEY)
    theirs = TicketFactory(topic=topic("password-recovery"), subject="Личная тема гражданина")
    ticket_assign(ticket=theirs, assignee=colleague, actor=supervisor)
    foreign = TicketFactory(topic=topic("technical"))
    ticket_assign(ticket=foreign, assignee=colleague, actor=supervisor)

    page = staff_client(operator).get(reverse("desk:queue")).text
    team = section(page, "team")

    assert numbers_in(team) == [theirs.number]
    assert "Коллегова" in team
    assert f'href="/desk/tickets/{theirs.pk}/"' not in team and "Личная тема гражданина" not in team


def test_supervisor_team_queue_links_every_assigned_request_and_roster_shows_load(staff_client, operator, supervisor):
    ticket = TicketFactory(topic=topic("registration"))
    ticket_assign(ticket=ticket, assignee=operator, actor=supervisor)
    # set after the assignment, which re-reads the state from the clocks (this plain row has none)
    Ticket.objects.filter(pk=ticket.pk).update(sla_state=SLAState.BREACHED)
    OperatorProfile.objects.filter(user=operator).update(status=OperatorProfile.Status.AWAY)  # on the line
    OperatorProfile.objects.filter(user=supervisor).update(status=OperatorProfile.Status.OFFLINE)

    page = staff_client(supervisor).get(reverse("desk:queue")).text

    assert f'href="/desk/tickets/{ticket.pk}/"' in section(page, "team")
    assert 'href="/desk/team/"' in page
    team_page = staff_client(supervisor).get(reverse("desk:team")).text
    roster = section(team_page, "roster")
    assert "Волкова" not in roster  # offline: not on the line
    assert re.search(r"Смирнова Ольга</th>\s*<td>L1</td>\s*<td>.*?</td>\s*<td>1 из 3</td>\s*<td>1</td>", roster, re.S)
    assert 'id="sla-alerts"' in page and 'aria-live="polite"' in page  # the live SLA alerts region


def test_operators_do_not_get_the_supervisors_alert_region(staff_client, operator):
    page = staff_client(operator).get(reverse("desk:queue")).text

    assert 'id="sla-alerts"' not in page


@pytest.mark.parametrize("rows", [1, 30])
def test_workspace_query_count_does_not_grow_with_rows_or_filters(rows, operator, supervisor,
                                                                  django_assert_max_num_queries):
    for _ in range(rows):
        ticket = TicketFactory(topic=topic("registration"), sla_state=SLAState.AT_RISK)
        ticket_assign(ticket=ticket, assignee=operator, actor=supervisor)
        TicketFactory(topic=topic("services"), sla_state=SLAState.BREACHED)
    as_operator, as_supervisor = verified_login(Client(), operator), verified_login(Client(), supervisor)
    filters = {"q": "Обращение", "channel": "web", "topic": topic("registration").pk, "sla": "at_risk"}

    # the unfiltered page's count (test_desk_queue.QUEUE_QUERIES) plus one: the chosen topic is looked up
    with django_assert_max_num_queries(20):
        as_operator.get(reverse("desk:queue"), filters)
    with django_assert_max_num_queries(14):
        as_supervisor.get(reverse("desk:queue"), filters)


# --- One request: timer and saved replies ---------------------------------------------------------------


@pytest.fixture
def replies():
    general = SavedReply.objects.create(title="Приветствие", body="Здравствуйте! Обращение {номер} принято.")
    topical = SavedReply.objects.create(title="Сброс пароля", body="Восстановите пароль по ссылке «Забыли пароль?».",
                                        topic=topic("registration"))
    SavedReply.objects.create(title="Подпись", body="Про подпись", topic=topic("e-signature"))
    SavedReply.objects.create(title="Старый", body="Не показывать", is_active=False)
    SavedReply.objects.create(title="English", body="Hello", language="en")
    return general, topical


def test_request_page_offers_the_saved_replies_of_its_topic_and_language(staff_client, operator, citizen, replies):
    ticket = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Пароль", body="x",
                           topic=topic("password-recovery"))

    page = staff_client(operator).get(reverse("desk:ticket", args=[ticket.pk])).text

    data = json.loads(re.search(r'<script id="saved-replies-data" type="application/json">(.*?)</script>', page,
                                re.S).group(1))
    assert sorted(data.values()) == sorted(
        [f"Здравствуйте! Обращение {ticket.number} принято.", "Восстановите пароль по ссылке «Забыли пароль?»."]
    )
    assert "Про подпись" not in page and "Не показывать" not in page and "Hello" not in page
    assert '<label for="id_saved_reply"' in page
    assert re.search(r"Вставить<span class=\"visually-hidden\"> шаблон</span> «Сброс пароля»", page)


def test_without_scripts_choosing_a_saved_reply_puts_it_in_the_answer_field(staff_client, operator, citizen, replies):
    general, _topical = replies
    ticket = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Пароль", body="x",
                           topic=topic("password-recovery"))

    page = staff_client(operator).get(reverse("desk:ticket", args=[ticket.pk]), {"saved_reply": general.pk}).text

    textarea = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert textarea.strip() == f"Здравствуйте! Обращение {ticket.number} принято."


def test_a_saved_reply_of_another_topic_is_refused_with_a_message(staff_client, operator, citizen, replies):
    foreign = SavedReply.objects.get(title="Подпись")
    ticket = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Пароль", body="x",
                           topic=topic("password-recovery"))

    response = staff_client(operator).get(reverse("desk:ticket", args=[ticket.pk]), {"saved_reply": foreign.pk})

    assert response.status_code == 200
    assert "Исправьте, пожалуйста" in response.text
    assert "Про подпись" not in re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', response.text, re.S).group(1)


def test_request_page_shows_the_sla_timer_and_sla_journal_rows(staff_client, supervisor, citizen):
    from tickets.sla import sla_sweep

    ticket = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Срок", body="x", topic=topic("registration"))
    Ticket.objects.filter(pk=ticket.pk).update(
        created_at=timezone.now() - timedelta(minutes=2), first_response_due_at=timezone.now() - timedelta(seconds=90)
    )
    sla_sweep()

    page = staff_client(supervisor).get(reverse("desk:ticket", args=[ticket.pk])).text

    assert "Таймер SLA" in page and "просрочено на" in page and "SLA нарушен" in page
    assert "Срок нарушен: первый ответ." in page


@pytest.mark.parametrize("n_replies", [1, 15])
def test_request_page_queries_do_not_grow_with_saved_replies(n_replies, staff_client, operator, citizen,
                                                             django_assert_max_num_queries):
    for index in range(n_replies):
        SavedReply.objects.create(title=f"Шаблон {index}", body="Текст", topic=topic("registration"))
    ticket = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Пароль", body="x",
                           topic=topic("password-recovery"))
    client = staff_client(operator)

    with django_assert_max_num_queries(30):
        client.get(reverse("desk:ticket", args=[ticket.pk]))
