"""Forms of the staff back-office: parse and check input; the services decide what is allowed."""

from __future__ import annotations

import hashlib

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import OperatorProfile, User
from accounts.roles import AGENT_ROLES
from tickets.models import Channel, SavedReply, SLAState, Ticket, Topic
from tickets.routing import LANGUAGE_NAMES
from tickets.selectors import topic_choices, topic_options


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe); content checks happen in attachments_check."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class DeskForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # labels are complete phrases; a trailing colon reads badly
        super().__init__(*args, **kwargs)


class ReplyForm(DeskForm):
    body = forms.CharField(
        label=_("Ответ"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Гражданин получит ответ на портале и по эл. почте, если обращение пришло не из чата."),
    )
    is_internal = forms.BooleanField(
        label=_("Внутренняя заметка (гражданин её не увидит)"),
        required=False,
    )
    attachments = MultipleFileField(
        label=_("Файлы"),
        required=False,
        help_text=_("До %(count)d файлов: изображения, PDF, DOCX, ODT или текст, каждый до %(size)d МБ.")
        % {"count": settings.ATTACHMENT_MAX_COUNT, "size": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)},
    )

    def clean(self):
        data = super().clean()
        if not (data.get("body") or "").strip() and not data.get("attachments"):
            self.add_error("body", _("Напишите текст ответа или приложите файл."))
        return data


class StatusForm(DeskForm):
    # Every status is a valid choice here: whether the move is allowed is the lifecycle's call (services).
    status = forms.ChoiceField(label=_("Новый статус"), choices=Ticket.Status.choices)
    reason = forms.CharField(
        label=_("Причина или комментарий"),
        required=False,
        max_length=500,
        help_text=_("Попадёт в журнал обращения."),
    )


class PriorityForm(DeskForm):
    """Posted to the status URL under the "priority" prefix, so both forms can share one page."""

    priority = forms.TypedChoiceField(label=_("Приоритет"), choices=Ticket.Priority.choices, coerce=int)
    reason = forms.CharField(label=_("Почему меняется приоритет"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "priority")
        super().__init__(*args, **kwargs)


def agents_queryset():
    return (
        User.objects.filter(is_active=True, groups__name__in=AGENT_ROLES, operator_profile__isnull=False)
        .select_related("operator_profile")
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


class AgentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        profile = obj.operator_profile
        return f"{obj.display_name} — {profile.get_level_display()}, {profile.get_status_display()}"


class AssignForm(DeskForm):
    agent = AgentChoiceField(label=_("Исполнитель"), queryset=User.objects.none(), empty_label=None)
    # The routing rules apply to a supervisor's choice too (routing.assignment_check): only someone on the line;
    # a full desk, another language or topic only when the supervisor confirms it here.
    override = forms.BooleanField(
        label=_("Назначить сверх правил распределения"),
        required=False,
        help_text=_("Даже если у сотрудника нет свободных мест или обращение не по его языку и компетенциям. "
                    "Сотрудник должен быть на линии."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = agents_queryset()


class OperatorStatusForm(DeskForm):
    status = forms.ChoiceField(
        label=_("Мой статус"),
        choices=OperatorProfile.Status.choices,
        widget=forms.RadioSelect,
    )


class QueueFilterForm(DeskForm):
    """The workspace filters (GET): search by number or subject, channel, topic, priority, SLA state, language.

    Every field is optional; a value that does not fit is reported next to its field and ignored.
    """

    q = forms.CharField(
        label=_("Поиск"),
        required=False,
        max_length=200,
        help_text=_("Номер обращения (SD-2026-000123 или последние цифры) или слова из темы. Клавиша «/» — к поиску."),
    )
    channel = forms.ChoiceField(label=_("Канал"), required=False, choices=[("", _("Любой")), *Channel.choices])
    topic = forms.ModelChoiceField(label=_("Категория"), required=False, queryset=Topic.objects.none(),
                                   empty_label=_("Любая"))
    priority = forms.TypedChoiceField(
        label=_("Приоритет"), required=False, coerce=int, empty_value=None,
        choices=[("", _("Любой")), *Ticket.Priority.choices],
    )
    sla = forms.ChoiceField(label=_("Срок (SLA)"), required=False, choices=[("", _("Любой")), *SLAState.choices])
    language = forms.ChoiceField(
        label=_("Язык обращения"), required=False, choices=[("", _("Любой")), *LANGUAGE_NAMES.items()]
    )

    def __init__(self, *args, options: list[tuple[int, str]] | None = None, **kwargs):
        """`options`: the topic options (selectors.topic_options), when the caller has read them already."""
        super().__init__(*args, **kwargs)
        topic = self.fields["topic"]
        topic.queryset = topic_choices()  # what a submitted value is checked against
        topic.choices = [("", topic.empty_label), *(topic_options() if options is None else options)]

    @staticmethod
    def render_key(options: list[tuple[int, str]]) -> str:
        """What the unbound form's HTML depends on beyond the interface language: the topic options. The queue
        page caches that HTML under it (rendering the six fields cost a sixth of the page), so a renamed, added
        or retired topic shows at once in every process. From the options alone: on a cache hit the form itself
        is never built."""
        text = "\n".join(f"{pk}\t{label}" for pk, label in options)
        return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()

    def filters(self) -> dict:
        """The valid filters as tickets_filter() keyword arguments (invalid fields dropped)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "channel": data.get("channel") or "",
            "topic": data.get("topic"),
            "priority": data.get("priority"),
            "sla_state": data.get("sla") or "",
            "language": data.get("language") or "",
        }


class SavedReplyChoiceForm(DeskForm):
    """The no-script way to use a saved reply: pick it, and the page comes back with it in the answer field."""

    saved_reply = forms.ModelChoiceField(label=_("Шаблон ответа"), queryset=SavedReply.objects.none(),
                                         empty_label=None)

    def __init__(self, *args, replies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if replies is not None:
            self.fields["saved_reply"].queryset = replies


# --- Tiers: transfer L1 → L2 → L3 and the technical group's resolution report (issue #3, AU6) ------------


class TransferForm(DeskForm):
    """Hand the request to another support tier; the services decide whether the move is allowed."""

    prefix = "transfer"

    to_tier = forms.TypedChoiceField(
        label=_("Передать на уровень"),
        coerce=int,
        choices=[
            (1, _("L1 — первая линия")),
            (2, _("L2 — профильный отдел")),
            (3, _("L3 — техническая группа")),
        ],
    )
    topic = forms.ModelChoiceField(
        label=_("Тема (по ней подбирается отдел)"),
        required=False,
        queryset=Topic.objects.none(),
        empty_label=_("Оставить текущую"),
    )
    reason = forms.CharField(
        label=_("Причина передачи"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Попадёт в журнал обращения; гражданин увидит только, что обращение передано специалистам."),
        error_messages={"required": _("Укажите причину передачи.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topic_choices()


class TechnicalResolutionForm(DeskForm):
    """AU6: what the technical group did and how the citizen avoids the problem; both go to the citizen."""

    prefix = "resolution"

    what_was_done = forms.CharField(
        label=_("Что сделано"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Опишите, что сделано.")},
    )
    how_to_avoid = forms.CharField(
        label=_("Как избежать в будущем"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Гражданин получит оба текста в переписке (и по эл. почте, если обращение пришло не из чата)."),
        error_messages={"required": _("Опишите, как избежать проблемы в будущем.")},
    )
