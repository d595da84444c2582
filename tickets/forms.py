"""Citizen forms: open a request, answer in it. Files are checked by their content in tickets.attachments."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.validators import normalize_phone
from tickets.attachments import ALLOWED_TYPES, attachments_check
from tickets.citizen_details import CitizenDetails
from tickets.errors import AttachmentRejected
from tickets.input_checks import suspicious_entries
from tickets.models import Topic
from tickets.selectors import topic_choices

MESSAGE_MAX_LENGTH = 10_000
# The browser's file picker shows these first; the server still decides by content, not by name.
ACCEPTED_EXTENSIONS = ",".join(sorted({f".{ext}" for ext in ALLOWED_TYPES.values()} | {".jpeg", ".tiff"}))


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (the recipe from Django's file-upload docs); cleans to a list of CheckedFile."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED_EXTENSIONS}))
        kwargs.setdefault("required", False)
        # empty files get the named message of attachments_check instead of Django's generic one
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        uploads = data if isinstance(data, list | tuple) else [data]
        uploads = [single_clean(upload, initial) for upload in uploads if upload]
        try:
            return attachments_check(uploads)
        except AttachmentRejected as error:
            raise forms.ValidationError(str(error), code="rejected") from error


def _attachments_help() -> str:
    return _("До %(count)d файлов, каждый до %(size)d МБ: изображения (JPG, PNG), PDF, DOCX, ODT или текст.") % {
        "count": settings.ATTACHMENT_MAX_COUNT,
        "size": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024),
    }


def grouped_topic_choices(topics: list[Topic]) -> list:
    """Active topics as <optgroup>s by parent; a parent is also a choice, for questions no sub-topic fits."""
    roots = [topic for topic in topics if topic.parent_id is None]
    children: dict[int, list[Topic]] = {}
    for topic in topics:
        if topic.parent_id is not None:
            children.setdefault(topic.parent_id, []).append(topic)
    choices: list = [("", _("Не знаю / определите сами"))]
    for root in sorted(roots, key=lambda t: (t.position, t.name)):
        options = [(child.pk, child.name) for child in sorted(children.get(root.pk, []), key=lambda t: t.position)]
        options.append((root.pk, _("Другой вопрос по теме «%(name)s»") % {"name": root.name}))
        choices.append((root.name, options))
    return choices


class CitizenTicketForm(forms.Form):
    topic = forms.TypedChoiceField(
        label=_("Тема"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Если не уверены, оставьте «Не знаю» — тему определит специалист."),
    )
    subject = forms.CharField(
        label=_("Кратко о проблеме"),
        max_length=200,
        help_text=_("Например: «Ошибка при загрузке заявления». Так обращение быстрее попадёт к нужному специалисту."),
        error_messages={"required": _("Напишите кратко, в чём проблема.")},
    )
    body = forms.CharField(
        label=_("Подробное описание"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Что вы делали, что ожидали и что произошло. Не указывайте пароли и коды из СМС."),
        error_messages={"required": _("Опишите проблему: без описания мы не сможем помочь.")},
    )
    attachments = MultipleFileField(label=_("Файлы (скриншоты, сканы)"))
    # how to reach the citizen about this request: filled in from the profile (SS1), changeable here
    contact_name = forms.CharField(label=_("Как к вам обращаться"), max_length=200, required=False)
    contact_phone = forms.CharField(
        label=_("Телефон для связи"),
        max_length=32,
        required=False,
        help_text=_("Если специалисту удобнее перезвонить. Например: +7 912 345-67-89."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("Электронная почта для ответа"),
        required=False,
        help_text=_("Сюда придёт номер обращения и ответ специалиста."),
        error_messages={"invalid": _("Введите адрес почты в виде имя@домен.ru, например ivanova@mail.ru.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # shown only after the checks found something (SS6): the citizen may send the text as it is
    entries_confirmed = forms.BooleanField(
        label=_("Номера и даты в тексте указаны верно, отправить как есть"), required=False,
        widget=forms.HiddenInput,
    )

    CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")

    def __init__(self, *args, details: CitizenDetails | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._topics = {topic.pk: topic for topic in topic_choices()}
        self.fields["topic"].choices = grouped_topic_choices(list(self._topics.values()))
        self.fields["attachments"].help_text = _attachments_help()
        if details is not None:  # a new form starts with what the profile says; a sent one keeps what was typed
            self.fields["contact_name"].initial = details.full_name
            self.fields["contact_phone"].initial = details.phone_display
            self.fields["contact_email"].initial = details.email

    @property
    def contact_fields(self) -> list:
        return [self[name] for name in self.CONTACT_FIELDS]

    @property
    def request_fields(self) -> list:
        return [field for field in self.visible_fields() if field.name not in self.CONTACT_FIELDS]

    def clean_topic(self) -> Topic | None:
        pk = self.cleaned_data["topic"]
        return self._topics.get(pk) if pk is not None else None

    def clean_contact_name(self) -> str:
        return " ".join(self.cleaned_data["contact_name"].split())

    def clean_contact_phone(self) -> str:
        phone = self.cleaned_data["contact_phone"].strip()
        return normalize_phone(phone) if phone else ""  # ValidationError says how to write it

    def clean(self) -> dict:
        cleaned = super().clean()
        text = f"{cleaned.get('subject', '')}\n{cleaned.get('body', '')}"
        found = suspicious_entries(text)
        if found and not cleaned.get("entries_confirmed"):
            self.fields["entries_confirmed"].widget = forms.CheckboxInput()
            self.add_error("body", " ".join(
                _("Проверьте «%(text)s»: %(hint)s.") % {"text": entry.text, "hint": entry.hint} for entry in found
            ))
        return cleaned


class CitizenReplyForm(forms.Form):
    # "body", as in TicketMessage: static/js/chat.js sends textarea[name=body] over the socket
    body = forms.CharField(
        label=_("Ваше сообщение"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = MultipleFileField(label=_("Файлы"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _attachments_help()

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("body") and not cleaned.get("attachments") and "attachments" not in self.errors:
            self.add_error("body", _("Сообщение пустое: напишите текст или приложите файл."))
        return cleaned
