"""AU5 scenarios as whole conversations through chat.services and the demo portal: sign-in failure, account
creation errors, document upload errors, application status, outages; the quick replies that go with them."""

from __future__ import annotations

import re
import uuid

import pytest
from django.contrib.sessions.backends.db import SessionStore

from chat.models import DialogueState
from chat.services import chat_message_send, chat_start
from portal.demo import portal_demo_seed
from tickets.models import Ticket, TicketEvent, TicketMessage

pytestmark = pytest.mark.django_db
S = Ticket.Status


class Conversation:
    """One citizen's chat: say() sends a message through chat.services and returns the assistant's answer."""

    def __init__(self, citizen, capture_on_commit) -> None:
        self.citizen, self.capture, self.session, self.ticket = citizen, capture_on_commit, SessionStore(), None

    def say(self, text: str) -> str:
        before = len(self.replies()) if self.ticket else 0
        with self.capture(execute=True):
            if self.ticket is None:
                self.ticket = chat_start(
                    session=self.session, citizen=self.citizen, body=text, client_message_id=str(uuid.uuid4())
                )
            else:
                chat_message_send(
                    ticket=self.ticket,
                    author=self.citizen,
                    as_staff=False,
                    body=text,
                    client_message_id=str(uuid.uuid4()),
                )
        self.ticket.refresh_from_db()
        return "\n".join(self.replies()[before:])

    def replies(self, *, internal: bool = False) -> list[str]:
        return list(
            self.ticket.messages.filter(author_kind=TicketMessage.AuthorKind.ASSISTANT, is_internal=internal)
            .order_by("created_at", "pk")
            .values_list("body", flat=True)
        )

    def note(self) -> str:
        [note] = self.replies(internal=True)
        return note

    @property
    def state(self) -> DialogueState:
        return DialogueState.objects.get(ticket=self.ticket)


@pytest.fixture(autouse=True)
def portal():
    portal_demo_seed()


@pytest.fixture
def chat(citizen, django_capture_on_commit_callbacks):
    return Conversation(citizen, django_capture_on_commit_callbacks)


@pytest.fixture
def visitor_chat(django_capture_on_commit_callbacks):
    """A visitor who has not signed in: the assistant knows no phone of theirs."""
    return Conversation(None, django_capture_on_commit_callbacks)


def handed_over(chat: Conversation, reason: str) -> bool:
    return (
        chat.ticket.status == S.TRIAGED
        and chat.state.handover_reason == reason
        and chat.ticket.events.filter(kind=TicketEvent.Kind.HANDED_OVER, data__reason=reason).exists()
    )


# --- sign-in failure: status → block reason → reset link → identity confirmation → a person ---


def test_sign_in_failure_runs_every_step_and_then_hands_over(visitor_chat):
    chat = visitor_chat

    assert "Напишите номер телефона" in chat.say("Не могу войти в личный кабинет")
    blocked = chat.say("+7 916 000-00-02")
    options = chat.say("Нет, не получилось")
    last = chat.say("нет")

    assert "заблокирована: пять неверных попыток ввода пароля подряд" in blocked
    assert "https://www.gosuslugi.ru/recovery" in blocked and "Это помогло?" in blocked
    assert "подтвердите личность" in options and "МФЦ" in options and "Госключ" in options
    assert "Передаю ваш вопрос специалисту" in last
    assert handed_over(chat, "scenario_failed")
    assert "сценарий «не удаётся войти»: гражданин попробовал все шаги сценария" in chat.note()


def test_a_yes_after_the_reset_link_resolves_the_chat(visitor_chat):
    visitor_chat.say("Не получается войти на госуслуги, телефон 8 (916) 000-00-02")

    answer = visitor_chat.say("Да, получилось")

    assert "Рад, что помог" in answer and visitor_chat.ticket.status == S.RESOLVED
    assert visitor_chat.state.pending_scenario == ""


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("+79160000003", "не подтверждена"),
        ("+79160000004", "уже привязан к другой учётной записи"),
        ("+79160000005", "СНИЛС не совпадает с данными ведомства"),
        ("+79160000001", "Учётная запись в порядке, блокировок нет"),
        ("+79169999999", "Учётной записи с номером +7 ••• •••-99-99 нет"),  # never the whole number
    ],
)
def test_each_account_state_gets_its_concrete_fix(visitor_chat, phone, expected):
    assert expected in visitor_chat.say(f"Не получается войти, мой телефон {phone}")


def test_a_signed_in_citizen_is_checked_by_the_phone_in_their_profile(chat, citizen):
    citizen.citizen_profile.phone = "+79160000003"
    citizen.citizen_profile.save()

    answer = chat.say("Не могу войти в личный кабинет")

    assert "не подтверждена" in answer and "Напишите номер" not in answer


def test_a_profile_phone_unknown_to_the_portal_makes_the_assistant_ask(chat):
    answer = chat.say("Не могу войти в личный кабинет")  # the profile's +7 912 345-67-89 has no portal account

    assert "с номером из вашего профиля (+7 ••• •••-67-89) нет" in answer and "Напишите номер" in answer
    assert "заблокирована" in chat.say("вхожу по номеру +7 916 000 00 02")


# --- account creation errors: invalid e-mail, phone already used, data mismatch ---


def test_a_malformed_email_gets_its_concrete_fix_before_the_phone_is_known(visitor_chat):
    answer = visitor_chat.say("Не могу зарегистрироваться, пишет неверный формат почты, ввожу ivanov@mail,ru")

    assert "вместо точки стоит запятая" in answer and "ivanov@mail" not in answer  # the address is not repeated
    assert answer.lower().count("адрес почты") == 1  # the entry check and the scenario do not both explain it
    assert "Напишите номер телефона, который вы указываете при регистрации" in answer


def test_a_phone_already_used_gets_the_way_into_the_existing_account(visitor_chat):
    visitor_chat.say("Ошибка при регистрации: номер уже используется")

    answer = visitor_chat.say("+79160000004")

    assert "уже привязан к другой учётной записи" in answer and "https://www.gosuslugi.ru/recovery" in answer
    assert "+7 ••• •••-00-04" in answer


def test_data_that_do_not_match_the_agencies_name_the_datum_to_correct(visitor_chat):
    answer = visitor_chat.say("При создании учётной записи данные не прошли проверку, телефон +7 916 000-00-05")

    assert "СНИЛС не совпадает с данными ведомства" in answer and "Исправьте СНИЛС в профиле" in answer


def test_cyrillic_letters_in_the_email_are_named(visitor_chat):
    answer = visitor_chat.say("Не могу зарегистрироваться с почтой иванов@mail.ru, телефон +79169999999")

    assert "русские буквы" in answer


# --- document upload error: format → size → browser → a person ---


def test_an_upload_error_asks_for_the_file_then_fixes_the_format_then_the_browser_then_a_person(visitor_chat):
    chat = visitor_chat

    question = chat.say("Не загружается файл со сканом паспорта")
    format_fix = chat.say("HEIC, 3 МБ")
    browser = chat.say("нет, не помогло")
    last = chat.say("не получилось")

    assert "В каком формате файл и какого он размера?" in question
    assert "Формат HEIC портал не принимает: нужен PDF, JPG или PNG" in format_fix
    assert "Яндекс Браузер" in browser and "инкогнито" in browser
    assert "Передаю ваш вопрос специалисту" in last and handed_over(chat, "scenario_failed")
    assert "ошибка загрузки документа" in chat.note()


def test_a_file_too_large_is_named_with_the_limit(visitor_chat, settings):
    settings.ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024

    answer = visitor_chat.say("Не могу загрузить документ, PDF на 25 мб")

    assert "Файл 25 МБ больше допустимых 10 МБ" in answer


def test_a_file_that_fits_goes_straight_to_the_browser(visitor_chat):
    answer = visitor_chat.say("Не прикрепляется файл: pdf, 2 МБ")

    assert "Формат и размер подходят" in answer and "Яндекс Браузер" in answer


# --- application status: status, expected date, what to correct ---


def test_application_status_names_what_to_correct_and_by_when(visitor_chat):
    assert "Напишите номер заявления" in visitor_chat.say("Какой статус заявления?")

    answer = visitor_chat.say("2234567890")

    assert "требуется исправление: приложите справку о доходах за последние 12 месяцев" in answer
    assert "Исправьте до" in answer and "кнопка «Исправить»" in answer


def test_an_unknown_application_number_is_asked_again(visitor_chat):
    first = visitor_chat.say("Где моё заявление? номер 9999999999")

    answer = visitor_chat.say("1234567890")

    assert "не нашёл" in first and "9999999999" not in first  # named by its last digits only

    assert "на рассмотрении" in answer and "Ведомство должно ответить до" in answer


def test_a_signed_in_citizen_gets_their_applications_without_a_number(chat, citizen):
    citizen.citizen_profile.phone = "+79160000001"
    citizen.citizen_profile.save()

    answer = chat.say("Подскажите статус заявления")

    assert "2234567890" in answer and "1234567890" in answer and "Ваши заявления на портале" in answer


def test_a_passport_number_is_not_taken_for_an_application_number_nor_repeated(visitor_chat):
    answer = visitor_chat.say("мой паспорт 4510123456 не принимает")

    assert "4510123456" not in answer and "Заявления с номером" not in answer
    assert visitor_chat.state.pending_scenario != "application"


def test_application_words_with_a_passport_number_ask_for_the_application_number(visitor_chat):
    answer = visitor_chat.say("Какой статус заявления на загранпаспорт? паспорт 4510123456")

    assert "Напишите номер заявления" in answer and "4510123456" not in answer


# --- service unavailable: the outage, its recovery time, the status page ---


def test_a_known_outage_is_reported_with_its_recovery_time_and_the_status_page(visitor_chat):
    answer = visitor_chat.say("Запись к врачу не работает, сайт выдаёт ошибку")

    assert "«Запись к врачу»" in answer and "/status/" in answer
    assert re.search(r"восстановим примерно (сегодня|завтра) к \d\d:\d\d \(МСК\)", answer)  # the day, not «к 00:11»


def test_an_outage_past_its_promised_time_makes_no_promise(visitor_chat):
    from datetime import timedelta

    from django.utils import timezone

    from portal.models import ServiceIncident

    an_hour_ago = timezone.now() - timedelta(hours=1)
    ServiceIncident.objects.filter(resolved_at__isnull=True).update(expected_recovery_at=an_hour_ago)

    answer = visitor_chat.say("Запись к врачу не работает, сайт выдаёт ошибку")

    assert "срок восстановления уточняется" in answer and "восстановим примерно" not in answer


def test_the_service_named_in_other_words_gets_its_incident(visitor_chat):
    assert "«Запись к врачу»" in visitor_chat.say("не могу записаться к врачу, расписание не открывается")


def test_the_whole_portal_down_gets_the_known_outages(visitor_chat):
    answer = visitor_chat.say("сайт госуслуг не работает")

    assert "«Запись к врачу»" in answer and "/status/" in answer


@pytest.mark.parametrize(
    "text",
    [
        "не могу войти, пароль не работает",
        "кнопка отправить не работает",
        "ошибка 500 при входе",
        "не могу оплатить штраф, сайт не работает",
    ],
)
def test_a_failure_elsewhere_is_not_answered_with_another_services_outage(visitor_chat, text):
    answer = visitor_chat.say(text)

    assert "Запись к врачу" not in answer and "известные сбои" not in answer


def test_an_upload_that_does_not_work_gets_the_upload_steps_not_the_outage(visitor_chat):
    answer = visitor_chat.say("не работает загрузка файла")

    assert "В каком формате файл" in answer and "известные сбои" not in answer


def test_a_scenario_with_nothing_to_say_gives_way_to_the_next_one(visitor_chat):
    """The outage scenario declines (no incident on sign-in); the sign-in scenario answers instead."""
    answer = visitor_chat.say("не могу войти, сайт не работает, телефон +7 916 000-00-02")

    assert "заблокирована" in answer and visitor_chat.state.pending_scenario == "sign_in"


# --- phones as citizens type them; never repeated in full ---


@pytest.mark.parametrize("typed", ["916 000 00 02", "79160000002", "8-916-000-00-02", "9160000002"])
def test_a_phone_typed_any_way_is_recognised_and_shown_by_its_last_digits(visitor_chat, typed):
    visitor_chat.say("Не могу войти в личный кабинет")

    answer = visitor_chat.say(typed)

    assert "заблокирована" in answer and "9160000002" not in re.sub(r"\D", "", answer)


def test_a_phone_that_cannot_be_right_gets_how_to_fix_it_and_the_step_waits_for_it(visitor_chat):
    visitor_chat.say("Не могу войти в личный кабинет")

    hint = visitor_chat.say("+7 012 345-67-89")
    answer = visitor_chat.say("+7 916 000-00-02")

    assert "Проверьте номер телефона, который заканчивается на 89" in hint and "012 345" not in hint
    assert "заблокирована" in answer


def test_a_document_number_is_not_taken_for_a_phone(visitor_chat):
    visitor_chat.say("Не могу войти в личный кабинет")

    answer = visitor_chat.say("СНИЛС 891-234-567 26")  # 11 digits that would read as +7 912 345-67-26

    assert "Учётной записи с номером" not in answer and "заблокирована" not in answer


# --- the portal does not answer: the citizen is told and a person takes over ---


def test_a_portal_that_does_not_answer_hands_over_and_says_why(visitor_chat, settings):
    settings.PORTAL_GATEWAY, settings.PORTAL_GATEWAY_URL = "http", "http://127.0.0.1:9/"  # nothing listens there

    answer = visitor_chat.say("Не могу войти, телефон +7 916 000-00-02")

    assert "Не удалось получить сведения с портала" in answer and "Передаю ваш вопрос специалисту" in answer
    assert handed_over(visitor_chat, "scenario_failed")
    assert "портал не ответил" in visitor_chat.note()


# --- a citizen who moves on leaves the scenario ---


def test_a_new_question_instead_of_the_phone_leaves_the_scenario(visitor_chat):
    visitor_chat.say("Не могу войти в личный кабинет")

    answer = visitor_chat.say("А какой статус заявления 2234567890?")

    assert "требуется исправление" in answer
    assert visitor_chat.state.pending_scenario == "application" and "sign_in" in visitor_chat.state.scenarios_done


# --- quick replies: kept on the dialogue state with the message they belong to; the chat renders them ---


def test_questions_and_answers_carry_quick_replies_for_their_own_message(visitor_chat):
    visitor_chat.say("Не загружается файл со сканом паспорта")
    asked, question = visitor_chat.state.quick_replies, last_assistant_message(visitor_chat)
    visitor_chat.say("HEIC")
    helped, answer = visitor_chat.state.quick_replies, last_assistant_message(visitor_chat)

    assert asked["message_id"] == question.pk
    assert [action["reply"] for action in asked["actions"]] == ["PDF", "JPG", "HEIC (фото с iPhone)", "Не знаю"]
    assert helped == {
        "message_id": answer.pk,
        "actions": [
            {"label": "Да, помогло", "reply": "Да, помогло"},
            {"label": "Нет, не помогло", "reply": "Нет, не помогло"},
            {"label": "Позвать оператора", "reply": "Позвать оператора"},
        ],
    }


def test_pressing_a_quick_reply_moves_the_scenario_on(visitor_chat):
    visitor_chat.say("Не загружается файл со сканом паспорта")
    [heic] = [a["reply"] for a in visitor_chat.state.quick_replies["actions"] if a["label"].startswith("HEIC")]

    assert "Формат HEIC портал не принимает" in visitor_chat.say(heic)


def test_no_quick_replies_once_a_person_has_the_chat(visitor_chat):
    visitor_chat.say("Не загружается файл со сканом паспорта")

    visitor_chat.say("позовите оператора")

    assert visitor_chat.state.quick_replies == {}


def last_assistant_message(chat: Conversation) -> TicketMessage:
    return chat.ticket.messages.filter(author_kind=TicketMessage.AuthorKind.ASSISTANT, is_internal=False).latest("pk")
