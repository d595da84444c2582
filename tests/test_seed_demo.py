"""`manage.py seed_demo` and `manage.py totp_code`: idempotent demo data that people can sign in with."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from guardian.models import UserObjectPermission

from accounts.models import CitizenProfile, OperatorProfile, User
from knowledgebase.models import (
    Article,
    ArticleTranslation,
    Category,
    GovernmentService,
    Guide,
    GuideStep,
    ServiceDocument,
    Tag,
)
from tickets.demo_data import DEMO_CITIZEN_EMAIL, DEMO_CITIZEN_PASSWORD, DEMO_CITIZENS, DEMO_STAFF
from tickets.models import Channel, Ticket, TicketEvent, TicketMessage, TicketUserObjectPermission

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = [
        User,
        OperatorProfile,
        CitizenProfile,
        TOTPDevice,
        Category,
        Article,
        Tag,
        ArticleTranslation,
        GovernmentService,
        ServiceDocument,
        Guide,
        GuideStep,
        Ticket,
        TicketMessage,
        TicketEvent,
        TicketUserObjectPermission,
        UserObjectPermission,
    ]
    return {model.__name__: model.objects.count() for model in models}


def fingerprint() -> list[tuple]:
    return list(Ticket.objects.order_by("number").values_list("number", "status", "assignee_id", "updated_at"))


def test_seeding_twice_changes_nothing():
    seed()
    first, first_tickets = counts(), fingerprint()

    output = seed()

    assert counts() == first
    assert fingerprint() == first_tickets
    assert "новых: 0" in output
    assert first["Ticket"] >= 25
    assert first["TicketUserObjectPermission"] + first["UserObjectPermission"] > 0  # assignees got real grants


def test_requests_cover_every_status_and_channel():
    seed()

    assert set(Ticket.objects.values_list("status", flat=True)) == set(Ticket.Status.values)
    assert set(Ticket.objects.values_list("channel", flat=True)) == set(Channel.values)


def test_email_requests_include_contacts_without_an_account():
    seed()

    anonymous = Ticket.objects.filter(channel=Channel.EMAIL, citizen__isnull=True)

    assert anonymous.exists()
    assert all(t.contact_name and t.contact_email for t in anonymous)


def test_conversations_have_citizen_messages_agent_replies_and_internal_notes():
    seed()

    kinds = set(TicketMessage.objects.values_list("author_kind", "is_internal"))

    assert {("citizen", False), ("agent", False), ("agent", True)} <= kinds


def test_a_closed_request_has_a_dated_journal_in_order():
    seed()
    ticket = Ticket.objects.get(subject="Страница заявлений не открывается в браузере")

    events = list(ticket.events.order_by("created_at", "id"))

    assert ticket.status == Ticket.Status.CLOSED
    assert [e.kind for e in events][:3] == ["created", "assigned", "status_changed"]
    assert events[0].created_at == ticket.created_at
    assert events[-1].created_at == ticket.closed_at > ticket.resolved_at > ticket.first_response_at
    assert [e.created_at for e in events] == sorted(e.created_at for e in events)
    assert ticket.assignee.email == "tech2@demo.supportdesk.ru"  # handed on to the technical group


def test_every_demo_staff_member_signs_in_with_password_and_the_printed_totp_key():
    seed()

    for spec in DEMO_STAFF:
        user = User.objects.get(email=spec["email"])
        device = user.totpdevice_set.get(confirmed=True)
        code = TOTP(bytes.fromhex(spec["totp_key"])).token()

        assert user.check_password(spec["password"])
        assert user.is_desk_staff
        assert device.key == spec["totp_key"]
        assert device.verify_token(f"{code:06d}"), spec["email"]


def test_demo_staff_cover_every_level_and_the_languages():
    seed()

    levels = set(OperatorProfile.objects.values_list("level", flat=True))
    languages = {tuple(p.languages) for p in OperatorProfile.objects.filter(level=1)}
    admin = User.objects.get(email="admin@demo.supportdesk.ru")

    assert levels == {1, 2, 3}
    assert {("ru",), ("ru", "en"), ("ru", "tt")} <= languages
    assert OperatorProfile.objects.filter(level=1).count() >= 4
    assert admin.is_staff and admin.is_superuser


def test_demo_citizens_have_known_passwords_and_valid_profiles():
    seed()

    assert User.objects.get(email=DEMO_CITIZEN_EMAIL).check_password(DEMO_CITIZEN_PASSWORD)
    assert CitizenProfile.objects.filter(user__email__in=[c["email"] for c in DEMO_CITIZENS]).count() >= 6
    assert all(p.phone.startswith("+7") and len(p.snils) == 11 for p in CitizenProfile.objects.all())


def test_totp_code_prints_a_code_that_verifies():
    seed()
    out = StringIO()

    call_command("totp_code", "operator1@demo.supportdesk.ru", stdout=out)

    code = out.getvalue().strip()
    device = TOTPDevice.objects.get(user__email="operator1@demo.supportdesk.ru")
    assert len(code) == 6 and code.isdigit()
    assert device.verify_token(code)


def test_totp_code_refuses_a_user_without_a_device():
    seed()

    with pytest.raises(Exception, match="нет подтверждённого устройства"):
        call_command("totp_code", DEMO_CITIZEN_EMAIL, stdout=StringIO())


def test_seed_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True

    with pytest.raises(Exception, match="в рабочей среде"):
        call_command("seed_demo", stdout=StringIO())

    assert not User.objects.filter(email__endswith="@demo.supportdesk.ru").exists()


def test_knowledge_base_has_published_public_and_internal_articles_for_each_topic_group():
    seed()

    published = Article.objects.filter(status=Article.Status.PUBLISHED)

    assert published.count() >= 60
    assert published.filter(is_public=True).count() >= 50
    assert 2 <= published.filter(is_public=False).count() <= 10
    assert not published.filter(topic__isnull=True).exists()
    assert not published.filter(regulation_as_of__isnull=True).exists()
    assert set(published.values_list("topic__parent__code", flat=True)) >= {"registration", "services", "technical"}


def test_knowledge_base_has_tags_translations_services_and_guides():
    seed()

    assert not Article.objects.filter(tags__isnull=True).exists()
    assert set(ArticleTranslation.objects.values_list("language", flat=True)) == {"en", "tt"}
    assert ArticleTranslation.objects.filter(language="tt").count() >= 10
    assert GovernmentService.objects.filter(status="published").count() >= 12
    assert not GovernmentService.objects.filter(documents__isnull=True).exists()
    assert Guide.objects.filter(status="published", steps__isnull=False).distinct().count() >= 5
    assert not Article.objects.filter(review_due_on__isnull=True).exists()


def test_seeded_help_finds_the_password_article(client):
    seed()

    page = client.get("/help/", {"q": "забыл пароля от госуслуг"}).text

    assert "Как восстановить пароль" in page
    assert "где встречается часть слов" in page


def test_every_seeded_help_page_opens(client):
    seed()
    paths = [f"/help/services/{slug}/" for slug in GovernmentService.objects.values_list("slug", flat=True)]
    paths += [f"/help/guides/{slug}/?all=1" for slug in Guide.objects.values_list("slug", flat=True)]
    paths += [f"/help/tags/{slug}/" for slug in Tag.objects.values_list("slug", flat=True)]
    paths += [
        f"/help/{slug}/?lang={language}"
        for slug, language in ArticleTranslation.objects.values_list("article__slug", "language")
    ]

    failing = [path for path in paths if client.get(path).status_code != 200]

    assert len(paths) > 80 and failing == []
