"""Operator assist on the request page: what the assistant reads, articles to answer with, one-click insert."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from knowledgebase.services import article_upsert, category_upsert
from tests.conftest import topic
from tickets.models import Channel, Ticket
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
