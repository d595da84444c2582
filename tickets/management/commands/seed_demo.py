"""`manage.py seed_demo`: demo staff, citizens, knowledge base and requests in every status.

Idempotent: people are keyed by email, articles by slug, requests by (subject, contact email); what
exists is left alone, so a second run changes nothing. Requests are built through the real services
(tickets.services, accounts.services), so journals, object permissions and notifications are real;
their timestamps are then moved into the recent past so the desk shows a plausible history.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.services import citizen_register, roles_sync, staff_create, totp_device_create
from knowledgebase.demo import knowledgebase_demo_seed
from portal.demo import portal_demo_seed
from supportdesk.celery import app as celery_app
from tickets import demo_data
from tickets.models import SavedReply, Ticket, TicketEvent, TicketMessage, Topic
from tickets.services import (
    message_post,
    resolution_target,
    ticket_assign,
    ticket_change_status,
    ticket_intake,
)
from tickets.sla import PAUSED_STATUSES, clocks_recompute, sla_sweep


class Command(BaseCommand):
    help = "Загружает демонстрационные данные: сотрудников, граждан, статьи справки и обращения."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Разрешить запуск при SUPPORTDESK_PRODUCTION=true (демо-пароли и ключи TOTP публичны).",
        )

    def handle(self, *args, allow_production: bool = False, **options):
        if settings.PRODUCTION and not allow_production:
            raise CommandError("Демо-данные содержат публичные пароли и ключи TOTP; в рабочей среде их не загружают.")
        started = time.monotonic()
        roles_sync()
        topics = {topic.code: topic for topic in Topic.objects.all()}
        staff, staff_created = _staff_ensure(topics)
        citizens, citizens_created = _citizens_ensure()
        articles = knowledgebase_demo_seed(topics)
        portal_demo_seed()  # the portal's demo accounts and applications for the assistant's scenarios
        replies_created = _saved_replies_ensure(topics)
        with _demo_side_effects():
            requests_created = _requests_ensure(staff=staff, citizens=citizens, topics=topics)
            # the SLA sweep as beat runs it: marks what the demo history has put at risk or past its target
            sweep = sla_sweep()

        by_status = Counter(Ticket.objects.values_list("status", flat=True))
        self.stdout.write(
            "\n".join(
                [
                    "Демо-данные загружены.",
                    f"  Сотрудники: {len(staff)} (новых: {staff_created})",
                    f"  Граждане: {len(citizens)} (новых: {citizens_created})",
                    f"  Статьи справки: {articles['total']} (опубликовано: {articles['published']}, "
                    f"новых: {articles['created']}, обновлено: {articles['updated']}; "
                    f"переводов: {articles['translations']}), услуг: {articles['services']}, "
                    f"пошаговых инструкций: {articles['guides']}",
                    f"  Обращения: {sum(by_status.values())} (новых: {requests_created}); по статусам: "
                    + ", ".join(f"{Ticket.Status(s).label} — {by_status[s]}" for s in Ticket.Status if by_status[s]),
                    f"  Шаблоны ответов: {SavedReply.objects.count()} (новых: {replies_created})",
                    f"  SLA: под угрозой — {Ticket.objects.filter(sla_state='at_risk').count()}, "
                    f"нарушено — {Ticket.objects.filter(sla_state='breached').count()} "
                    f"(в этом запуске: {sweep.as_dict()['at_risk']} и {sweep.as_dict()['breached']})",
                    "  Демо-входы и ключи TOTP: tickets/demo_data.py (DEMO_STAFF, DEMO_CITIZENS); "
                    "текущий код: manage.py totp_code <email>.",
                    f"  Время: {time.monotonic() - started:.1f} с",
                ]
            )
        )


_QUIET_LOGGERS = {
    "tickets": logging.WARNING,  # a line per request and per notification
    "celery.app.trace": logging.WARNING,  # a line per in-process task
    "kombu.connection": logging.ERROR,  # «no hostname» when eager tasks touch the filesystem broker URL
}


class _demo_side_effects:
    """Run notification tasks in-process and keep their emails in memory while seeding.

    The demo mailboxes do not exist; the notifications still run, so acknowledgments and
    «гражданин уведомлён» steps appear in the journals exactly as the desk would record them.
    Per-request log lines are held back too: the command prints its own summary.
    """

    def __enter__(self):
        self._levels = {}
        for name, level in _QUIET_LOGGERS.items():
            logger = logging.getLogger(name)
            self._levels[name] = logger.level
            logger.setLevel(level)
        self._eager = celery_app.conf.task_always_eager
        self._propagates = celery_app.conf.task_eager_propagates
        celery_app.conf.task_always_eager = True
        celery_app.conf.task_eager_propagates = True  # a broken notification is a bug: fail loudly
        self._mail = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
        self._mail.enable()
        return self

    def __exit__(self, *exc):
        self._mail.disable()
        for name, level in self._levels.items():
            logging.getLogger(name).setLevel(level)
        celery_app.conf.task_always_eager = self._eager
        celery_app.conf.task_eager_propagates = self._propagates
        return False


def _staff_ensure(topics: dict[str, Topic]) -> tuple[dict[str, User], int]:
    staff, created = {}, 0
    for spec in demo_data.DEMO_STAFF:
        user = User.objects.filter(email=spec["email"]).first()
        if user is None:
            with transaction.atomic():
                user = staff_create(
                    email=spec["email"],
                    password=spec["password"],
                    role=spec["role"],
                    first_name=spec["first_name"],
                    last_name=spec["last_name"],
                    skills=[topics[code] for code in spec.get("skills", [])],
                    languages=spec.get("languages", ["ru"]),
                    department=spec.get("department", ""),
                    shift=spec.get("shift", ""),
                    totp_key=spec["totp_key"],
                )
                if spec.get("is_superuser"):
                    # staff_create grants roles only; the demo administrator also runs the Django admin
                    user.is_staff = user.is_superuser = True
                    user.save(update_fields=["is_staff", "is_superuser"])
            created += 1
        elif not TOTPDevice.objects.filter(user=user, key=spec["totp_key"], confirmed=True).exists():
            totp_device_create(user=user, key=spec["totp_key"], confirmed=True)  # printed keys must work
        staff[spec["email"].split("@")[0]] = user
    return staff, created


def _citizens_ensure() -> tuple[dict[str, User], int]:
    citizens, created = {}, 0
    for spec in demo_data.DEMO_CITIZENS:
        user = User.objects.filter(email=spec["email"]).first()
        if user is None:
            user = citizen_register(
                email=spec["email"],
                password=spec["password"],
                first_name=spec["first_name"],
                last_name=spec["last_name"],
                patronymic=spec.get("patronymic", ""),
                phone=spec["phone"],
                snils=spec["snils"],
                language=spec.get("language", "ru"),
            )
            created += 1
        citizens[spec["email"].split("@")[0]] = user
    return citizens, created


def _requests_ensure(*, staff: dict[str, User], citizens: dict[str, User], topics: dict[str, Topic]) -> int:
    now = timezone.now()
    created = 0
    for spec in demo_data.DEMO_REQUESTS:
        citizen = citizens.get(spec.get("citizen", ""))
        contact = spec.get("contact", {})
        contact_email = citizen.email if citizen else contact["email"]
        if Ticket.objects.filter(subject=spec["subject"], contact_email=contact_email).exists():
            continue
        _request_build(spec=spec, citizen=citizen, contact=contact, staff=staff, topics=topics, now=now)
        created += 1
    return created


def _request_build(*, spec: dict, citizen: User | None, contact: dict, staff, topics, now: datetime) -> None:
    """Play one scenario through the services, then date each step `at` minutes after arrival."""
    topic = topics[spec["topic"]] if spec.get("topic") else None
    arrived = now - timedelta(minutes=spec["ago"])
    ticket = ticket_intake(
        channel=spec["channel"],
        subject=spec["subject"],
        body=spec["body"],
        citizen=citizen,
        contact_name=contact.get("name", ""),
        contact_email=contact.get("email", ""),
        topic=topic,
        language=spec.get("language", "ru"),
        assistant_first=spec.get("assistant", False),
    )
    if spec.get("assistant"):
        from chat.dialogue import dialogue_reply  # the chat app answers its own chats; the seed plays it

        dialogue_reply(ticket_id=ticket.pk)
    clock = _ScenarioClock(ticket_id=ticket.pk)
    clock.stamp(arrived)
    for step in spec["steps"]:
        _step_run(ticket=ticket, step=step, citizen=citizen, staff=staff)
        clock.stamp(arrived + timedelta(minutes=step["at"]))
    Ticket.objects.filter(pk=ticket.pk).update(
        created_at=arrived, due_at=arrived + resolution_target(topic), updated_at=clock.last
    )
    _sla_clocks_restamp(ticket_id=ticket.pk, spec=spec, arrived=arrived)


def _sla_clocks_restamp(*, ticket_id: int, spec: dict, arrived: datetime) -> None:
    """The SLA clocks as the scenario's timeline would have run them: from arrival, minus its pauses.

    The services paused and resumed in real time (microseconds apart); the scenario's minutes say how
    long each wait for the citizen really was.
    """
    paused_seconds, paused_since, status = 0, None, Ticket.Status.NEW
    for step in spec["steps"]:
        at = arrived + timedelta(minutes=step["at"])
        if step["do"] == "status":
            status = step["to"]
        elif step["do"] == "answer" and status in PAUSED_STATUSES:
            status = Ticket.Status.IN_PROGRESS  # the citizen's answer ends the wait
        if status in PAUSED_STATUSES and paused_since is None:
            paused_since = at
        elif status not in PAUSED_STATUSES and paused_since is not None:
            paused_seconds += int((at - paused_since).total_seconds())
            paused_since = None
    ticket = Ticket.objects.select_related("topic").get(pk=ticket_id)
    ticket.sla_paused_seconds = paused_seconds
    ticket.sla_paused_at = paused_since if ticket.status in PAUSED_STATUSES else None
    ticket.save(update_fields=["sla_paused_seconds", "sla_paused_at"])
    clocks_recompute(ticket=ticket)


# {номер} is replaced with the request's number when the reply is inserted (tickets.desk_views).
DEMO_SAVED_REPLIES = [
    {
        "title": "Приветствие и номер обращения",
        "body": "Здравствуйте! Ваше обращение {номер} принято, я уже занимаюсь им. Ответ придёт сюда же.",
    },
    {
        "title": "Восстановление пароля",
        "topic": "password-recovery",
        "body": "Чтобы восстановить пароль, нажмите «Восстановить» на странице входа и укажите телефон, почту или "
        "СНИЛС. Код придёт в течение 5 минут; если его нет, проверьте папку «Спам» и напишите нам.",
    },
    {
        "title": "Код подтверждения не приходит",
        "topic": "two-factor",
        "body": "Проверьте, что телефон в профиле указан верно, и запросите код повторно через 2 минуты. "
        "Если код так и не пришёл, сообщите последние 4 цифры номера — проверим доставку.",
    },
    {
        "title": "Статус заявления",
        "topic": "application-status",
        "body": "Статус заявления виден в личном кабинете: «Заявления» → выберите заявление. Срок рассмотрения "
        "устанавливает ведомство; если он прошёл, напишите номер заявления — уточним в ведомстве.",
    },
    {
        "title": "Ошибка при загрузке файла",
        "topic": "upload-error",
        "body": "Загрузите файл в формате PDF, JPG или PNG размером до 5 МБ. Если ошибка повторяется, пришлите "
        "снимок экрана с текстом ошибки и укажите браузер.",
    },
    {
        "title": "Ждём ответа гражданина",
        "body": "Чтобы продолжить, нам нужны уточнения (см. вопрос выше). Как только вы ответите, обращение "
        "вернётся в работу.",
    },
    {
        "title": "Решено: подтвердите, пожалуйста",
        "body": "Вопрос решён. Если что-то осталось непонятным, просто ответьте на это сообщение — обращение "
        "{номер} откроется снова.",
    },
]


def _saved_replies_ensure(topics: dict[str, Topic]) -> int:
    """Saved replies operators insert in one click (OP2); keyed by title, left alone when present."""
    created = 0
    for spec in DEMO_SAVED_REPLIES:
        _reply, was_created = SavedReply.objects.get_or_create(
            title=spec["title"],
            defaults={
                "body": spec["body"],
                "topic": topics.get(spec.get("topic", "")),
                "language": spec.get("language", "ru"),
            },
        )
        created += was_created
    return created


def _step_run(*, ticket: Ticket, step: dict, citizen: User | None, staff: dict[str, User]) -> None:
    action = step["do"]
    if action == "assign":
        ticket_assign(ticket=ticket, assignee=staff[step["to"]], actor=staff[step["by"]])
    elif action in ("reply", "note"):
        message_post(
            ticket=ticket,
            author=staff[step["by"]],
            body=step["text"],
            author_kind=TicketMessage.AuthorKind.AGENT,
            channel=ticket.channel,
            is_internal=action == "note",
        )
    elif action == "answer":
        message_post(
            ticket=ticket,
            author=citizen,
            body=step["text"],
            author_kind=TicketMessage.AuthorKind.CITIZEN,
            channel=ticket.channel,
        )
    elif action == "status":
        ticket_change_status(ticket=ticket, status=step["to"], actor=staff[step["by"]], reason=step["reason"])
    else:
        raise CommandError(f"Неизвестный шаг сценария: {action}")


@dataclass
class _ScenarioClock:
    """Moves what each step wrote (messages, journal rows, ticket milestones) to that step's time."""

    ticket_id: int
    last_message_id: int = 0
    last_event_id: int = 0
    last: datetime | None = None
    milestones: dict = field(default_factory=lambda: dict.fromkeys(_MILESTONES))

    def stamp(self, when: datetime) -> None:
        self.last_message_id = _restamp(TicketMessage, self.ticket_id, self.last_message_id, when)
        self.last_event_id = _restamp(TicketEvent, self.ticket_id, self.last_event_id, when)
        current = Ticket.objects.filter(pk=self.ticket_id).values(*_MILESTONES).get()
        moved = {name: when for name, value in current.items() if value is not None and value != self.milestones[name]}
        if moved:
            Ticket.objects.filter(pk=self.ticket_id).update(**moved)
        self.milestones = {**current, **moved}
        self.last = when


_MILESTONES = ("first_response_at", "resolved_at", "closed_at")


def _restamp(model, ticket_id: int, after_id: int, when: datetime) -> int:
    rows = model.objects.filter(ticket_id=ticket_id, pk__gt=after_id)
    ids = list(rows.values_list("pk", flat=True))
    if ids:
        model.objects.filter(pk__in=ids).update(created_at=when)
    return max(ids, default=after_id)
