"""Labels for the desk's long lists, translated once per language instead of once per row.

A queue page shows up to a hundred rows; each row's status, priority, channel, waiting time and SLA timer
asked gettext for a dozen strings (about 2,000 calls a page, a third of its rendering time). The strings
are the same Django translations, looked up once per process and language.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from accounts.models import OperatorProfile
from tickets.models import Channel, Ticket

register = template.Library()

CHOICES = {
    "status": Ticket.Status.choices,
    "priority": Ticket.Priority.choices,
    "channel": Channel.choices,
    "operator_status": OperatorProfile.Status.choices,
}
SLA_TIMER_TEXT = {
    "first_response": _("Первый ответ"),
    "resolution": _("Решение"),
    "paused": _("пауза — ждём гражданина"),
    "left": _("осталось"),
    "late": _("просрочено на"),
    "breached": _("SLA нарушен"),
    "at_risk": _("под угрозой"),
    "until": _("до"),
}
# Abbreviations that Russian does not inflect, so the waiting time needs no plural forms.
WAIT_UNITS = {"minutes": _("мин"), "hours": _("ч"), "days": _("дн")}


@lru_cache(maxsize=32)
def _translated(kind: str, language: str) -> dict:
    with translation.override(language):
        if kind == "sla":
            return {key: str(text) for key, text in SLA_TIMER_TEXT.items()}
        if kind == "wait":
            return {key: str(text) for key, text in WAIT_UNITS.items()}
        return {value: str(label) for value, label in CHOICES[kind]}


def _labels(kind: str) -> dict:
    return _translated(kind, translation.get_language() or "ru")


@register.filter
def choice_label(value, kind: str) -> str:
    """{{ ticket.status|choice_label:"status" }}: the display name of a stored choice."""
    return _labels(kind).get(value, value)


@register.filter
def waited(since: datetime, now: datetime) -> str:
    """How long a request has waited, as «2 ч 5 мин» (the exact time is in the <time> element)."""
    minutes = max(0, int((now - since).total_seconds() // 60))
    units = _labels("wait")
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} {units['days']} {hours} {units['hours']}" if hours else f"{days} {units['days']}"
    if hours:
        return f"{hours} {units['hours']} {minutes} {units['minutes']}"
    return f"{minutes} {units['minutes']}"


@register.simple_tag
def sla_timer_html(timer) -> str:
    """One SLA timer (tickets.sla.SLATimer or None), complete without scripts; desk-sla.js only re-counts the
    digits every second, and the ticking part is aria-live="off". Built here rather than in an included
    template: the queue shows up to a hundred of them, and an include costs more than the row around it."""
    if timer is None:
        return mark_safe('<span class="muted">—</span>')
    text = _labels("sla")
    classes = f"sla-timer sla-{timer.state}" + (" sla-late" if timer.is_late else "") + (
        " sla-paused" if timer.paused else ""
    )
    deadline_iso = timer.deadline.isoformat() if timer.deadline else ""
    target = text["first_response"] if timer.target == "first_response" else text["resolution"]
    if timer.paused:
        progress = format_html('<span class="sla-label">{}</span>', text["paused"])
    else:
        progress = format_html(
            '<span class="sla-label" data-left="{}" data-late="{}">{}</span>\n'
            '<time class="sla-clock" datetime="{}" aria-live="off">{}</time>',
            text["left"], text["late"], text["late"] if timer.is_late else text["left"], deadline_iso, timer.clock,
        )
    badge = ""
    if timer.state in ("breached", "at_risk"):
        css = "sla-badge-breached" if timer.state == "breached" else "sla-badge-at-risk"
        badge = format_html('<span class="badge {}">{}</span>', css, text[timer.state])
    until = localtime(timer.deadline).strftime("%H:%M:%S") if timer.deadline else ""
    return format_html(
        '<span class="{}" data-deadline="{}"{}>\n<span class="sla-target">{}:</span>\n{}\n{}\n'
        '<span class="sla-until muted">({} {})</span>\n</span>',
        classes, deadline_iso, mark_safe(' data-paused="1"') if timer.paused else "", target, progress, badge,
        text["until"], until,
    )
