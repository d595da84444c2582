from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase


class Channel(models.TextChoices):
    WEB = "web", _("форма на портале")
    CHAT = "chat", _("онлайн-чат")
    EMAIL = "email", _("электронная почта")
    PHONE = "phone", _("горячая линия")
    MOBILE = "mobile", _("мобильное приложение")


class Topic(models.Model):
    """A node of the request taxonomy (SPEC TQ). Skills of operators are topics."""

    class Complexity(models.TextChoices):
        TYPICAL = "typical", _("типовое")
        COMPLEX = "complex", _("сложное")

    code = models.SlugField(_("код"), max_length=64, unique=True)
    name = models.CharField(_("название"), max_length=200)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    complexity = models.CharField(
        _("сложность"), max_length=16, choices=Complexity.choices, default=Complexity.TYPICAL
    )
    tier = models.PositiveSmallIntegerField(_("уровень поддержки"), default=1)
    is_active = models.BooleanField(_("активна"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("тема")
        verbose_name_plural = _("темы")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return Topic.label(self.name, self.parent.name if self.parent_id and self.parent else None)

    @staticmethod
    def label(name: str, parent_name: str | None) -> str:
        """How a topic is named in lists: under its parent («Регистрация и вход → Восстановление пароля»)."""
        return f"{parent_name} → {name}" if parent_name else name


class SLAState(models.TextChoices):
    ON_TRACK = "on_track", _("в срок")
    AT_RISK = "at_risk", _("под угрозой")
    BREACHED = "breached", _("нарушен")


_SECONDS_AT_LEAST_ONE = MinValueValidator(1, message=_("Срок должен быть не меньше 1 секунды."))
_RATIO_MESSAGE = _("Доля срока до «под угрозой» должна быть больше 0 и меньше 1 (например, 0,80).")
_OBJECTIVE_MESSAGE = _("Цель должна быть больше 0 % и не больше 100 %.")


def validate_at_risk_ratio(value: Decimal) -> None:
    if not Decimal(0) < value < Decimal(1):
        raise ValidationError(_RATIO_MESSAGE, code="at_risk_ratio")


def validate_objective_percent(value: Decimal) -> None:
    if not Decimal(0) < value <= Decimal(100):
        raise ValidationError(_OBJECTIVE_MESSAGE, code="objective_percent")


class SLAPolicy(models.Model):
    """Targets of SPEC SLA1–SLA3, editable by administrators; the most specific active policy applies.

    The sweep relies on the validation below: a ratio outside (0, 1) or a hard cap before the resolution
    target would hide breaches (tickets.sla reads deadlines up to now + the at-risk lead).
    """

    name = models.CharField(_("название"), max_length=120)
    channel = models.CharField(_("канал"), max_length=16, choices=Channel.choices, blank=True,
                               help_text=_("пусто — любой канал"))
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="sla_policies",
                              help_text=_("пусто — любая тема; тема-раздел действует и на подтемы"))
    first_response_seconds = models.PositiveIntegerField(_("первый ответ, с"), default=30,
                                                         validators=[_SECONDS_AT_LEAST_ONE])
    typical_resolution_seconds = models.PositiveIntegerField(_("решение типового, с"), default=5 * 60,
                                                             validators=[_SECONDS_AT_LEAST_ONE])
    complex_resolution_seconds = models.PositiveIntegerField(_("решение сложного, с"), default=30 * 60,
                                                             validators=[_SECONDS_AT_LEAST_ONE])
    hard_cap_seconds = models.PositiveIntegerField(_("предельный срок, с"), default=60 * 60,
                                                   validators=[_SECONDS_AT_LEAST_ONE],
                                                   help_text=_("срок для обращений, не решённых в основной срок"))
    at_risk_ratio = models.DecimalField(_("доля срока до «под угрозой»"), max_digits=3, decimal_places=2,
                                        default=Decimal("0.80"), validators=[validate_at_risk_ratio],
                                        help_text=_("больше 0 и меньше 1: 0,80 — «под угрозой» после 80 % срока"))
    objective_percent = models.DecimalField(_("цель, % в срок"), max_digits=5, decimal_places=2,
                                            default=Decimal("95.00"), validators=[validate_objective_percent],
                                            help_text=_("больше 0 и не больше 100"))
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("политика SLA")
        verbose_name_plural = _("политики SLA")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """First contact ≤ typical ≤ complex ≤ hard cap: each later target must leave room for the earlier."""
        super().clean()
        targets = [self.first_response_seconds, self.typical_resolution_seconds, self.complex_resolution_seconds,
                   self.hard_cap_seconds]
        if any(value is None for value in targets):
            return  # the field's own error says what is missing
        errors = []
        if self.first_response_seconds > self.typical_resolution_seconds:
            errors.append(_("Первый ответ не может быть позже решения типового обращения."))
        if self.typical_resolution_seconds > self.complex_resolution_seconds:
            errors.append(_("Типовое обращение не может решаться дольше сложного."))
        if self.complex_resolution_seconds > self.hard_cap_seconds:
            errors.append(_("Сложное обращение не может решаться дольше предельного срока."))
        if errors:
            raise ValidationError(errors)


class Ticket(models.Model):
    """A citizen's request, whatever channel it came from."""

    class Status(models.TextChoices):
        NEW = "new", _("новое")
        ASSISTANT = "assistant", _("отвечает помощник")  # a chat the assistant handles before any person
        TRIAGED = "triaged", _("классифицировано")
        ASSIGNED = "assigned", _("назначено")
        IN_PROGRESS = "in_progress", _("в работе")
        WAITING = "waiting", _("ждёт ответа гражданина")
        RESOLVED = "resolved", _("решено")
        CLOSED = "closed", _("закрыто")
        CANCELLED = "cancelled", _("отменено")

    class Priority(models.IntegerChoices):
        LOW = 1, _("низкий")
        NORMAL = 2, _("обычный")
        HIGH = 3, _("высокий")
        URGENT = 4, _("срочный")

    OPEN_STATUSES = (Status.NEW, Status.ASSISTANT, Status.TRIAGED, Status.ASSIGNED, Status.IN_PROGRESS, Status.WAITING)
    # Open requests that are people's work (backlog, queues, dashboards): not yet the assistant's chats.
    STAFF_OPEN_STATUSES = (Status.NEW, Status.TRIAGED, Status.ASSIGNED, Status.IN_PROGRESS, Status.WAITING)

    number = models.CharField(_("номер"), max_length=20, unique=True, editable=False)
    channel = models.CharField(_("канал"), max_length=16, choices=Channel.choices)
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="tickets"
    )
    # For contacts without an account (email, phone); masked in every staff view but the request's own.
    contact_name = models.CharField(_("имя обратившегося"), max_length=200, blank=True)
    contact_email = models.EmailField(_("эл. почта для ответа"), blank=True)
    contact_phone = models.CharField(_("телефон для ответа"), max_length=12, blank=True)
    subject = models.CharField(_("тема обращения"), max_length=200)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="tickets")
    priority = models.PositiveSmallIntegerField(_("приоритет"), choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.NEW)
    tier = models.PositiveSmallIntegerField(_("уровень"), default=1)
    language = models.CharField(_("язык"), max_length=8, default="ru")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_tickets",
        verbose_name=_("исполнитель"),
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # SLA clocks (tickets.sla): due_at is the resolution target shown to the citizen; all targets move
    # forward by the time the request waited for the citizen (SLA paused).
    due_at = models.DateTimeField(_("ожидаемый срок ответа"), null=True, blank=True)
    first_response_due_at = models.DateTimeField(_("срок первого ответа"), null=True, blank=True)
    hard_due_at = models.DateTimeField(_("предельный срок"), null=True, blank=True)
    sla_policy = models.ForeignKey(
        "tickets.SLAPolicy", on_delete=models.SET_NULL, null=True, blank=True, related_name="tickets"
    )
    sla_state = models.CharField(_("состояние SLA"), max_length=16, choices=SLAState.choices, default=SLAState.ON_TRACK)
    sla_paused_at = models.DateTimeField(null=True, blank=True)
    sla_paused_seconds = models.PositiveIntegerField(default=0)
    escalation_level = models.PositiveSmallIntegerField(_("эскалаций"), default=0)
    reassignment_count = models.PositiveSmallIntegerField(_("переназначений"), default=0)
    routed_at = models.DateTimeField(null=True, blank=True)
    # A chat that a visitor opened without signing in is bound to their browser session.
    session_key = models.CharField(max_length=40, blank=True, db_index=True)

    class Meta:
        verbose_name = _("обращение")
        verbose_name_plural = _("обращения")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("view_all_tickets", _("Видит все обращения")),
            ("assign_ticket", _("Назначает обращения")),
        ]
        indexes = [
            models.Index(fields=["assignee", "status", "-updated_at"], name="ticket_assignee_status"),
            models.Index(fields=["citizen", "-created_at"], name="ticket_citizen_recent"),
            # the SLA sweep reads only open requests still on track or at risk, by their nearest deadline
            models.Index(
                fields=["first_response_due_at"],
                name="ticket_sla_first_response",
                # every running status (tickets.sla.RUNNING_STATUSES): «в работе» without a reply still counts
                condition=models.Q(
                    first_response_at__isnull=True, status__in=["new", "triaged", "assigned", "in_progress"]
                ),
            ),
            models.Index(
                fields=["due_at"],
                name="ticket_sla_resolution",
                condition=models.Q(status__in=["new", "triaged", "assigned", "in_progress"]),
            ),
            # routing (tickets.routing): an operator's load is a count over this small index, and an
            # operator's «next request» walks the queue in claim order and stops at the first that fits
            models.Index(
                fields=["assignee"],
                name="ticket_open_by_assignee",
                condition=models.Q(status__in=["assigned", "in_progress", "waiting"]),
            ),
            models.Index(
                fields=["-priority", "created_at", "id"],
                name="ticket_queue_claim_order",
                condition=models.Q(assignee__isnull=True, status__in=["new", "triaged"]),
            ),
            # the desk's «team» section: requests colleagues hold, read in queue order
            models.Index(
                fields=["-priority", "created_at", "id"],
                name="ticket_team_order",
                condition=models.Q(assignee__isnull=False, status__in=["assigned", "in_progress", "waiting"]),
            ),
            # the live counts of the SLA dashboard and /metrics (dashboards.selectors.open_now): every open request
            # with the columns they read, so counting backlog, queue and requests past a deadline reads this
            # small index instead of visiting each open row scattered over the table
            models.Index(
                fields=["status"],
                name="ticket_open_now",
                include=["channel", "topic", "assignee", "tier", "language", "created_at", "due_at",
                         "first_response_at", "first_response_due_at", "sla_paused_at"],
                condition=models.Q(status__in=["new", "triaged", "assigned", "in_progress", "waiting"]),
            ),
            # the desk's «at risk» section: few rows at any time, read in queue order
            models.Index(
                fields=["-priority", "created_at", "id"],
                name="ticket_open_at_risk",
                condition=models.Q(
                    status__in=["new", "triaged", "assigned", "in_progress", "waiting"],
                    sla_state__in=["at_risk", "breached"],
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class TicketMessage(models.Model):
    """One message of the conversation, from any channel. Chat messages carry the client's id for resends."""

    class AuthorKind(models.TextChoices):
        CITIZEN = "citizen", _("гражданин")
        AGENT = "agent", _("сотрудник")
        ASSISTANT = "assistant", _("помощник")
        SYSTEM = "system", _("система")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    author_kind = models.CharField(max_length=16, choices=AuthorKind.choices)
    body = models.TextField(_("текст"))
    channel = models.CharField(max_length=16, choices=Channel.choices)
    is_internal = models.BooleanField(_("внутренняя заметка"), default=False)
    client_message_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("сообщение")
        verbose_name_plural = _("сообщения")
        ordering = ["created_at", "id"]
        constraints = [
            # a chat client resending after a reconnect must not create a second copy
            models.UniqueConstraint(
                fields=["ticket", "client_message_id"],
                condition=~models.Q(client_message_id=""),
                name="message_client_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket.number} #{self.pk}"

    # The fields a live update carries of a message (tickets.services.message_post → chat.consumers), so that
    # each socket following the conversation renders it without reading it back; the author's name fields
    # rebuild `author.display_name`. Files are not carried: a socket reads a message with files from the database.
    LIVE_FIELDS = ("id", "author_kind", "body", "is_internal", "client_message_id")
    LIVE_AUTHOR_FIELDS = ("id", "email", "first_name", "last_name", "patronymic")

    def live_copy(self) -> dict:
        copy = {name: getattr(self, name) for name in self.LIVE_FIELDS}
        copy["created_at"] = self.created_at.isoformat()
        author = self.author if self.author_id is not None else None
        copy["author"] = None if author is None else {name: getattr(author, name) for name in self.LIVE_AUTHOR_FIELDS}
        return copy

    @classmethod
    def from_live_copy(cls, copy: dict, *, ticket_id: int) -> TicketMessage:
        """The message as live_copy() described it, with no files (an unsaved instance: nothing reads the database)."""
        from datetime import datetime

        from django.contrib.auth import get_user_model

        message = cls(ticket_id=ticket_id, created_at=datetime.fromisoformat(copy["created_at"]),
                      **{name: copy[name] for name in cls.LIVE_FIELDS})
        if copy["author"] is not None:
            message.author = get_user_model()(**copy["author"])
        return message


class TicketEvent(models.Model):
    """The journal of a request (AU7): every stage, who did it and why. Rows are never changed."""

    class Kind(models.TextChoices):
        CREATED = "created", _("обращение зарегистрировано")
        MESSAGE = "message", _("сообщение")
        STATUS_CHANGED = "status_changed", _("изменён статус")
        ASSIGNED = "assigned", _("назначен исполнитель")
        UNASSIGNED = "unassigned", _("исполнитель снят")
        TRANSFERRED = "transferred", _("передано на другой уровень")
        PRIORITY_CHANGED = "priority_changed", _("изменён приоритет")
        TOPIC_CHANGED = "topic_changed", _("изменена тема")
        ATTACHMENT_ADDED = "attachment_added", _("добавлено вложение")
        ACKNOWLEDGED = "acknowledged", _("отправлено подтверждение")
        CITIZEN_NOTIFIED = "citizen_notified", _("гражданин уведомлён")
        ROUTED = "routed", _("направлено специалисту")
        QUEUED = "queued", _("ждёт свободного специалиста")
        HANDED_OVER = "handed_over", _("помощник передал специалисту")
        ESCALATED = "escalated", _("эскалировано")
        SLA_AT_RISK = "sla_at_risk", _("срок под угрозой")
        SLA_BREACHED = "sla_breached", _("срок нарушен")
        RESOLUTION_REPORTED = "resolution_reported", _("отчёт о решении")
        CSAT_RECEIVED = "csat_received", _("получена оценка")
        MAIL_BOUNCED = "mail_bounced", _("письмо не доставлено")  # a bounce or a relay's refusal (mail/)
        MAIL_AUTO_REPLY = "mail_auto_reply", _("получен автоответ")  # an out-of-office answering our letter

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("событие журнала")
        verbose_name_plural = _("журнал обращения")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.kind}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # the stored name is random: a citizen's file name can carry personal data
    return f"attachments/{instance.ticket.created_at:%Y/%m}/{instance.ticket_id}/{instance.sha256[:16]}"


class Attachment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        TicketMessage, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("имя файла"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("вложение")
        verbose_name_plural = _("вложения")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class SatisfactionRating(models.Model):
    """CSAT: the citizen's one-click rating after resolution (SPEC OUT, OP3)."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField(_("оценка"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("комментарий"), blank=True)
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("оценка обращения")
        verbose_name_plural = _("оценки обращений")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.score}"


class SavedReply(models.Model):
    """A ready answer operators insert in one click (OP2); optionally tied to a topic."""

    title = models.CharField(_("название"), max_length=120)
    body = models.TextField(_("текст"))
    topic = models.ForeignKey(Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="saved_replies")
    language = models.CharField(_("язык"), max_length=8, default="ru")
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("шаблон ответа")
        verbose_name_plural = _("шаблоны ответов")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class TicketUserObjectPermission(UserObjectPermissionBase):
    """Direct-FK guardian grants: the assignee's rights on a request (guardian advice for trackers)."""

    content_object = models.ForeignKey(Ticket, on_delete=models.CASCADE)

