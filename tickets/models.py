from __future__ import annotations

from datetime import timedelta

from auditlog.registry import auditlog
from django.conf import settings
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
        return f"{self.parent.name} → {self.name}" if self.parent_id and self.parent else self.name

    @property
    def resolution_target(self) -> timedelta:
        """SLA2: typical requests within 5 minutes, complex ones within 30."""
        return timedelta(minutes=5 if self.complexity == self.Complexity.TYPICAL else 30)


class Ticket(models.Model):
    """A citizen's request, whatever channel it came from."""

    class Status(models.TextChoices):
        NEW = "new", _("новое")
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

    OPEN_STATUSES = (Status.NEW, Status.TRIAGED, Status.ASSIGNED, Status.IN_PROGRESS, Status.WAITING)

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
    due_at = models.DateTimeField(_("ожидаемый срок ответа"), null=True, blank=True)
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
            # the operator queue: open requests, oldest first (partial, in queue order)
            models.Index(
                fields=["tier", "created_at", "id"],
                name="ticket_unassigned_queue",
                condition=models.Q(assignee__isnull=True, status__in=["new", "triaged"]),
            ),
            models.Index(fields=["assignee", "status", "-updated_at"], name="ticket_assignee_status"),
            models.Index(fields=["citizen", "-created_at"], name="ticket_citizen_recent"),
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


class TicketUserObjectPermission(UserObjectPermissionBase):
    """Direct-FK guardian grants: the assignee's rights on a request (guardian advice for trackers)."""

    content_object = models.ForeignKey(Ticket, on_delete=models.CASCADE)


auditlog.register(Ticket, include_fields=["status", "priority", "tier", "assignee", "topic", "subject"])
