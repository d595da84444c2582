"""What the chat assistant remembers of a conversation (chat.dialogue). A chat itself is a Ticket."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DialogueState(models.Model):
    class Stage(models.TextChoices):
        LISTENING = "listening", _("выясняет вопрос")
        OFFERED = "offered", _("предложил статью")
        CLARIFYING = "clarifying", _("уточняет тему")
        RESOLVED = "resolved", _("вопрос решён помощником")
        HANDED_OVER = "handed_over", _("передал специалисту")

    ticket = models.OneToOneField("tickets.Ticket", on_delete=models.CASCADE, related_name="dialogue")
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.LISTENING)
    misses = models.PositiveSmallIntegerField(default=0)  # answers that did not fit or did not help
    offered_article_ids = models.JSONField(default=list, blank=True)
    clarify_topics = models.JSONField(default=list, blank=True)  # the two close topics asked about
    handover_reason = models.CharField(max_length=32, blank=True)
    pending_scenario = models.CharField(max_length=16, blank=True)  # the AU5 scenario in progress (chat.scenarios)
    scenario_step = models.CharField(max_length=16, blank=True)  # its step that handles the citizen's next reply
    scenario_data = models.JSONField(default=dict, blank=True)  # what earlier steps learnt (the phone to check)
    scenarios_done = models.JSONField(default=list, blank=True)
    # The quick replies offered with the assistant's latest message: {"message_id": id, "actions": [...]}
    quick_replies = models.JSONField(default=dict, blank=True)
    # The citizen message the assistant last answered: a resent start or a redelivered task answers nothing twice
    last_answered_message_id = models.PositiveBigIntegerField(default=0)
    chosen_topic = models.CharField(max_length=64, blank=True)  # the topic the citizen picked when asked
    # How sure the topic on the request is (1.0: a person chose it); the assistant replaces a weaker one
    topic_confidence = models.FloatField(null=True, blank=True)
    voted_article_ids = models.JSONField(default=list, blank=True)  # one «да»/«нет» vote per article
    details_asked = models.PositiveSmallIntegerField(default=0)  # «опишите подробнее» asked this many times
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("диалог помощника")
        verbose_name_plural = _("диалоги помощника")

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.stage}"


class ChatReadMark(models.Model):
    """How far one side of a chat has read: the last message id it saw. Survives reconnects (read receipts)."""

    class Side(models.TextChoices):
        CITIZEN = "citizen", _("гражданин")
        STAFF = "staff", _("сотрудник")

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="chat_read_marks")
    side = models.CharField(max_length=8, choices=Side.choices)
    message_id = models.PositiveBigIntegerField(default=0)
    read_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("отметка о прочтении")
        verbose_name_plural = _("отметки о прочтении")
        ordering = ["ticket", "side"]
        constraints = [models.UniqueConstraint(fields=["ticket", "side"], name="chat_read_mark_one_per_side")]

    def __str__(self) -> str:
        return f"{self.ticket_id}/{self.side}: {self.message_id}"
