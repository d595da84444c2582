"""The chat page: one click opens a dialogue, signed in or not; the reply form also works without JavaScript.

The same page is the portal widget's panel (?embed=1: no header and footer, shown in a same-origin frame).
Files go by HTTP POST (attachments): checked by tickets.attachments, then the message that carries them
reaches both sides over the socket like any other.
"""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chat.models import ChatReadMark
from chat.selectors import (
    chat_current,
    conversation_for_visitor,
    queue_place,
    quick_replies_for,
    read_marks,
    ticket_get_for_visitor,
)
from chat.services import (
    MESSAGE_MAX_LENGTH,
    chat_language_set,
    chat_message_send,
    chat_start,
    language_supported,
)
from chat.transcripts import transcript_response
from chat.uploads import chat_upload_response
from supportdesk.errors import DomainError
from tickets.attachments import attachments_check
from tickets.downloads import public_attachment_download
from tickets.errors import AttachmentRejected
from tickets.forms import grouped_topic_choices
from tickets.models import Channel, Ticket, Topic
from tickets.selectors import topic_choices


class _ClientMessageIdMixin:
    """A hidden id per rendered form: a repeated submit (reload, double click) is saved once."""

    def clean_client_message_id(self) -> str:
        value = self.cleaned_data.get("client_message_id") or ""
        try:
            return str(uuid.UUID(value))
        except ValueError:
            return ""  # a mangled id only loses the duplicate protection, never the message


def _body_field(label, *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MESSAGE_MAX_LENGTH,
        strip=True,
        required=required,
        widget=forms.Textarea,
        error_messages={
            "required": _("Напишите сообщение: без текста мы не поймём вопрос."),
            "max_length": _("Сообщение слишком длинное: не более %(limit_value)d символов (сейчас %(show_value)d)."),
        },
    )


class ChatStartForm(_ClientMessageIdMixin, forms.Form):
    body = _body_field(_("Опишите вопрос"))
    topic = forms.TypedChoiceField(label=_("Тема (необязательно)"), required=False, coerce=int, empty_value=None)
    client_message_id = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._topics = {topic.pk: topic for topic in topic_choices()}
        self.fields["topic"].choices = grouped_topic_choices(list(self._topics.values()))

    def clean_topic(self) -> Topic | None:
        pk = self.cleaned_data["topic"]
        return self._topics.get(pk) if pk is not None else None

    def clean(self) -> dict:
        cleaned = super().clean()
        if "topic" in self.errors:  # the template renders the select's widget; its error is bound here
            self.fields["topic"].widget.attrs.update({"aria-invalid": "true", "aria-describedby": "id_topic-error"})
        return cleaned


class ChatReplyForm(_ClientMessageIdMixin, forms.Form):
    # Not required: a message may be files alone (checked in the view, which sees request.FILES).
    body = _body_field(_("Ваше сообщение"), required=False)
    client_message_id = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        # Both forms can be on one page (a resolved chat and a new question): ids must differ, names not.
        kwargs.setdefault("auto_id", "reply-%s")
        super().__init__(*args, **kwargs)


def _fresh_id() -> dict:
    return {"client_message_id": str(uuid.uuid4())}


def _embedded(request) -> bool:
    return request.GET.get("embed") == "1"


def _chat_url(request, anchor: str = "") -> str:
    return reverse("chat:start") + ("?embed=1" if _embedded(request) else "") + anchor


def _staff_redirect(request):
    # Staff answer chats in the back-office; a staff account must not open chats as a citizen.
    if request.user.is_authenticated and request.user.is_desk_staff:
        return redirect("desk_chats:index")
    return None


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _render_chat(
    request, *, ticket: Ticket | None, start_form=None, reply_form=None, notice: str = "", status: int = 200
):
    conversation = conversation_for_visitor(ticket) if ticket is not None else []
    show_start = ticket is None or not ticket.is_open
    if show_start and start_form is None:
        start_form = ChatStartForm(initial=_fresh_id())
    offered_with, quick_replies = quick_replies_for(ticket_id=ticket.pk) if ticket is not None else (0, [])
    for message in conversation:
        message.quick_replies = quick_replies if message.pk == offered_with and ticket.is_open else []
    marks = read_marks(ticket_id=ticket.pk) if ticket is not None else {}
    context = {
        "ticket": ticket,
        "conversation": conversation,
        "last_message_id": max((message.pk for message in conversation), default=0),
        "can_reply": ticket is not None and ticket.status not in (Ticket.Status.CLOSED, Ticket.Status.CANCELLED),
        "reply_form": reply_form or ChatReplyForm(initial=_fresh_id()),
        "start_form": start_form if show_start else None,
        "message_max_length": MESSAGE_MAX_LENGTH,
        "notice": notice,
        "embed": _embedded(request),
        "assistant_first": settings.CHAT_ASSISTANT_FIRST,
        "queue": queue_place(ticket) if ticket is not None else None,
        "staff_read_up_to": marks.get(ChatReadMark.Side.STAFF, 0),
        "citizen_read_up_to": marks.get(ChatReadMark.Side.CITIZEN, 0),
        "attachment_limits": {
            "count": settings.ATTACHMENT_MAX_COUNT,
            "size_mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024),
        },
    }
    return render(request, "chat/embed.html" if context["embed"] else "chat/chat.html", context, status=status)


@xframe_options_sameorigin
@require_http_methods(["GET", "POST"])
def start(request):
    if (response := _staff_redirect(request)) is not None:
        return response
    ticket = chat_current(user=request.user, session=request.session)
    if request.method == "GET":
        return _render_chat(request, ticket=ticket)
    form = ChatStartForm(request.POST)
    if form.is_valid():
        try:
            chat_start(
                session=request.session,
                citizen=request.user if request.user.is_authenticated else None,
                body=form.cleaned_data["body"],
                topic=form.cleaned_data["topic"],
                language=get_language() or "ru",
                client_message_id=form.cleaned_data["client_message_id"],
            )
        except DomainError as error:
            form.add_error("body", str(error))
        else:
            return redirect(_chat_url(request, "#conversation"))
    return _render_chat(request, ticket=ticket, start_form=form, status=400)


def _visitor_chat(request, ticket_id: int) -> Ticket:
    ticket = ticket_get_for_visitor(user=request.user, session=request.session, ticket_id=ticket_id)
    if ticket.channel != Channel.CHAT:
        raise Http404
    return ticket


@xframe_options_sameorigin
@require_POST
def send(request, ticket_id: int):
    """The reply form without JavaScript: text, files, or both."""
    if (response := _staff_redirect(request)) is not None:
        return response
    ticket = _visitor_chat(request, ticket_id)
    form = ChatReplyForm(request.POST)
    uploads = request.FILES.getlist("files")
    if form.is_valid() and not form.cleaned_data["body"] and not uploads:
        form.add_error("body", _g("Напишите сообщение или приложите файл."))
    if form.is_valid():
        try:
            files = attachments_check(uploads) if uploads else []
            message, _created = chat_message_send(
                ticket=ticket,
                author=request.user,
                as_staff=False,
                body=form.cleaned_data["body"],
                client_message_id=form.cleaned_data["client_message_id"],
                attachments=files,
            )
        except AttachmentRejected as error:
            form.add_error("body", str(error))
        except DomainError as error:
            ticket.refresh_from_db()
            if ticket.status in (Ticket.Status.CLOSED, Ticket.Status.CANCELLED):
                # The chat ended meanwhile: the text moves into a new chat's form instead of being lost.
                start_form = ChatStartForm(initial={"body": form.cleaned_data["body"], **_fresh_id()})
                return _render_chat(request, ticket=ticket, start_form=start_form, notice=str(error), status=409)
            form.add_error("body", str(error))
        else:
            return redirect(_chat_url(request, f"#message-{message.pk}"))
    return _render_chat(request, ticket=ticket, reply_form=form, status=400)


@require_POST
def attachments(request, ticket_id: int):
    """Files (chosen, dropped or pasted screenshots) for the chat's script: a JSON answer, never a page.

    200 {"message_id"} once saved (the message then arrives over the socket); 400 {"error"} in Russian
    (type, size, count) with nothing saved; 409 {"error"} when the chat has ended.
    """
    if request.user.is_authenticated and request.user.is_desk_staff:
        raise Http404  # staff upload from the desk (chat.desk_views)
    ticket = _visitor_chat(request, ticket_id)
    return chat_upload_response(request, ticket=ticket, as_staff=False)


@require_GET
def attachment(request, ticket_id: int, attachment_id: int):
    """A file of the public conversation, for its citizen or the browser session that started the chat."""
    return public_attachment_download(_visitor_chat(request, ticket_id), attachment_id)


@xframe_options_sameorigin
@require_POST
def language(request, ticket_id: int):
    """The citizen switches the chat's language: the ticket's language and the page's strings both change."""
    ticket = _visitor_chat(request, ticket_id)
    code = request.POST.get("language") or ""
    if not language_supported(code):
        return _render_chat(request, ticket=ticket, notice=_g("Этот язык чат пока не поддерживает."), status=400)
    try:
        chat_language_set(ticket=ticket, language=code, actor=request.user if request.user.is_authenticated else None)
    except DomainError as error:
        return _render_chat(request, ticket=ticket, notice=str(error), status=409)
    translation.activate(code)
    response = redirect(_chat_url(request, "#conversation"))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response


@require_GET
def transcript(request, ticket_id: int) -> HttpResponse:
    """The citizen's own transcript: ?format=txt (UTF-8 text, the default) or ?format=html."""
    ticket = _visitor_chat(request, ticket_id)
    return transcript_response(ticket=ticket, fmt=request.GET.get("format", "txt"), for_staff=False)
