"""How the chat assistant reads a citizen's reply, on the demo knowledge base and portal: a request for a person
(and the words that only mention one), «да» / «нет» wherever they stand, replies that are neither, questions
outside the portal's topics, a greeting first, and one answer per message however often it is delivered."""

from __future__ import annotations

import re

import pytest

from chat.dialogue import dialogue_reply
from chat.intents import asks_for_person, is_no, is_yes
from knowledgebase.demo import knowledgebase_demo_seed
from knowledgebase.models import Article
from knowledgebase.search import vocabulary_cache
from portal.demo import portal_demo_seed
from tests.test_dialogue_scenarios import Conversation, handed_over
from tickets.models import Ticket, Topic

pytestmark = pytest.mark.django_db
S = Ticket.Status
HANDED_OVER = "Передаю ваш вопрос специалисту"


@pytest.fixture
def demo_knowledge_and_portal():
    vocabulary_cache.clear()
    knowledgebase_demo_seed({topic.code: topic for topic in Topic.objects.all()})
    portal_demo_seed()
    yield
    vocabulary_cache.clear()


@pytest.fixture
def chat(demo_knowledge_and_portal, django_capture_on_commit_callbacks):
    """A visitor's chat on the demo knowledge base and portal."""
    return Conversation(None, django_capture_on_commit_callbacks)


# --- asking for a person ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words",
    [
        "соедините с поддержкой",
        "можно с кем-то поговорить?",
        "дайте живого",
        "хочу живого человека",
        "позвоните мне, пожалуйста",
        "аператор",
        "опиратор!",
        "переключите на оператора",
        "свяжите со специалистом, сил уже нет",
        "не хочу общаться с ботом",
        "Оператора, пожалуйста",
    ],
)
def test_a_citizen_asking_for_a_person_in_their_own_words_gets_one(chat, words):
    chat.say("Забыл пароль от госуслуг")

    answer = chat.say(words)

    assert HANDED_OVER in answer and handed_over(chat, "asked_for_person")


@pytest.mark.parametrize(
    "words",
    [
        "смс от оператора не приходит",
        "оператор связи не доставляет смс с кодом",
        "у меня МТС, оператор блокирует сообщения с кодом",
        "сотрудник МФЦ сказал, что заявление потеряли, как проверить статус?",
    ],
)
def test_words_that_only_mention_an_operator_or_a_clerk_get_an_answer_not_a_handover(chat, words):
    answer = chat.say(words)

    assert HANDED_OVER not in answer and chat.ticket.status == S.ASSISTANT


def test_an_elderly_citizen_is_answered_not_handed_over_for_saying_человек(chat):
    chat.say("я пожилой человек, как записаться к врачу")

    assert chat.state.handover_reason != "asked_for_person"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("оператор", True),
        ("Позовите человека, пожалуйста", True),
        ("живой человек нужен", True),
        ("Позвать оператора", True),  # the quick reply
        ("Сколько человек можно вписать в заявление?", False),
        ("нужен ли сотрудник для подтверждения личности", False),
        ("меры поддержки семей с детьми", False),
        ("позвонила в поддержку, но не дозвонилась до вас", False),
        ("сотовый оператор не пропускает смс", False),
    ],
)
def test_the_request_for_a_person_needs_a_request_or_the_bare_word(text, expected):
    assert asks_for_person(text) is expected


# --- «да» / «нет» ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "reading"),
    [
        ("да, помогло, спасибо", "yes"),
        ("Спасибо!", "yes"),
        ("спасибо, но нет", "no"),
        ("да нет", "no"),
        ("ничего не помогло", "no"),
        ("опять не то", "no"),
        ("не совсем", "no"),
        ("не очень", "no"),
        ("бесполезно", "no"),
        ("ок, а как тогда войти через банк?", "neither"),
        ("хм", "neither"),
    ],
)
def test_no_wins_wherever_it_stands(reply, reading):
    assert ("yes" if is_yes(reply) else "no" if is_no(reply) else "neither") == reading


def test_thanks_but_no_is_a_no_and_the_chat_stays_open(chat):
    chat.say("Забыл пароль от госуслуг")

    answer = chat.say("спасибо, но нет")

    assert "Рад, что помог" not in answer and chat.ticket.status == S.ASSISTANT
    assert chat.state.misses == 1
    assert Article.objects.get(slug="kak-vosstanovit-parol").unhelpful_count == 1


@pytest.mark.parametrize("replies", [("ничего не помогло", "опять не то"), ("не совсем", "бесполезно")])
def test_two_negative_replies_in_any_words_hand_over(chat, replies):
    chat.say("Забыл пароль от госуслуг")

    for reply in replies:
        answer = chat.say(reply)

    # «опять не то» may also read as annoyance: either way a person takes over
    assert HANDED_OVER in answer and chat.state.handover_reason in ("nothing_fits", "emotion")


def test_a_reply_that_says_nothing_twice_hands_over_as_not_understood(chat):
    chat.say("Забыл пароль от госуслуг")

    first = chat.say("хм")
    second = chat.say("и что")

    assert "Не совсем понял ваш ответ" in first and chat.ticket.status != S.RESOLVED
    assert HANDED_OVER in second and handed_over(chat, "not_understood")


def test_a_new_question_instead_of_yes_or_no_is_answered(chat):
    chat.say("Забыл пароль от госуслуг")

    answer = chat.say("ок, а как войти через банк?")

    assert "Не совсем понял" not in answer and "/help/vhod-po-elektronnoy-podpisi-i-cherez-bank/" in answer
    assert chat.state.misses == 0


def test_a_complaint_about_the_bot_gets_a_person(chat):
    answer = chat.say("ваш бот ничего не понимает")

    assert HANDED_OVER in answer and handed_over(chat, "asked_for_person")


# --- outside the portal's topics, a greeting, thanks ----------------------------------------------------


def test_a_question_outside_the_portal_gets_no_random_article_asks_once_then_a_person(chat):
    first = chat.say("какая погода завтра в москве")
    second = chat.say("а курс доллара какой")

    assert "/help/" not in first and "Опишите, пожалуйста, подробнее" in first
    assert "Я отвечаю на вопросы о портале госуслуг" in first  # what the desk is for
    assert HANDED_OVER in second and handed_over(chat, "nothing_fits")


@pytest.mark.parametrize(
    ("words", "article"),
    [
        ("pf,skf gfhjkm", "kak-vosstanovit-parol"),  # «забыл пароль» on the English keyboard layout
        ("ytn rjlf gjlndth;ltybz", "ne-prihodit-kod-podtverzhdeniya"),  # «нет кода подтверждения»
        ("edinoe posobie kogda pridet", "edinoe-posobie-na-detey"),  # transliterated
    ],
)
def test_latin_letters_in_a_russian_chat_are_read_as_the_russian_meant(chat, words, article):
    answer = chat.say(words)

    assert f"/help/{article}/" in answer


def test_a_greeting_is_answered_with_a_request_to_go_on_and_costs_no_try(chat):
    greeting = chat.say("Здравствуйте")
    answer = chat.say("не приходит смс с кодом")

    assert greeting.startswith("Здравствуйте!") and "Опишите, пожалуйста, ваш вопрос" in greeting
    assert "/help/ne-prihodit-kod-podtverzhdeniya/" in answer
    assert chat.state.details_asked == 0


def test_thanks_alone_gets_a_polite_word_not_a_search(chat):
    answer = chat.say("Спасибо")

    assert answer.startswith("Пожалуйста!") and "/help/" not in answer and chat.ticket.status == S.ASSISTANT


@pytest.mark.parametrize("text", ["спасибо большое всё получилось", "Разобралась, спасибо"])
def test_thanks_with_all_worked_out_gets_a_polite_word_not_a_search(chat, text):
    answer = chat.say(text)

    assert answer.startswith("Пожалуйста!") and "/help/" not in answer


def test_a_slang_word_for_registering_finds_the_article(chat):
    answer = chat.say("как зарегать ребенка на госуслугах")

    assert "/help/uchetnaya-zapis-rebenka/" in answer


def test_a_how_to_question_the_classifier_misreads_gets_its_article_not_a_scenario(chat):
    """«как удалить учётную запись» may read as a blocked account; with no word of signing in, no account check."""
    answer = chat.say("как удалить учетную запись")

    assert "/help/udalenie-uchetnoy-zapisi/" in answer and "Напишите номер телефона" not in answer


def test_a_certificate_question_is_not_asked_for_an_application_number(chat):
    answer = chat.say("как получить справку о несудимости")

    assert "/help/spravka-o-nesudimosti/" in answer and "номер заявления" not in answer


# --- one answer per citizen message ---------------------------------------------------------------------


def test_a_message_delivered_twice_is_answered_once(chat):
    chat.say("Забыл пароль от госуслуг")
    before = chat.replies()

    again = dialogue_reply(ticket_id=chat.ticket.pk)  # a redelivered task or a resent chat start

    assert again is None and chat.replies() == before and len(before) == 1


def test_a_new_message_after_a_redelivery_is_still_answered(chat):
    chat.say("Забыл пароль от госуслуг")
    dialogue_reply(ticket_id=chat.ticket.pk)

    answer = chat.say("да, помогло")

    assert "Рад, что помог" in answer and chat.ticket.status == S.RESOLVED


# --- votes: one per article in a chat, and per citizen ---------------------------------------------------


def test_a_citizen_votes_once_on_an_article_however_many_chats_they_open(
    demo_knowledge_and_portal, django_capture_on_commit_callbacks, citizen
):
    article = Article.objects.get(slug="kak-vosstanovit-parol")
    for _chat in range(2):
        chat = Conversation(citizen, django_capture_on_commit_callbacks)
        chat.say("Забыл пароль от госуслуг, как восстановить")
        chat.say("нет")
        chat.ticket.status = S.CLOSED  # the next chat is a new one
        chat.ticket.save(update_fields=["status"])

    article.refresh_from_db()
    assert article.unhelpful_count == 1


# --- SS6: an identifier that cannot be right, told how to fix without repeating it ------------------------


def test_a_snils_that_cannot_be_right_is_named_by_its_last_digits_with_how_to_fix_it(chat):
    answer = chat.say("мой снилс 112-233-445 96 не проходит проверку")

    assert "Проверьте СНИЛС, который заканчивается на 96" in answer and "сверьте все 11 цифр" in answer
    assert "112-233-445" not in answer and "11223344596" not in re.sub(r"\D", "", answer)


def test_an_inn_with_wrong_check_digits_gets_the_hint_with_the_answer(chat):
    answer = chat.say("налоговая не принимает мой ИНН 500100732258, что делать")

    assert "Проверьте ИНН, который заканчивается на 58" in answer and "500100732258" not in answer


def test_an_identifier_alone_gets_the_hint_and_an_invitation_to_go_on(chat):
    answer = chat.say("мой снилс 123 456 789 00")

    assert "Проверьте СНИЛС, который заканчивается на 00" in answer and "опишите его" in answer
    assert chat.state.pending_scenario == "" and "123 456 789" not in answer


def test_a_correct_snils_gets_no_hint(chat):
    answer = chat.say("мой снилс 112-233-445 95 не проходит проверку")

    assert "Проверьте СНИЛС" not in answer


def test_a_visitor_votes_once_on_an_article_from_one_browser_session(demo_knowledge_and_portal,
                                                                       django_capture_on_commit_callbacks):
    first = Conversation(None, django_capture_on_commit_callbacks)
    first.say("Забыл пароль от госуслуг, как восстановить")
    first.say("нет")
    first.ticket.status = S.CLOSED
    first.ticket.save(update_fields=["status"])
    second = Conversation(None, django_capture_on_commit_callbacks)
    second.session = first.session  # the same browser

    second.say("Забыл пароль от госуслуг, как восстановить")
    second.say("нет")

    assert second.ticket.pk != first.ticket.pk
    assert Article.objects.get(slug="kak-vosstanovit-parol").unhelpful_count == 1
