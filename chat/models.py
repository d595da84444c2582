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
    pending_scenario = models.CharField(max_length=16, blank=True)  # waits for a phone or an application number
    scenarios_done = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("диалог помощника")
        verbose_name_plural = _("диалоги помощника")

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.stage}"
