"""SS1 and SS3 on the citizen's pages: the request form starts from the profile, and «Мои рекомендации» say
what to do next from the citizen's own applications on the portal and their open requests."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import CitizenProfile
from accounts.services import citizen_register
from knowledgebase.services import service_upsert
from portal.demo import portal_demo_seed
from portal.models import PortalAccount, PortalApplication
from tests.conftest import topic
from tickets.models import Channel, Ticket
from tickets.services import ticket_intake

pytestmark = pytest.mark.django_db


def text_of(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def recommendations_of(page: str) -> str:
    start = page.index('id="recommendations-title"')
    return text_of(page[start:page.index("</section>", start)])


# --- SS1: the request form and the service pages start from the profile ---


def test_the_request_form_is_filled_in_from_the_profile_with_the_snils_masked(client, citizen):
    client.force_login(citizen)

    page = client.get(reverse("tickets:citizen_new")).text

    assert 'name="contact_name" value="Иванова Анна Сергеевна"' in page
    assert 'name="contact_phone" value="+7 912 345-67-89"' in page
    assert 'name="contact_email" value="ivanova@example.ru"' in page
    assert "***-***-445 95" in page and "112-233-445 95" not in page
    assert "профиль от этого не изменится" in text_of(page)


def test_the_citizen_may_change_the_contact_details_for_one_request(client, citizen):
    client.force_login(citizen)

    response = client.post(reverse("tickets:citizen_new"), {
        "subject": "Не приходит код", "body": "Код по СМС не приходит уже час",
        "contact_name": "Анна", "contact_phone": "8 (916) 111-22-33", "contact_email": "anna.work@example.ru",
    })

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert (ticket.contact_name, ticket.contact_phone, ticket.contact_email) == (
        "Анна", "+79161112233", "anna.work@example.ru"
    )
    assert CitizenProfile.objects.get(user=citizen).phone == "+79123456789"  # the profile stays as it was


def test_a_wrong_contact_phone_is_explained_and_nothing_typed_is_lost(client, citizen):
    client.force_login(citizen)

    page = client.post(reverse("tickets:citizen_new"), {
        "subject": "Не приходит код", "body": "Код по СМС не приходит уже час", "contact_phone": "+7 012 345",
    }).text

    assert "Введите номер телефона из 10 цифр после +7" in page
    assert "Код по СМС не приходит уже час" in page and 'value="+7 012 345"' in page
    assert not Ticket.objects.exists()


SERVICE = {
    "slug": "edinoe-posobie", "name": "Единое пособие на детей и беременным женщинам", "department": "Социальный фонд",
    "summary": "Ежемесячная выплата семьям с доходом ниже прожиточного минимума.",
    "who_can_apply": "Родители детей до 17 лет.", "processing_time": "10 рабочих дней", "processing_days": 10,
    "fee": "бесплатно", "signature": "simple", "signature_note": "", "result": "Решение в личном кабинете.",
    "regulation": "Федеральный закон № 81-ФЗ", "regulation_as_of": "2026-10-01",
    "documents": [["Свидетельства о рождении детей", "", True]], "steps": ["Откройте услугу.", "Заполните данные."],
    "articles": [],
}


def test_a_service_page_shows_a_signed_in_citizen_what_the_form_takes_from_the_profile(client, citizen):
    service_upsert(spec=SERVICE, articles=[])
    url = reverse("knowledgebase:service", args=["edinoe-posobie"])

    anonymous = client.get(url).text
    client.force_login(citizen)
    page = text_of(client.get(url).text)

    assert "Ваши данные для заявления" not in anonymous
    assert "Ваши данные для заявления" in page and "Иванова Анна Сергеевна" in page
    assert "+7912***-**-89" in page and "***-***-445 95" in page
    assert "+79123456789" not in page and "112-233-445 95" not in page


# --- SS3: «Мои рекомендации» ---


def portal_account_of(citizen) -> PortalAccount:
    return PortalAccount.objects.create(phone=citizen.citizen_profile.phone, full_name=citizen.display_name)


def test_an_application_returned_for_correction_says_what_to_fix_and_by_when(client, citizen):
    service_upsert(spec=SERVICE, articles=[])
    account = portal_account_of(citizen)
    today = timezone.localdate()
    PortalApplication.objects.create(
        number="5234567890", account=account, service="Единое пособие на детей",
        status=PortalApplication.Status.NEEDS_CORRECTION, submitted_on=today - timedelta(days=6),
        due_on=today + timedelta(days=2), correction_note="приложите свидетельство о рождении второго ребёнка",
    )
    PortalApplication.objects.create(
        number="6234567890", account=account, service="Выдача загранпаспорта нового образца",
        status=PortalApplication.Status.IN_REVIEW, submitted_on=today - timedelta(days=12),
        due_on=today + timedelta(days=18),
    )
    client.force_login(citizen)

    page = client.get(reverse("tickets:citizen_list")).text
    block = recommendations_of(page)

    assert "Мои рекомендации" in block
    assert "Срочно Заявление № 5234567890 («Единое пособие на детей») вернули на исправление: приложите " \
           "свидетельство о рождении второго ребёнка" in block
    assert f"до {(today + timedelta(days=2)).day}" in block
    assert 'href="/help/services/edinoe-posobie/"' in page  # the service's page in the knowledge base
    assert "Заявление № 6234567890 («Выдача загранпаспорта нового образца») на рассмотрении" in block
    assert block.index("5234567890") < block.index("6234567890")  # what is urgent comes first


def test_open_requests_say_what_to_answer_attach_and_correct(client, citizen):
    waiting = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Статус заявления",
                            body="Где моё заявление?", topic=topic("application-status"))
    Ticket.objects.filter(pk=waiting.pk).update(status=Ticket.Status.WAITING)
    upload = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Файл не загружается",
                           body="Пишет недопустимый формат, СНИЛС 112-233-445 96", topic=topic("upload-error"))
    client.force_login(citizen)

    page = client.get(reverse("tickets:citizen_list")).text
    block = recommendations_of(page)

    assert f"Специалист ждёт вашего ответа по обращению {waiting.number}" in block
    assert f"Укажите в обращении {waiting.number} номер заявления на портале" in block
    assert f"Приложите к обращению {upload.number} снимок экрана" in block
    assert f"Обращение {upload.number}. Проверьте СНИЛС, который заканчивается на 96" in block
    assert "112-233-445 96" not in block  # the identifier itself is not repeated
    assert f'href="{reverse("tickets:citizen_detail", args=[upload.number])}"' in page


def test_when_the_portal_does_not_answer_the_page_says_so_and_still_opens(client, citizen, settings):
    settings.PORTAL_GATEWAY, settings.PORTAL_GATEWAY_URL = "http", "http://127.0.0.1:9"
    client.force_login(citizen)

    response = client.get(reverse("tickets:citizen_list"))

    assert response.status_code == 200
    assert "Сведения о ваших заявлениях на портале сейчас недоступны" in response.text


def test_a_citizen_with_nothing_to_do_is_told_so(client, citizen):
    client.force_login(citizen)

    block = recommendations_of(client.get(reverse("tickets:citizen_list")).text)

    assert "Сейчас от вас ничего не требуется" in block


def test_the_demo_citizen_sees_their_applications_from_the_demo_portal(client):
    from tickets.demo_data import DEMO_CITIZENS

    portal_demo_seed()
    spec = DEMO_CITIZENS[0]
    demo = citizen_register(**{key: spec[key] for key in
                               ("email", "password", "first_name", "last_name", "patronymic", "phone", "snils")})
    client.force_login(demo)

    block = recommendations_of(client.get(reverse("tickets:citizen_list")).text)

    assert "5234567890" in block and "свидетельство о рождении второго ребёнка" in block
    assert "6234567890" in block and "на рассмотрении" in block
    assert "1234567890" not in block  # another account's application


def test_a_guide_through_a_services_form_shows_the_profile_data_and_other_guides_do_not(client, citizen):
    from knowledgebase.services import article_upsert, category_upsert, guide_upsert

    category = category_upsert(slug="services", name="Услуги")[0]
    article = article_upsert(slug="posobie", category=category, title="Единое пособие", summary="Кратко.",
                             body="Текст.")[0]
    other = article_upsert(slug="parol", category=category, title="Пароль", summary="Кратко.", body="Текст.")[0]
    service_upsert(spec=SERVICE, articles=[article])
    step = {"title": "Откройте услугу", "text": "Нажмите «Получить».", "screen": "Страница услуги."}
    guide_upsert(spec={"slug": "guide-posobie", "title": "Пособие: пошагово", "summary": "Кратко.", "steps": [step]},
                 article=article)
    guide_upsert(spec={"slug": "guide-parol", "title": "Пароль: пошагово", "summary": "Кратко.", "steps": [step]},
                 article=other)
    client.force_login(citizen)

    form_guide = text_of(client.get(reverse("knowledgebase:guide", args=["guide-posobie"])).text)
    other_guide = text_of(client.get(reverse("knowledgebase:guide", args=["guide-parol"])).text)

    assert "Ваши данные для заявления" in form_guide and "***-***-445 95" in form_guide
    assert "Ваши данные для заявления" not in other_guide
