"""The hotline in the back office: the call card, the supervisors' call log, callbacks to make."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from privacy.models import AccessLogEntry
from telephony.models import Call, Callback, IvrChoice
from tests.conftest import topic
from tests.telephony.conftest import inbound
from tickets.models import TicketMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered_call(post_event, citizen, operator):
    post_event(event="newCall", at=0, digits="12", **inbound("desk-1"))
    post_event(event="answer", at=20, user=operator.email, **inbound("desk-1"))
    post_event(event="hangup", at=140, cause="normalClearing", recordingUrl="https://pbx.example/r/desk-1.ogg",
               transcript="Не приходит СМС с кодом для восстановления пароля", **inbound("desk-1"))
    return Call.objects.get(call_id="desk-1")


@pytest.fixture
def missed_call(post_event, citizen):
    post_event(event="newCall", at=0, digits="21", **inbound("desk-2"))
    post_event(event="hangup", at=30, cause="noAnswer", **inbound("desk-2"))
    return Call.objects.get(call_id="desk-2")


def test_the_call_card_shows_masked_context_and_journals_it(staff_client, operator, citizen, answered_call):
    response = staff_client(operator).get(f"/desk/calls/{answered_call.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Иванова Анна Сергеевна" in page and "+7912***-**-89" in page and "+79123456789" not in page
    assert answered_call.ticket.number in page and "Прослушать запись" in page
    assert "Не приходит СМС с кодом" in page and "Открытые обращения звонящего: 1" in page
    entry = AccessLogEntry.objects.filter(actor=operator).latest("id")
    assert entry.subject == citizen and entry.ticket == answered_call.ticket
    assert {"phone:masked", "call_transcript", "call_recording", "other_requests"} <= set(entry.fields)


def test_the_full_number_is_shown_on_request_and_journaled(staff_client, operator, answered_call):
    response = staff_client(operator).post(f"/desk/calls/{answered_call.pk}/")

    assert "+79123456789" in response.content.decode()
    assert "phone" in AccessLogEntry.objects.filter(actor=operator).latest("id").fields


def test_an_operator_unrelated_to_the_call_gets_404(staff_client, other_operator, answered_call):
    assert staff_client(other_operator).get(f"/desk/calls/{answered_call.pk}/").status_code == 404


def test_a_citizen_cannot_open_the_desk_call_card(client, citizen, answered_call):
    client.force_login(citizen)

    assert client.get(f"/desk/calls/{answered_call.pk}/").status_code == 403


def test_the_call_log_is_for_supervisors(staff_client, operator, supervisor, answered_call, missed_call):
    assert staff_client(operator).get("/desk/calls/").status_code == 403

    response = staff_client(supervisor).get("/desk/calls/?outcome=missed")

    page = response.content.decode()
    assert response.status_code == 200
    assert missed_call.ticket.number in page and answered_call.ticket.number not in page
    assert "+7912" not in page and "Иванова" not in page  # personal data only on a call's own card


def test_the_call_log_query_count_does_not_grow_with_rows(staff_client, supervisor, post_event, citizen):
    client = staff_client(supervisor)
    post_event(event="newCall", at=0, **inbound("log-0"))
    client.get("/desk/calls/")
    with CaptureQueriesContext(connection) as one_row:
        client.get("/desk/calls/")
    for index in range(1, 8):
        post_event(event="newCall", at=index, digits=str(index % 3 + 1), **inbound(f"log-{index}"))

    with CaptureQueriesContext(connection) as many_rows:
        response = client.get("/desk/calls/")

    assert response.content.decode().count('<th scope="row"><a href="/desk/calls/') == 8
    assert len(many_rows) == len(one_row)


def test_an_operator_sees_and_completes_a_callback_with_its_outcome(staff_client, operator, missed_call):
    client = staff_client(operator)
    callback = Callback.objects.get()

    page = client.get("/desk/calls/callbacks/").content.decode()
    assert missed_call.ticket.number in page and "пропущенный звонок" in page

    response = client.post(f"/desk/calls/callbacks/{callback.pk}/done/",
                           {f"callback-{callback.pk}-result": "resolved", f"callback-{callback.pk}-note": "Подсказала"})

    assert response.status_code == 302
    callback.refresh_from_db()
    assert (callback.status, callback.result, callback.completed_by) == ("done", "resolved", operator)
    note = missed_call.ticket.messages.filter(author=operator, is_internal=True).get()
    assert "Обратный звонок (попытка 1): дозвонились, вопрос решён." in note.body and "Подсказала" in note.body
    assert "Обратных звонков, которые ждут вас, нет." in client.get("/desk/calls/callbacks/").content.decode()


def test_a_citizen_who_did_not_pick_up_gets_another_attempt(staff_client, operator, missed_call):
    callback = Callback.objects.get()

    staff_client(operator).post(f"/desk/calls/callbacks/{callback.pk}/done/",
                                {f"callback-{callback.pk}-result": "no_answer"})

    again = Callback.objects.get(status="pending")
    assert again.attempt == 2 and again.ticket == missed_call.ticket


def test_a_callback_without_an_outcome_is_refused_and_stays_pending(staff_client, operator, missed_call):
    callback = Callback.objects.get()

    response = staff_client(operator).post(f"/desk/calls/callbacks/{callback.pk}/done/", {}, follow=True)

    assert "Выберите итог звонка из списка." in response.content.decode()
    assert Callback.objects.get().status == "pending"


def test_an_operator_marks_an_answered_call_unresolved_and_owes_a_callback(staff_client, operator, answered_call):
    response = staff_client(operator).post(f"/desk/calls/{answered_call.pk}/callback/",
                                           {"note": "Уточнить статус в ведомстве"}, follow=True)

    assert "Обратный звонок запланирован" in response.content.decode()
    callback = Callback.objects.get()
    assert (callback.reason, callback.assignee, callback.status) == ("unresolved", operator, "pending")
    assert answered_call.ticket.messages.filter(author_kind=TicketMessage.AuthorKind.AGENT,
                                                body__contains="Уточнить статус").exists()
    second = staff_client(operator).post(f"/desk/calls/{answered_call.pk}/callback/", {}, follow=True)
    assert "уже запланирован" in second.content.decode() and Callback.objects.count() == 1


def test_the_desk_queue_has_the_screen_pop_region_and_the_callbacks_link(staff_client, operator):
    page = staff_client(operator).get("/desk/").content.decode()

    assert 'id="desk-call"' in page and 'role="alert"' in page
    assert 'href="/desk/calls/callbacks/"' in page


def test_the_default_voice_menu_covers_the_topic_tree():
    menu = dict(IvrChoice.objects.values_list("digits", "topic__code"))

    assert menu["1"] == "registration" and menu["12"] == "password-recovery"
    assert menu["2"] == "services" and menu["3"] == "technical" and menu["34"] == "data-transfer"
    assert IvrChoice.objects.get(digits="25").topic == topic("e-signature")


@pytest.mark.parametrize("path", ["/", "/help/", "/accounts/login/", "/chat/"])
def test_the_hotline_number_is_on_portal_pages(client, path):
    page = client.get(path).content.decode()

    assert '<a href="tel:+74957777777">+7 495 777-77-77</a>' in page
