"""The knowledge base's content model (issue #4 point 1): translations, tags, services, guides, per-article
analytics and review reminders, as citizens, editors and supervisors meet them."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from knowledgebase.forms import GuideStepForm
from knowledgebase.models import Article, ArticleViewDay, Category, GovernmentService, Guide
from knowledgebase.selectors import article_analytics
from knowledgebase.services import (
    article_tags_set,
    article_translation_upsert,
    article_upsert,
    article_view_record,
    article_vote,
    category_upsert,
    guide_upsert,
    review_reminders_send,
    service_upsert,
)

pytestmark = pytest.mark.django_db

SERVICE = {
    "slug": "zamena-pasporta",
    "name": "Замена паспорта гражданина РФ",
    "department": "МВД России",
    "summary": "Паспорт меняют в 20 и 45 лет, при смене фамилии и если он испорчен.",
    "who_can_apply": "Граждане РФ с подтверждённой учётной записью.",
    "processing_time": "10 рабочих дней при подаче по месту жительства",
    "processing_days": 10,
    "fee": "1500 ₽",
    "signature": "simple",
    "signature_note": "Достаточно подтверждённой учётной записи.",
    "result": "Новый паспорт выдают в подразделении МВД.",
    "regulation": "Федеральный закон от 27.07.2010 № 210-ФЗ",
    "regulation_as_of": "2026-10-01",
    "documents": [["Паспорт, подлежащий замене", "", True], ["Свидетельство о браке", "если менялась фамилия", False]],
    "steps": ["Откройте услугу «Замена паспорта».", "Загрузите фотографию.", "Выберите подразделение МВД."],
    "articles": [],
}
GUIDE = {
    "slug": "guide-parol",
    "title": "Восстановление пароля: пошагово",
    "summary": "Три шага до нового пароля.",
    "steps": [
        {"title": "Откройте страницу входа", "text": "Нажмите «Войти».", "screen": "Форма входа с полями логина."},
        {"title": "Нажмите «Восстановить»", "text": "Ссылка под полем пароля.", "screen": "Ссылка «Восстановить»."},
        {"title": "Введите код", "text": "Код придёт в СМС.", "screen": "Поле для кода из СМС."},
    ],
}


@pytest.fixture
def category() -> Category:
    return category_upsert(slug="registration-login", name="Регистрация и вход")[0]


@pytest.fixture
def article(category) -> Article:
    return article_upsert(
        slug="kak-vosstanovit-parol",
        category=category,
        title="Как восстановить пароль",
        summary="Нажмите «Восстановить» на странице входа.",
        body="## Шаги\n1. Откройте страницу входа.",
        regulation_as_of=date(2026, 10, 1),
    )[0]


def test_an_article_reads_in_tatar_and_english_with_links_between_languages(client, article):
    article_translation_upsert(
        article=article, language="tt", title="Серсүзне ничек торгызырга", summary="«Восстановить» төймәсенә басыгыз.",
        body="## Адымнар\n1. Керү битен ачыгыз.",
    )
    article_translation_upsert(
        article=article, language="en", title="How to recover your password", summary="Press «Восстановить».",
        body="1. Open the sign-in page.",
    )
    url = reverse("knowledgebase:article", args=[article.slug])

    tatar = client.get(url, {"lang": "tt"}).text
    russian = client.get(url).text

    assert '<article class="kb-article" lang="tt">' in tatar
    assert "Серсүзне ничек торгызырга" in tatar and "Керү битен ачыгыз." in tatar
    assert 'href="?lang=ru"' in tatar and 'href="?lang=en"' in tatar
    assert "Как восстановить пароль" in russian and "Серсүзне" not in russian


def test_a_draft_translation_is_not_shown_and_an_unknown_language_falls_back_to_russian(client, article):
    article_translation_upsert(article=article, language="en", title="Draft", summary="s", body="b", status="draft")
    url = reverse("knowledgebase:article", args=[article.slug])

    assert "Draft" not in client.get(url, {"lang": "en"}).text
    assert "Как восстановить пароль" in client.get(url, {"lang": "xx"}).text


def test_a_translation_older_than_the_russian_text_says_so(client, article):
    article_translation_upsert(article=article, language="en", title="Recover", summary="s", body="b")
    article.body += "\n2. Новый шаг."
    article.save()

    page = client.get(reverse("knowledgebase:article", args=[article.slug]), {"lang": "en"}).text

    assert "обновлён после перевода" in page


def test_tags_link_articles_together(client, category, article):
    other = article_upsert(slug="kod-ne-prihodit", category=category, title="Не приходит код", summary="s", body="b")[0]
    article_tags_set(article=article, names=["Пароль", "вход", "пароль "])
    article_tags_set(article=other, names=["пароль"])

    page = client.get(reverse("knowledgebase:article", args=[article.slug])).text
    tag_page = client.get(reverse("knowledgebase:tag", args=["пароль"])).text

    assert sorted(article.tags.values_list("name", flat=True)) == ["вход", "пароль"]
    assert reverse("knowledgebase:tag", args=["пароль"]) in page
    assert "Как восстановить пароль" in tag_page and "Не приходит код" in tag_page
    assert client.get(reverse("knowledgebase:tag", args=["нет-такой"])).status_code == 404


def test_a_service_page_lists_documents_steps_signature_and_time(client, article):
    service_upsert(spec=SERVICE, articles=[article])

    page = client.get(reverse("knowledgebase:service", args=["zamena-pasporta"])).text
    listing = client.get(reverse("knowledgebase:services")).text
    article_page = client.get(reverse("knowledgebase:article", args=[article.slug])).text

    assert "Паспорт, подлежащий замене" in page and "если менялась фамилия" in page
    assert page.index("Обязательные") < page.index("Паспорт, подлежащий замене") < page.index("Если относится к вам")
    assert "10 рабочих дней" in page and "1500 ₽" in page and "простая — подтверждённая учётная запись" in page.lower()
    assert "Выберите подразделение МВД." in page and "210-ФЗ" in page
    assert "Замена паспорта гражданина РФ" in listing
    assert reverse("knowledgebase:service", args=["zamena-pasporta"]) in article_page


def test_seeding_a_service_twice_keeps_one_copy_of_its_documents(article):
    service_upsert(spec=SERVICE, articles=[article])
    service_upsert(spec={**SERVICE, "documents": SERVICE["documents"][:1]}, articles=[article])

    service = GovernmentService.objects.get()
    assert list(service.documents.values_list("name", flat=True)) == ["Паспорт, подлежащий замене"]
    assert service.steps.count() == 3


def test_a_draft_service_is_not_public(client):
    service_upsert(spec=SERVICE, articles=[], status="draft")

    assert client.get(reverse("knowledgebase:service", args=["zamena-pasporta"])).status_code == 404


def test_a_guide_walks_step_by_step_with_links_and_a_progress_bar(client, article):
    guide_upsert(spec=GUIDE, article=article)
    url = reverse("knowledgebase:guide", args=["guide-parol"])

    first = client.get(url).text
    second = client.get(url, {"step": 2}).text
    last = client.get(url, {"step": 99}).text
    everything = client.get(url, {"all": 1}).text

    assert "Шаг 1 из 3" in first and 'href="?step=2"' in first and 'rel="prev"' not in first
    assert "Форма входа с полями логина." in first  # the screen described in text while no screenshot exists
    assert "Шаг 2 из 3" in second and 'href="?step=1"' in second and 'href="?step=3"' in second
    assert "Шаг 3 из 3" in last and "это последний шаг" in last
    assert all(step["title"] in everything for step in GUIDE["steps"])
    assert client.get(url, {"step": "два"}).status_code == 200
    assert reverse("knowledgebase:guide", args=["guide-parol"]) in client.get(
        reverse("knowledgebase:article", args=[article.slug])
    ).text


def _png_with_metadata() -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", (40, 30), "white")
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    image.save(buffer, "PNG", exif=exif.tobytes())
    return buffer.getvalue()


def test_an_uploaded_screenshot_is_re_encoded_and_served_with_its_description(client, article, settings):
    settings.ATTACHMENT_SCAN_REQUIRED = False
    guide = guide_upsert(spec=GUIDE, article=article)[0]
    step = guide.steps.get(position=0)
    form = GuideStepForm(
        data={"position": 0, "title": step.title, "text": step.text, "screen_description": step.screen_description},
        files={"screenshot": SimpleUploadedFile("экран входа.png", _png_with_metadata(), "image/png")},
        instance=step,
    )
    assert form.is_valid(), form.errors
    form.save()

    page = client.get(reverse("knowledgebase:guide", args=[guide.slug])).text
    image = client.get(reverse("knowledgebase:guide_screenshot", args=[guide.slug, 0]))

    assert 'alt="Форма входа с полями логина."' in page
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"Camera maker" not in b"".join(image.streaming_content)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"%PDF-1.4\n%%EOF\n", "не является изображением"),  # Django's own image check
        ("gif", "PNG, JPEG или WebP"),  # an image, but animated formats are no screenshots
    ],
)
def test_a_screenshot_of_the_wrong_kind_is_refused_with_a_reason(article, settings, content, reason):
    settings.ATTACHMENT_SCAN_REQUIRED = False
    if content == "gif":
        buffer = io.BytesIO()
        Image.new("RGB", (10, 10), "white").save(buffer, "GIF")
        content = buffer.getvalue()
    step = guide_upsert(spec=GUIDE, article=article)[0].steps.get(position=0)
    form = GuideStepForm(
        data={"position": 0, "title": step.title, "text": step.text, "screen_description": step.screen_description},
        files={"screenshot": SimpleUploadedFile("screen.png", content, "image/png")},
        instance=step,
    )

    assert not form.is_valid()
    assert reason in str(form.errors["screenshot"])


def test_article_views_are_counted_per_day_and_shown_with_votes(client, staff_client, supervisor, article):
    url = reverse("knowledgebase:article", args=[article.slug])
    client.get(url)
    client.get(url)
    article_view_record(article=article, day=timezone.localdate() - timedelta(days=30))
    article_vote(article=article, helpful=True, deflected=True)
    article_vote(article=article, helpful=False)

    today = timezone.localdate()
    [row] = article_analytics(since=today - timedelta(days=6), until=today)
    page = staff_client(supervisor).get(reverse("kb_desk:analytics")).text

    assert ArticleViewDay.objects.get(article=article, day=today).views == 2
    assert (row.views, row.helpful, row.unhelpful, row.deflections, row.helpful_share) == (2, 1, 1, 1, 0.5)
    assert "Как восстановить пароль" in page and "50 %" in page


def test_drafts_and_articles_in_review_are_listed_for_editors_and_hidden_from_citizens(
    client, staff_client, supervisor, category
):
    for slug, title, status in [
        ("trudovaya-knizhka", "Электронная трудовая книжка", Article.Status.DRAFT),
        ("rozhdenie-rebenka", "Регистрация рождения ребёнка", Article.Status.REVIEW),
    ]:
        article_upsert(slug=slug, category=category, title=title, summary="Кратко.", body="Текст.", status=status)

    page = staff_client(supervisor).get(reverse("kb_desk:analytics")).text
    editing = page[page.index('id="editing-heading"'):page.index('id="reading-heading"')]

    assert editing.index("Регистрация рождения ребёнка") < editing.index("Электронная трудовая книжка")
    assert "на проверке" in editing and "черновик" in editing
    assert client.get(reverse("knowledgebase:article", args=["trudovaya-knizhka"])).status_code == 404
    assert "Регистрация рождения" not in client.get(reverse("knowledgebase:index"), {"q": "рождение ребёнка"}).text


def test_analytics_refuse_a_backwards_period_with_a_message(staff_client, supervisor):
    response = staff_client(supervisor).get(
        reverse("kb_desk:analytics"), {"date_from": "2026-11-20", "date_to": "2026-11-01"}
    )

    assert response.status_code == 200
    assert "Дата окончания раньше даты начала." in response.text


def test_operators_do_not_see_knowledge_analytics(staff_client, operator):
    assert staff_client(operator).get(reverse("kb_desk:analytics")).status_code == 403


def test_review_date_defaults_to_half_a_year_after_the_regulation(article):
    assert article.review_due_on == date(2026, 10, 1) + timedelta(days=182)


def test_review_reminders_reach_the_editor_once_then_weekly_while_overdue(article, supervisor, operator):
    article.editor = operator
    article.review_due_on = date(2026, 12, 1)
    article.save()

    assert review_reminders_send(today=date(2026, 11, 1)) == 0  # a month ahead: too early
    assert review_reminders_send(today=date(2026, 11, 20)) == 1
    assert review_reminders_send(today=date(2026, 11, 21)) == 0  # already told
    assert review_reminders_send(today=date(2026, 12, 2)) == 1  # overdue
    assert review_reminders_send(today=date(2026, 12, 5)) == 0
    assert review_reminders_send(today=date(2026, 12, 9)) == 1  # a week later, still overdue

    assert [message.to for message in mail.outbox] == [[operator.email]] * 3
    assert "Как восстановить пароль" in mail.outbox[0].body
    assert "просрочено" in mail.outbox[1].body


def test_review_reminders_without_an_editor_go_to_supervisors(article, supervisor):
    article.review_due_on = date(2026, 11, 25)
    article.save()

    assert review_reminders_send(today=date(2026, 11, 25)) == 1
    assert mail.outbox[0].to == [supervisor.email]


def test_marking_an_article_reviewed_moves_its_next_review(staff_client, supervisor, article):
    article.review_due_on = timezone.localdate() - timedelta(days=3)
    article.save()
    client = staff_client(supervisor)

    due_page = client.get(reverse("kb_desk:analytics")).text
    response = client.post(reverse("kb_desk:article_reviewed", args=[article.pk]))

    article.refresh_from_db()
    assert "просрочено" in due_page
    assert response.status_code == 302
    assert article.regulation_as_of == timezone.localdate()
    assert article.review_due_on == timezone.localdate() + timedelta(days=182)


def test_the_help_index_links_services_and_guides(client, article):
    service_upsert(spec=SERVICE, articles=[article])
    guide_upsert(spec=GUIDE, article=article)

    page = client.get(reverse("knowledgebase:index")).text

    assert reverse("knowledgebase:service", args=["zamena-pasporta"]) in page
    assert reverse("knowledgebase:guide", args=["guide-parol"]) in page
    assert Guide.objects.count() == 1


def test_a_vote_on_a_translation_returns_to_the_same_language(client, article):
    article_translation_upsert(article=article, language="tt", title="Серсүз", summary="s", body="b")

    response = client.post(reverse("knowledgebase:feedback", args=[article.slug]), {"helpful": "yes", "lang": "tt"})

    assert response.status_code == 302 and response["Location"].endswith("?lang=tt")
    article.refresh_from_db()
    assert article.helpful_count == 1
