"""The chat page: one click opens a dialogue, signed in or not; the reply form also works without JavaScript."""

from __future__ import annotations

import uuid

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from chat.selectors import chat_current, conversation_for_visitor, ticket_get_for_visitor
from chat.services import MESSAGE_MAX_LENGTH, chat_message_send, chat_start
from supportdesk.errors import DomainError
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


def _body_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MESSAGE_MAX_LENGTH,
        strip=True,
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
    body = _body_field(_("Ваше сообщение"))
    client_message_id = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        # Both forms can be on one page (a resolved chat and a new question): ids must differ, names not.
        kwargs.setdefault("auto_id", "reply-%s")
        super().__init__(*args, **kwargs)


def _fresh_id() -> dict:
    return {"client_message_id": str(uuid.uuid4())}


def _staff_redirect(request):
    # Staff answer chats in the back-office; a staff account must not open chats as a citizen.
    if request.user.is_authenticated and request.user.is_desk_staff:
        return redirect("desk:queue")
    return None


def _render_chat(
    request, *, ticket: Ticket | None, start_form=None, reply_form=None, notice: str = "", status: int = 200
):
    conversation = conversation_for_visitor(ticket) if ticket is not None else []
    show_start = ticket is None or not ticket.is_open
    if show_start and start_form is None:
        start_form = ChatStartForm(initial=_fresh_id())
    context = {
        "ticket": ticket,
        "conversation": conversation,
        "last_message_id": max((message.pk for message in conversation), default=0),
        "can_reply": ticket is not None and ticket.status not in (Ticket.Status.CLOSED, Ticket.Status.CANCELLED),
        "reply_form": reply_form or ChatReplyForm(initial=_fresh_id()),
        "start_form": start_form if show_start else None,
        "message_max_length": MESSAGE_MAX_LENGTH,
        "notice": notice,
    }
    return render(request, "chat/chat.html", context, status=status)


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
            return redirect(f"{reverse('chat:start')}#conversation")
    return _render_chat(request, ticket=ticket, start_form=form, status=400)


@require_POST
def send(request, ticket_id: int):
    if (response := _staff_redirect(request)) is not None:
        return response
    ticket = ticket_get_for_visitor(user=request.user, session=request.session, ticket_id=ticket_id)
    if ticket.channel != Channel.CHAT:
        raise Http404
    form = ChatReplyForm(request.POST)
    if form.is_valid():
        try:
            message, _created = chat_message_send(
                ticket=ticket,
                author=request.user,
                as_staff=False,
                body=form.cleaned_data["body"],
                client_message_id=form.cleaned_data["client_message_id"],
            )
        except DomainError as error:
            ticket.refresh_from_db()
            if ticket.status in (Ticket.Status.CLOSED, Ticket.Status.CANCELLED):
                # The chat ended meanwhile: the text moves into a new chat's form instead of being lost.
                start_form = ChatStartForm(initial={"body": form.cleaned_data["body"], **_fresh_id()})
                return _render_chat(request, ticket=ticket, start_form=start_form, notice=str(error), status=409)
            form.add_error("body", str(error))
        else:
            return redirect(f"{reverse('chat:start')}#message-{message.pk}")
    return _render_chat(request, ticket=ticket, reply_form=form, status=400)
