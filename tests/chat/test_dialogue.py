"""The chat assistant's dialogue: answer with an article, clarify, resolve, hand over with a masked note."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.sessions.backends.db import SessionStore

from accounts.models import OperatorProfile
from chat.models import DialogueState
from chat.services import chat_message_send, chat_start
from knowledgebase.search import vocabulary_cache
from knowledgebase.services import article_upsert, category_upsert
from tests.conftest import topic
from tickets.models import Ticket, TicketEvent, TicketMessage

pytestmark = pytest.mark.django_db
S = Ticket.Status


@pytest.fixture(autouse=True)
def articles():
    vocabulary_cache.clear()
    category = category_upsert(slug="help", name="Помощь")[0]
    article_upsert(slug="parol", category=category, title="Как восстановить пароль",
                   summary="Нажмите «Забыли пароль?» на странице входа и следуйте подсказкам.",
                   body="Восстановить пароль можно по телефону, почте или СНИЛС.", topic=topic("password-recovery"))
    article_upsert(slug="kod", category=category, title="Не приходит код подтверждения",
                   summary="Проверьте номер телефона и подождите 2 минуты, затем запросите код снова.",
                   body="СМС с кодом может задерживаться.", topic=topic("two-factor"))


@pytest.fixture
def talk(citizen, django_capture_on_commit_callbacks):
    """A citizen's chat: each call sends one message and runs what follows the commit (the assistant)."""
    session = SessionStore()
    state = {}

    def say(text: str) -> Ticket:
        with django_capture_on_commit_callbacks(execute=True):
            if "ticket" not in state:
                state["ticket"] = chat_start(session=session, citizen=citizen, body=text,
                                             client_message_id=str(uuid.uuid4()))
            else:
                chat_message_send(ticket=state["ticket"], author=citizen, as_staff=False, body=text,
                                  client_message_id=str(uuid.uuid4()))
        state["ticket"].refresh_from_db()
        return state["ticket"]

    return say


def assistant_said(ticket: Ticket, *, internal: bool = False) -> list[str]:
    return list(ticket.messages.filter(author_kind=TicketMessage.AuthorKind.ASSISTANT, is_internal=internal)
                .order_by("created_at", "pk").values_list("body", flat=True))


def test_the_assistant_answers_first_with_an_article_and_no_person_is_involved(talk, operator):
    OperatorProfile.objects.filter(user=operator).update(status=OperatorProfile.Status.ONLINE)

    ticket = talk("Забыл пароль от госуслуг, как восстановить?")

    assert ticket.status == S.ASSISTANT and ticket.assignee is None  # not routed, not in any queue
    [answer] = assistant_said(ticket)
    assert "Забыли пароль?" in answer and "/help/parol/" in answer and "Это помогло?" in answer


def test_yes_resolves_and_a_later_message_returns_to_the_assistant(talk):
    talk("Забыл пароль, как восстановить")
    ticket = talk("да, помогло, спасибо")

    assert ticket.status == S.RESOLVED
    assert "Рад, что помог" in assistant_said(ticket)[-1]
    ticket = talk("И ещё: не приходит код подтверждения в смс")
    assert ticket.status == S.ASSISTANT
    assert "Проверьте номер телефона" in assistant_said(ticket)[-1]


def test_asking_for_a_person_hands_over_with_a_masked_note_and_routes(talk, operator):
    OperatorProfile.objects.filter(user=operator).update(status=OperatorProfile.Status.ONLINE)

    talk("Не могу войти, мой СНИЛС 112-233-445 95, телефон +7 912 345-67-89, забыл пароль")
    ticket = talk("позовите оператора")

    assert ticket.status == S.ASSIGNED and ticket.assignee == operator  # routed after the handover
    [note] = assistant_said(ticket, internal=True)
    assert "гражданин попросил специалиста" in note and "Тема:" in note
    assert "112-233-445 95" not in note and "912 345-67-89" not in note  # personal data masked
    assert "Передаю ваш вопрос специалисту" in assistant_said(ticket)[-1]
    assert ticket.events.filter(kind=TicketEvent.Kind.HANDED_OVER, data__reason="asked_for_person").exists()
    assert ticket.first_response_due_at > ticket.created_at  # people's clock starts at the handover


def test_two_misses_hand_over(talk):
    talk("Забыл пароль, как восстановить")
    talk("нет")
    ticket = talk("нет, не помогло")

    assert ticket.status == S.TRIAGED
    assert DialogueState.objects.get(ticket=ticket).handover_reason == "nothing_fits"


def test_an_angry_citizen_goes_to_a_person_at_once(talk):
    ticket = talk("Вы издеваетесь?! Третий день не могу войти, это безобразие, сколько можно, верните мой доступ!!!")

    assert ticket.status == S.TRIAGED
    assert ticket.priority >= Ticket.Priority.HIGH
    assert DialogueState.objects.get(ticket=ticket).handover_reason in {"emotion", "urgent"}


def test_once_a_person_has_the_chat_the_assistant_is_silent(talk, operator):
    talk("позовите человека")
    before = len(assistant_said(Ticket.objects.get(citizen__isnull=False)))
    ticket = talk("Забыл пароль, как восстановить")

    assert len(assistant_said(ticket)) == before


def test_the_assistant_can_be_switched_off(settings, talk):
    settings.CHAT_ASSISTANT_FIRST = False

    ticket = talk("Забыл пароль")

    assert ticket.status != S.ASSISTANT and assistant_said(ticket) == []


def test_the_assistants_article_link_is_clickable_and_citizens_text_stays_text(talk, client, citizen):
    talk("Забыл пароль <b>помогите</b> /help/parol/")
    client.force_login(citizen)

    page = client.get("/chat/").text

    assert '<a href="/help/parol/">/help/parol/</a>' in page
    assert "&lt;b&gt;помогите&lt;/b&gt; /help/parol/" in page  # the citizen's words are never markup or links
