"""Operator assist on the request page: what the assistant reads, articles to answer with, one-click insert."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from accounts.models import OperatorProfile
from knowledgebase.services import article_upsert, category_upsert
from tests.conftest import topic
from tickets.models import Channel, SavedReply, Ticket
from tickets.services import ticket_change_status, ticket_intake

pytestmark = pytest.mark.django_db


@pytest.fixture
def password_article():
    category = category_upsert(slug="registration-login", name="Регистрация и вход")[0]
    article_upsert(slug="reset-other", category=category, title="Как изменить адрес электронной почты",
                   summary="Откройте профиль и измените адрес.", body="Профиль → Контакты.",
                   topic=topic("login-change"))
    return article_upsert(
        slug="password-reset",
        category=category,
        title="Как восстановить пароль от учётной записи",
        summary="Нажмите «Восстановить пароль» на странице входа и следуйте подсказкам.",
        body="Восстановить пароль можно по номеру телефона, электронной почте или СНИЛС.",
        topic=topic("password-recovery"),
    )[0]


@pytest.fixture
def forgot_password(citizen) -> Ticket:
    return ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Не могу войти",
                         body="Забыл пароль от госуслуг, как восстановить пароль? Очень нужно сегодня")


def test_request_page_shows_what_the_assistant_read_and_an_article_to_answer_with(
    staff_client, operator, forgot_password, password_article
):
    page = staff_client(operator).get(reverse("desk:ticket", args=[forgot_password.pk])).text
    assist = page[page.index('id="assist"'):]

    assert "Подсказки помощника" in assist
    assert "Восстановление пароля" in assist  # the detected topic
    assert "пароль" in assist  # a keyword
    assert f'href="{reverse("knowledgebase:article", args=["password-reset"])}"' in assist
    inserts = json.loads(re.search(r'id="saved-replies-data" type="application/json">(.*?)</script>', page).group(1))
    text = inserts[f"article-{password_article.pk}"]
    assert text.startswith("Нажмите «Восстановить пароль»")
    assert "http://testserver/help/password-reset/" in text


def test_without_scripts_insert_puts_the_article_answer_into_the_reply_field(
    staff_client, operator, forgot_password, password_article
):
    page = staff_client(operator).get(
        reverse("desk:ticket", args=[forgot_password.pk]), {"article": "password-reset"}
    ).text

    body = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert "Нажмите «Восстановить пароль»" in body and "/help/password-reset/" in body


def test_an_unknown_article_is_a_clear_message_not_an_error(staff_client, operator, forgot_password):
    response = staff_client(operator).get(
        reverse("desk:ticket", args=[forgot_password.pk]), {"article": "no-such"}, follow=True
    )

    assert response.status_code == 200
    assert "Статья не найдена или снята с публикации." in response.text


def test_a_closed_request_gets_no_suggestions(staff_client, operator, supervisor, forgot_password):
    ticket_change_status(ticket=forgot_password, status=Ticket.Status.CANCELLED, actor=supervisor)

    page = staff_client(supervisor).get(reverse("desk:ticket", args=[forgot_password.pk])).text

    assert 'id="assist"' not in page


def test_a_failing_analysis_leaves_the_page_working(staff_client, operator, forgot_password, monkeypatch):
    def broken(*args):
        raise RuntimeError("model damaged")

    monkeypatch.setattr("assistant.analyse", broken)

    response = staff_client(operator).get(reverse("desk:ticket", args=[forgot_password.pk]))

    assert response.status_code == 200 and 'id="assist"' not in response.text


# --- saved replies next to the articles (issue #4, point 6) ---


def _assist_section(page: str) -> str:
    start = page.index('id="assist"')
    return page[start:page.index("</section>", start)]


@pytest.fixture
def password_replies():
    reset = SavedReply.objects.create(
        title="Сброс пароля",
        body="Восстановите пароль по ссылке «Восстановить» на странице входа: код придёт на телефон.",
        topic=topic("password-recovery"),
    )
    SavedReply.objects.create(title="Подпись", body="Подпишите заявление в приложении «Госключ».",
                              topic=topic("e-signature"))
    SavedReply.objects.create(title="Приветствие", body="Здравствуйте! Обращение {номер} принято.")
    return reset


def test_a_request_without_a_topic_is_offered_the_saved_reply_of_the_topic_read_in_its_words(
    staff_client, operator, forgot_password, password_replies
):
    Ticket.objects.filter(pk=forgot_password.pk).update(topic=None)  # nothing stored: only the words tell

    page = staff_client(operator).get(reverse("desk:ticket", args=[forgot_password.pk])).text
    assist = _assist_section(page)

    assert "Подходящие шаблоны ответов" in assist and "Сброс пароля" in assist
    assert "Подпишите заявление" not in assist  # another topic's reply is not suggested
    assert "Приветствие" not in assist  # a general reply sharing no keyword with the request is not suggested
    assert f'name="saved_reply" value="{password_replies.pk}"' in assist
    inserts = json.loads(re.search(r'id="saved-replies-data" type="application/json">(.*?)</script>', page).group(1))
    assert inserts[str(password_replies.pk)].startswith("Восстановите пароль")  # the one-click insert's text


def test_without_scripts_the_suggested_saved_reply_goes_into_the_reply_field(
    staff_client, operator, forgot_password, password_replies
):
    Ticket.objects.filter(pk=forgot_password.pk).update(topic=None)

    page = staff_client(operator).get(
        reverse("desk:ticket", args=[forgot_password.pk]), {"saved_reply": password_replies.pk}
    ).text

    body = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert "Восстановите пароль по ссылке" in body


def test_saved_replies_are_ranked_by_the_words_they_share_with_the_request(
    staff_client, operator, forgot_password, password_replies
):
    SavedReply.objects.create(title="А: вход по СНИЛС", body="Войдите по номеру СНИЛС.",
                              topic=topic("password-recovery"))

    page = staff_client(operator).get(reverse("desk:ticket", args=[forgot_password.pk])).text
    assist = _assist_section(page)

    # «Сброс пароля» shares «пароль» and «восстановить» with the request, the other reply only its topic
    assert assist.index("Сброс пароля") < assist.index("А: вход по СНИЛС")


def test_a_request_in_a_language_without_saved_replies_is_offered_the_russian_ones(
    staff_client, operator, citizen, password_replies
):
    ticket = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Password", body="I forgot my password",
                           topic=topic("password-recovery"), language="en")
    # an operator sees queued requests in the languages they speak (tickets.selectors.queue_condition)
    OperatorProfile.objects.filter(user=operator).update(languages=["ru", "en"])

    page = staff_client(operator).get(reverse("desk:ticket", args=[ticket.pk])).text
    inserts = json.loads(re.search(r'id="saved-replies-data" type="application/json">(.*?)</script>', page).group(1))

    assert inserts[str(password_replies.pk)].startswith("Восстановите пароль")

    english = SavedReply.objects.create(title="Reset", body="Reset your password with «Recover».", language="en")
    page = staff_client(operator).get(reverse("desk:ticket", args=[ticket.pk])).text
    inserts = json.loads(re.search(r'id="saved-replies-data" type="application/json">(.*?)</script>', page).group(1))

    assert list(inserts) == [str(english.pk)]  # once replies exist in the request's language, only those
