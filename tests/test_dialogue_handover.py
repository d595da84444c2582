"""When the assistant hands a chat to a person (AU4, AI3), the clarifying question, and what the operator's note
may carry: topic and keywords yes, the citizen's personal data never unmasked (AI6)."""

from __future__ import annotations

import re

import pytest

from accounts.models import OperatorProfile
from knowledgebase.models import Article
from knowledgebase.search import vocabulary_cache
from knowledgebase.services import article_upsert, category_upsert
from portal.demo import portal_demo_seed
from tests.conftest import topic
from tests.test_dialogue_scenarios import Conversation, handed_over
from tickets.models import Ticket
from tickets.services import ticket_assign

pytestmark = pytest.mark.django_db
S = Ticket.Status


@pytest.fixture(autouse=True)
def knowledge_and_portal():
    vocabulary_cache.clear()
    category = category_upsert(slug="help", name="Помощь")[0]
    article_upsert(
        slug="parol",
        category=category,
        title="Как восстановить пароль",
        summary="Нажмите «Забыли пароль?» на странице входа и следуйте подсказкам.",
        body="Восстановить пароль можно по телефону, почте или СНИЛС.",
        topic=topic("password-recovery"),
    )
    article_upsert(
        slug="parol-bez-telefona",
        category=category,
        title="Восстановить пароль без доступа к телефону",
        summary="Восстановите пароль по почте или СНИЛС, если номер телефона больше не ваш.",
        body="Если старого номера нет, пароль восстанавливают по электронной почте или СНИЛС.",
        topic=topic("password-recovery"),
    )
    portal_demo_seed()


@pytest.fixture
def chat(django_capture_on_commit_callbacks):
    return Conversation(None, django_capture_on_commit_callbacks)


@pytest.mark.parametrize(
    "words",
    ["оператор", "Позовите человека, пожалуйста", "Хочу поговорить с живым человеком", "соедините со специалистом"],
)
def test_asking_for_a_person_in_any_words_hands_over(chat, words):
    chat.say("Забыл пароль, как восстановить?")

    answer = chat.say(words)

    assert "Передаю ваш вопрос специалисту" in answer and handed_over(chat, "asked_for_person")


def test_nothing_fitting_twice_hands_over(chat):
    chat.say("Забыл пароль, как восстановить?")
    second = chat.say("нет, не помогло")
    chat.say("нет")

    assert "Восстановить пароль без доступа к телефону" in second  # the next article first, then a person
    assert handed_over(chat, "nothing_fits")
    assert Article.objects.get(slug="parol").unhelpful_count == 1  # the «нет» counts as a vote (AU3)


def test_after_two_noes_the_operator_still_learns_the_topic_and_keywords_of_the_question(chat):
    chat.say("Забыл пароль, как восстановить?")
    chat.say("нет, не помогло")
    chat.say("нет")

    note = chat.note()
    assert "Тема: Восстановление пароля." in note  # the last «нет» names no topic: the request's own stands
    assert "Ключевые слова: —" not in note and "пароль" in note.split("Ключевые слова:")[1].split("\n")[0]
    assert chat.ticket.events.get(kind="handed_over").data["topic"] == "password-recovery"


def test_a_yes_counts_as_a_helpful_vote_and_a_deflected_request(chat):
    chat.say("Забыл пароль, как восстановить?")

    chat.say("да, спасибо")

    article = Article.objects.get(slug="parol")
    assert (article.helpful_count, article.deflected_count) == (1, 1) and chat.ticket.status == S.RESOLVED


def test_an_angry_citizen_goes_to_a_person_with_a_higher_priority(chat):
    chat.say("Это безобразие, сколько можно, третий день не могу подать заявление!")

    assert handed_over(chat, "emotion") and chat.ticket.priority >= Ticket.Priority.HIGH


def test_a_distressed_citizen_goes_to_a_person(chat):
    chat.say("Я в отчаянии, не знаю что делать, умоляю помогите")

    assert chat.state.handover_reason in {"emotion", "urgent"} and chat.ticket.status == S.TRIAGED


def test_an_urgent_request_goes_to_a_person(chat):
    chat.say("У меня завтра операция, запись к врачу пропала, срочно нужна помощь")

    assert handed_over(chat, "urgent") and chat.ticket.priority >= Ticket.Priority.HIGH


def test_emotion_wins_over_a_scenario_in_progress(chat):
    chat.say("Не могу войти в личный кабинет")

    chat.say("Да вы издеваетесь, какой ещё телефон!!!")

    assert handed_over(chat, "emotion")


def test_two_close_topics_get_one_clarifying_question_with_both_as_quick_replies(chat):
    question = chat.say("Хочу поменять телефон в профиле и подать заявление")
    replies = [action["reply"] for action in chat.state.quick_replies["actions"]]
    after = chat.say("Разъяснение услуг")

    assert question.startswith("Уточните, пожалуйста: ваш вопрос про «")
    assert replies == ["Регистрация и вход", "Разъяснение услуг"]
    assert not after.startswith("Уточните")  # asked once only
    assert chat.state.clarify_topics and chat.ticket.status == S.ASSISTANT


def test_the_operator_note_carries_topic_keywords_and_no_personal_data(chat, operator):
    OperatorProfile.objects.filter(user=operator).update(status=OperatorProfile.Status.ONLINE)
    chat.say("Забыл пароль. Мой СНИЛС 112-233-445 95, почта anna.ivanova@mail.ru, телефон 8 912 345 67 89")

    chat.say("позовите оператора")

    note = chat.note()
    assert "Тема: Восстановление пароля" in note and "Ключевые слова:" in note and "пароль" in note
    digits = re.sub(r"\D", "", note)
    assert "11223344595" not in digits and "9123456789" not in digits
    assert "anna.ivanova" not in note and "112-233-445 95" not in note and "912 345 67 89" not in note
    assert chat.ticket.status == S.ASSIGNED and chat.ticket.assignee == operator  # routed after the handover


def test_the_portal_phone_given_in_a_scenario_never_reaches_the_note(chat):
    chat.say("Не могу войти в личный кабинет")
    chat.say("+7 916 000-00-02")

    chat.say("живой человек нужен")

    assert "9160000002" not in re.sub(r"\D", "", chat.note())


def test_while_an_operator_has_the_chat_the_assistant_is_silent(chat, operator):
    chat.say("Не загружается файл со сканом паспорта")
    ticket_assign(ticket=chat.ticket, assignee=operator, actor=operator)
    before = len(chat.replies())

    chat.say("Не могу войти в личный кабинет")

    assert len(chat.replies()) == before and chat.ticket.assignee == operator


def test_a_broken_assistant_hands_over_instead_of_failing_the_citizen(chat, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("search index is gone")

    monkeypatch.setattr("chat.article_choice.article_candidates", broken)

    answer = chat.say("Как поменять фамилию в профиле после свадьбы?")

    assert "Передаю ваш вопрос специалисту" in answer and handed_over(chat, "assistant_error")
    assert chat.ticket.messages.filter(body__startswith="Как поменять фамилию").exists()  # the message is kept


def test_an_english_chat_written_in_russian_gets_the_articles_english_translation(django_capture_on_commit_callbacks):
    from django.contrib.sessions.backends.db import SessionStore

    from chat.services import chat_start
    from knowledgebase.services import article_translation_upsert

    article_translation_upsert(
        article=Article.objects.get(slug="parol"),
        language="en",
        title="How to recover your password",
        summary="Press «Забыли пароль?» (Forgot password?) on the sign-in page and follow the prompts.",
        body="You can recover the password by phone, email or SNILS.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        ticket = chat_start(session=SessionStore(), citizen=None, body="Забыл пароль, как восстановить?", language="en")

    [answer] = ticket.messages.filter(author_kind="assistant", is_internal=False).values_list("body", flat=True)
    assert "Forgot password?" in answer and "/help/parol/?lang=en" in answer


def test_an_english_chat_in_english_goes_to_a_person(django_capture_on_commit_callbacks):
    from django.contrib.sessions.backends.db import SessionStore

    from chat.services import chat_start

    with django_capture_on_commit_callbacks(execute=True):
        ticket = chat_start(session=SessionStore(), citizen=None, body="I forgot my password", language="en")

    assert ticket.events.filter(kind="handed_over", data__reason="not_understood").exists()


@pytest.mark.parametrize("words", ["operator", "Call an operator", "I want to talk to a human"])
def test_an_english_chat_asking_for_a_person_in_english_hands_over(django_capture_on_commit_callbacks, words):
    from django.contrib.sessions.backends.db import SessionStore

    from chat.services import chat_message_send, chat_start

    with django_capture_on_commit_callbacks(execute=True):
        ticket = chat_start(session=SessionStore(), citizen=None, body="Забыл пароль, как восстановить?", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        chat_message_send(ticket=ticket, author=None, as_staff=False, body=words, client_message_id=words)

    assert ticket.events.filter(kind="handed_over", data__reason="asked_for_person").exists()
