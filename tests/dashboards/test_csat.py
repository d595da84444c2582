"""CSAT: one click after resolution, once, by the owner only; journaled; counted on the dashboard."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import topic
from tickets.models import Channel, SatisfactionRating, Ticket, TicketEvent
from tickets.services import ticket_assign, ticket_change_status, ticket_intake

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolved(citizen, operator):
    ticket = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Пароль", body="Не могу войти",
                           topic=topic("password-recovery"))
    ticket_assign(ticket=ticket, assignee=operator, actor=operator)
    return ticket_change_status(ticket=ticket, status=Ticket.Status.RESOLVED, actor=operator)


def rate_url(ticket):
    return reverse("tickets:citizen_rate", args=[ticket.number])


def test_resolved_request_page_offers_the_one_click_rating(client, citizen, resolved):
    client.force_login(citizen)

    page = client.get(reverse("tickets:citizen_detail", args=[resolved.number])).content.decode()

    assert "Оцените, как решили ваш вопрос" in page
    assert page.count('name="score"') == 5
    assert f'action="{rate_url(resolved)}"' in page


def test_owner_rates_once_with_a_comment_and_the_journal_records_it(client, citizen, operator, resolved):
    client.force_login(citizen)

    response = client.post(rate_url(resolved), {"score": "4", "comment": "  Быстро помогли  "}, follow=True)

    rating = SatisfactionRating.objects.get(ticket=resolved)
    assert (rating.score, rating.comment, rating.agent_id) == (4, "Быстро помогли", operator.pk)
    event = TicketEvent.objects.get(ticket=resolved, kind=TicketEvent.Kind.CSAT_RECEIVED)
    assert event.actor_id == citizen.pk and event.data["score"] == 4
    page = response.content.decode()
    assert "Спасибо за оценку" in page
    assert "Вы оценили работу по обращению на 4 из 5" in page
    assert 'name="score"' not in page


def test_a_second_rating_is_refused_and_the_first_kept(client, citizen, resolved):
    client.force_login(citizen)
    client.post(rate_url(resolved), {"score": "5"})

    response = client.post(rate_url(resolved), {"score": "1"}, follow=True)

    assert "уже оценено" in response.content.decode()
    assert SatisfactionRating.objects.get(ticket=resolved).score == 5
    assert TicketEvent.objects.filter(ticket=resolved, kind=TicketEvent.Kind.CSAT_RECEIVED).count() == 1


def test_another_citizen_cannot_rate(client, other_citizen, resolved):
    client.force_login(other_citizen)

    response = client.post(rate_url(resolved), {"score": "1"})

    assert response.status_code == 404
    assert not SatisfactionRating.objects.exists()


def test_an_unresolved_request_cannot_be_rated(client, citizen):
    ticket = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Пароль", body="Не могу войти")
    client.force_login(citizen)

    response = client.post(rate_url(ticket), {"score": "5"}, follow=True)

    assert "после того, как оно решено" in response.content.decode()
    assert not SatisfactionRating.objects.exists()
    assert 'name="score"' not in client.get(reverse("tickets:citizen_detail", args=[ticket.number])).content.decode()


@pytest.mark.parametrize("score", ["0", "6", "", "пять"])
def test_a_score_outside_one_to_five_is_refused_in_russian(client, citizen, resolved, score):
    client.force_login(citizen)

    response = client.post(rate_url(resolved), {"score": score}, follow=True)

    assert "Выберите оценку от 1 до 5" in response.content.decode()
    assert not SatisfactionRating.objects.exists()


def test_rating_needs_a_post(client, citizen, resolved):
    client.force_login(citizen)

    assert client.get(rate_url(resolved)).status_code == 405
