"""The request's topic in a chat the assistant holds: one clarifying question whose answer is kept and narrows
the articles and scenarios, close sub-topics of one parent, and the topic read again from the first messages
(«Здравствуйте» first, the question second) and stored on the request with a journal entry."""

from __future__ import annotations

import dataclasses

import pytest

from knowledgebase.demo import knowledgebase_demo_seed
from knowledgebase.search import vocabulary_cache
from portal.demo import portal_demo_seed
from tests.conftest import topic
from tests.test_dialogue_scenarios import Conversation
from tickets.models import Ticket, TicketEvent, Topic

pytestmark = pytest.mark.django_db
S = Ticket.Status


@pytest.fixture(autouse=True)
def demo_knowledge_and_portal():
    vocabulary_cache.clear()
    knowledgebase_demo_seed({topic.code: topic for topic in Topic.objects.all()})
    portal_demo_seed()
    yield
    vocabulary_cache.clear()


@pytest.fixture
def chat(django_capture_on_commit_callbacks):
    return Conversation(None, django_capture_on_commit_callbacks)


def topic_changes(chat: Conversation) -> list[dict]:
    return list(chat.ticket.events.filter(kind=TicketEvent.Kind.TOPIC_CHANGED).values_list("data", flat=True))


def test_the_chosen_topic_is_kept_and_the_answer_comes_from_it(chat):
    question = chat.say("Хочу поменять телефон в профиле и подать заявление")

    answer = chat.say("Разъяснение услуг")

    assert question.startswith("Уточните, пожалуйста: ваш вопрос про «Регистрация и вход» или про «Разъяснение")
    assert chat.state.chosen_topic == "services"
    assert chat.ticket.topic.code == "services" or chat.ticket.topic.parent.code == "services"
    assert "/help/smena-telefona-i-pochty/" not in answer  # the other topic's article is not offered
    assert not answer.startswith("Уточните")


def test_the_other_choice_gets_the_other_topics_answer(chat):
    chat.say("Хочу поменять телефон в профиле и подать заявление")

    answer = chat.say("Регистрация и вход")

    assert chat.state.chosen_topic == "registration"
    assert chat.ticket.topic.code in ("registration", "login-change")  # not read from the button's words
    assert "/help/smena-telefona-i-pochty/" in answer


def test_close_sub_topics_of_one_parent_get_one_question_and_the_choice_picks_the_scenario(chat, monkeypatch):
    import assistant

    real = assistant.analyse

    def unsure_of_the_sub_topic(text, lang="ru"):
        found = real(text, lang)
        if text == "заявление":  # the classifier knows the parent, not which of its sub-topics
            return dataclasses.replace(found, topic="services", subtopic="application-correction",
                                       subtopic_confidence=0.4, topic_runner_up=None)
        return found

    monkeypatch.setattr(assistant, "analyse", unsure_of_the_sub_topic)
    question = chat.say("заявление")
    replies = [action["reply"] for action in chat.state.quick_replies["actions"]]

    answer = chat.say("Статус и сроки рассмотрения")

    assert question.startswith("Уточните, пожалуйста") and "Статус и сроки рассмотрения" in replies
    assert chat.state.chosen_topic == "application-status" and chat.ticket.topic.code == "application-status"
    assert "Напишите номер заявления" in answer  # the application-status scenario, not an article on corrections


def test_a_chat_that_began_with_a_greeting_gets_its_topic_from_the_question(chat):
    chat.say("Здравствуйте")
    assert chat.ticket.topic is None

    chat.say("не приходит смс с кодом для входа")

    assert chat.ticket.topic.code == "two-factor"
    [change] = topic_changes(chat)
    assert change["old"] is None and change["new"] == topic("two-factor").pk and change["by"] == "assistant"


def test_the_topic_read_from_the_first_messages_reaches_the_handover(chat):
    chat.say("Добрый день")
    chat.say("учётную запись заблокировали")

    chat.say("позовите оператора")

    handover = chat.ticket.events.get(kind=TicketEvent.Kind.HANDED_OVER)
    assert chat.ticket.topic.code == "account-blocked" and handover.data["topic"] == "account-blocked"


def test_a_topic_chosen_when_the_chat_opened_is_not_replaced(django_capture_on_commit_callbacks):
    from django.contrib.sessions.backends.db import SessionStore

    from chat.services import chat_start

    with django_capture_on_commit_callbacks(execute=True):
        ticket = chat_start(session=SessionStore(), citizen=None, body="Здравствуйте", topic=topic("e-signature"))
    chat = Conversation(None, django_capture_on_commit_callbacks)
    chat.ticket = ticket

    chat.say("не приходит смс с кодом")

    ticket.refresh_from_db()
    assert ticket.topic.code == "e-signature" and topic_changes(chat) == []


def test_the_topic_is_not_followed_after_the_first_few_messages(chat):
    for text in ("Здравствуйте", "у меня вопрос", "подскажите пожалуйста", "хм"):
        chat.say(text)

    chat.say("не приходит смс с кодом")

    assert chat.ticket.topic is None or topic_changes(chat) == []
