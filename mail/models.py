from django.db import models
from django.utils.translation import gettext_lazy as _

from tickets.models import Ticket, TicketMessage


class MailMessage(models.Model):
    """Every letter the desk received or sent, by Message-ID: threading, duplicates, and the audit copy.

    The unique message_id makes delivery idempotent: a letter fetched twice by IMAP, redelivered by the
    MTA, or delivered by both at once is processed once (the second INSERT waits for the first and fails).
    Letters that opened no request (bounces, auto-replies, refused or broken ones) stay here for operators.
    """

    class Direction(models.TextChoices):
        INBOUND = "in", _("входящее")
        OUTBOUND = "out", _("исходящее")

    class Outcome(models.TextChoices):
        OPENED = "opened", _("открыто обращение")
        THREADED = "threaded", _("добавлено в обращение")
        BOUNCE = "bounce", _("уведомление о недоставке")
        AUTO_REPLY = "auto_reply", _("автоответ или рассылка")
        REJECTED = "rejected", _("не принято")
        FAILED = "failed", _("ошибка обработки")
        PENDING = "pending", _("ждёт отправки")  # outbound: claimed, not yet taken by the SMTP server
        SENT = "sent", _("отправлено")

    class Source(models.TextChoices):
        IMAP = "imap", "IMAP"
        LMTP = "lmtp", "LMTP"
        SMTP = "smtp", "SMTP"
        DESK = "desk", _("служба поддержки")

    message_id = models.CharField("Message-ID", max_length=255, unique=True)
    direction = models.CharField(_("направление"), max_length=3, choices=Direction.choices)
    outcome = models.CharField(_("результат"), max_length=16, choices=Outcome.choices)
    source = models.CharField(_("источник"), max_length=8, choices=Source.choices)
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, null=True, blank=True, related_name="mail_messages",
        verbose_name=_("обращение"),
    )
    ticket_message = models.ForeignKey(
        TicketMessage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sender = models.CharField(_("отправитель"), max_length=320, blank=True)
    subject = models.CharField(_("тема"), max_length=300, blank=True)
    in_reply_to = models.CharField("In-Reply-To", max_length=255, blank=True)
    references = models.TextField("References", blank=True)  # Message-IDs separated by spaces, oldest first
    size = models.PositiveIntegerField(_("размер, байт"), default=0)
    raw = models.BinaryField(_("исходное письмо"), blank=True, editable=False)  # the audit copy, as received
    note = models.TextField(_("примечание"), blank=True)  # why no request was opened, refused attachments
    # what the sender is told was not taken (refused files, a letter over the size limit): the acknowledgment says it
    sender_notices = models.JSONField(_("сообщено отправителю"), default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(_("попыток обработки"), default=0)  # failed ones, see retry_at
    # a failed letter is processed again from here on (mail.tasks.mail_failed_retry_task); empty: a person decides
    retry_at = models.DateTimeField(_("следующая попытка"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("письмо")
        verbose_name_plural = _("письма")
        ordering = ["-created_at", "-id"]
        indexes = [
            # outbound threading reads a request's latest letters; operators filter by outcome
            models.Index(fields=["ticket", "direction", "-created_at"], name="mail_ticket_latest"),
            models.Index(fields=["outcome", "-created_at"], name="mail_outcome_recent"),
            models.Index(fields=["retry_at"], name="mail_retry_due", condition=models.Q(outcome="failed")),
            models.Index(fields=["retry_at"], name="mail_send_due", condition=models.Q(outcome="pending")),
        ]

    def __str__(self) -> str:
        return self.message_id

    @property
    def reference_ids(self) -> list[str]:
        return self.references.split()


class MailboxState(models.Model):
    """How far IMAP intake has read one mailbox folder, by UID: it never depends on the \\Seen flag, so a letter
    someone opened in webmail before the poll is still taken.

    UIDs only grow within one UIDVALIDITY; a new UIDVALIDITY means the server renumbered the folder, and intake
    reads it again from the start (Message-IDs make every letter already taken a duplicate).
    """

    mailbox = models.CharField(_("почтовый ящик"), max_length=400, unique=True)  # user@host:port/folder
    uidvalidity = models.BigIntegerField(default=0)
    last_uid = models.BigIntegerField(_("последний UID"), default=0)  # every letter up to it was taken or given up
    # letters at or below last_uid that failed on their own (a refused FETCH, not a database outage), tried
    # again at the next polls: {uid: attempts}
    retry_uids = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("состояние почтового ящика")
        verbose_name_plural = _("состояние почтовых ящиков")
        ordering = ["mailbox"]

    def __str__(self) -> str:
        return f"{self.mailbox} UID {self.last_uid}"
