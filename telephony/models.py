"""The hotline (SPEC CH2): PBX tokens, IVR menu, calls as the PBX reported them, callbacks owed to citizens."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

IVR_DIGITS_PATTERN = r"^[0-9*#]{1,8}$"


class PbxToken(models.Model):
    """One telephone system allowed to post call events. Only a SHA-256 of the token is kept.

    The token is 256 random bits, so a fast hash is enough (it is not a password anyone could guess);
    the prefix finds the row, the hash comparison is constant-time.
    """

    name = models.CharField(_("название АТС"), max_length=120)
    prefix = models.CharField(_("начало токена"), max_length=12, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)
    is_active = models.BooleanField(_("действует"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("последнее событие"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("токен АТС")
        verbose_name_plural = _("токены АТС")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class IvrChoice(models.Model):
    """A key sequence of the voice menu and the request topic it stands for («1» → registration)."""

    digits = models.CharField(
        _("клавиши"),
        max_length=8,
        unique=True,
        validators=[RegexValidator(IVR_DIGITS_PATTERN, _("Только цифры, * и #, не более 8 знаков."))],
    )
    topic = models.ForeignKey("tickets.Topic", on_delete=models.PROTECT, related_name="ivr_choices",
                              verbose_name=_("тема"))
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("пункт голосового меню")
        verbose_name_plural = _("пункты голосового меню")
        ordering = ["digits"]

    def __str__(self) -> str:
        return f"{self.digits} → {self.topic}"


EXTENSION_PATTERN = r"^[A-Za-z0-9_.@+-]{1,64}$"


class OperatorExtension(models.Model):
    """An operator's extension or SIP login on the PBX: what the PBX rings and names in its events."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pbx_extension",
                                limit_choices_to={"operator_profile__isnull": False}, verbose_name=_("оператор"))
    extension = models.CharField(
        _("внутренний номер или SIP-логин"),
        max_length=64,
        unique=True,
        validators=[RegexValidator(EXTENSION_PATTERN, _("Латинские буквы, цифры и знаки _ . @ + -, до 64 знаков."))],
    )

    class Meta:
        verbose_name = _("внутренний номер оператора")
        verbose_name_plural = _("внутренние номера операторов")
        ordering = ["extension"]

    def __str__(self) -> str:
        return self.extension


class Call(models.Model):
    """One call, assembled from the PBX's events in whatever order they arrive (their timestamps decide)."""

    class Direction(models.TextChoices):
        IN = "in", _("входящий")
        OUT = "out", _("исходящий")

    class State(models.TextChoices):
        RINGING = "ringing", _("вызов")
        ANSWERED = "answered", _("разговор")
        ENDED = "ended", _("завершён")

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("принят")
        MISSED = "missed", _("пропущен")
        ABANDONED = "abandoned", _("сброшен звонящим")
        VOICEMAIL = "voicemail", _("голосовое сообщение")

    class TopicSource(models.TextChoices):
        IVR = "ivr", _("голосовое меню")
        TRANSCRIPT = "transcript", _("распознанная речь")

    call_id = models.CharField(_("идентификатор АТС"), max_length=250, unique=True)
    pbx = models.ForeignKey(PbxToken, on_delete=models.PROTECT, related_name="calls", verbose_name=_("АТС"))
    direction = models.CharField(_("направление"), max_length=4, choices=Direction.choices, default=Direction.IN)
    from_number = models.CharField(_("с номера"), max_length=64, blank=True)
    to_number = models.CharField(_("на номер"), max_length=64, blank=True)
    # the citizen's side of the call in E.164 (+7…); empty for a hidden number
    phone = models.CharField(_("телефон гражданина"), max_length=16, blank=True, db_index=True)
    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="calls", verbose_name=_("гражданин"))
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="answered_calls", verbose_name=_("оператор"))
    operator_ref = models.CharField(_("оператор по данным АТС"), max_length=254, blank=True)
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="calls", verbose_name=_("обращение"))
    ivr_digits = models.CharField(_("выбор в меню"), max_length=8, blank=True)
    topic = models.ForeignKey("tickets.Topic", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("тема"))
    topic_source = models.CharField(_("тема определена по"), max_length=16, choices=TopicSource.choices, blank=True)
    transcript = models.TextField(_("расшифровка"), blank=True)
    recording_url = models.URLField(_("запись разговора"), max_length=1000, blank=True)
    # the talk time the PBX measured (Asterisk's billsec), when it sends one; else the events' timestamps decide
    duration_seconds = models.PositiveIntegerField(_("длительность по данным АТС, с"), null=True, blank=True)
    queue = models.CharField(_("очередь АТС"), max_length=120, blank=True)
    cause = models.CharField(_("причина завершения"), max_length=32, blank=True)
    state = models.CharField(_("состояние"), max_length=16, choices=State.choices, default=State.RINGING)
    outcome = models.CharField(_("итог"), max_length=16, choices=Outcome.choices, blank=True)
    started_at = models.DateTimeField(_("начало"), null=True, blank=True)
    answered_at = models.DateTimeField(_("ответ"), null=True, blank=True)
    ended_at = models.DateTimeField(_("завершение"), null=True, blank=True)
    # the outcome written to the request's history, so a late event that changes it is noticed
    logged_outcome = models.CharField(max_length=16, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("звонок")
        verbose_name_plural = _("звонки")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["outcome", "-created_at"], name="call_outcome_recent"),
            # the call log pages by keyset in this order (telephony.selectors.call_log_page)
            models.Index(fields=["-created_at", "-id"], name="call_log_order"),
        ]

    def __str__(self) -> str:
        return self.call_id

    @property
    def wait_seconds(self) -> int | None:
        """From the first ring to the answer, or to the hang-up of an unanswered call."""
        end = self.answered_at or self.ended_at
        if self.started_at is None or end is None:
            return None
        return max(0, int((end - self.started_at).total_seconds()))

    @property
    def talk_seconds(self) -> int | None:
        if self.answered_at is not None and self.duration_seconds is not None:
            return self.duration_seconds
        if self.answered_at is None or self.ended_at is None:
            return None
        return max(0, int((self.ended_at - self.answered_at).total_seconds()))


class CallEvent(models.Model):
    """An event as the PBX sent it. The unique pair (call, dedupe_key) makes a resent event a no-op.

    dedupe_key is the event's kind, and for an answer also the operator: a second answer by another operator
    is a transfer, not a repeat. A later event of a kind already recorded that brings fields the call lacks
    (a recording, the PBX's duration, a transcript) is kept with the digest of those fields.
    """

    class Kind(models.TextChoices):
        NEW_CALL = "newCall", _("новый вызов")
        ANSWER = "answer", _("ответ")
        HANGUP = "hangup", _("завершение")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="events")
    event = models.CharField(max_length=16, choices=Kind.choices)
    dedupe_key = models.CharField(max_length=300)
    # the answering operator, for a call's transfers (one answer per operator)
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    occurred_at = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)
    payload = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("событие звонка")
        verbose_name_plural = _("события звонков")
        ordering = ["occurred_at", "id"]
        constraints = [models.UniqueConstraint(fields=["call", "dedupe_key"], name="call_event_once_per_key")]

    def __str__(self) -> str:
        return f"{self.call_id}: {self.event}"


class Callback(models.Model):
    """A call the desk owes a citizen: after a missed or abandoned call, a voicemail, or an unresolved talk."""

    class Reason(models.TextChoices):
        MISSED = "missed", _("пропущенный звонок")
        ABANDONED = "abandoned", _("звонящий не дождался ответа")
        VOICEMAIL = "voicemail", _("голосовое сообщение")
        UNRESOLVED = "unresolved", _("вопрос не решён в разговоре")

    class Status(models.TextChoices):
        PENDING = "pending", _("ждёт звонка")
        DONE = "done", _("выполнен")
        CANCELLED = "cancelled", _("не нужен")

    class Result(models.TextChoices):
        RESOLVED = "resolved", _("дозвонились, вопрос решён")
        FOLLOW_UP = "follow_up", _("дозвонились, работа по обращению продолжается")
        NO_ANSWER = "no_answer", _("гражданин не ответил")
        WRONG_NUMBER = "wrong_number", _("неверный номер")
        CITIZEN_CALLED = "citizen_called", _("гражданин дозвонился сам")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="callbacks", verbose_name=_("звонок"))
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="callbacks",
                               verbose_name=_("обращение"))
    phone = models.CharField(_("номер для звонка"), max_length=16)
    reason = models.CharField(_("причина"), max_length=16, choices=Reason.choices)
    status = models.CharField(_("состояние"), max_length=16, choices=Status.choices, default=Status.PENDING)
    attempt = models.PositiveSmallIntegerField(_("попытка"), default=1)
    due_at = models.DateTimeField(_("перезвонить до"))
    # set once by the overdue sweep (telephony.callback_sla), when supervisors were alerted
    overdue_at = models.DateTimeField(_("просрочен с"), null=True, blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="callbacks", verbose_name=_("исполнитель"))
    result = models.CharField(_("итог"), max_length=16, choices=Result.choices, blank=True)
    note = models.TextField(_("комментарий"), blank=True)
    completed_at = models.DateTimeField(_("выполнен"), null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("кто выполнил"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("обратный звонок")
        verbose_name_plural = _("обратные звонки")
        ordering = ["due_at", "id"]
        constraints = [
            # one pending callback per request: a second missed call does not double the work
            models.UniqueConstraint(fields=["ticket"], condition=models.Q(status="pending"),
                                    name="callback_one_pending_per_ticket"),
        ]
        indexes = [models.Index(fields=["due_at"], condition=models.Q(status="pending"), name="callback_pending_due")]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.get_reason_display()}"


auditlog.register(PbxToken, exclude_fields=["token_hash", "last_used_at"])
auditlog.register(IvrChoice)
auditlog.register(OperatorExtension)
