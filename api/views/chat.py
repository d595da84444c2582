"""Chat from the app: start a dialogue, send into it (deduplicated by client_message_id), fetch what is new.

The app has no websocket: it polls GET …/messages/?after=<last id>. A chat is a request (channel «chat»),
so GET /requests/<number>/ shows it too.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from api.idempotency import idempotent
from api.serializers import (
    ChatMessageInput,
    ChatStartInput,
    MessageListOutput,
    MessageOutput,
    MessagesAfterQuery,
    RequestDetailOutput,
)
from api.views.base import ApiView, CreateApiView
from api.views.requests import request_detail_data, request_get_for_citizen, topic_from_code
from chat.selectors import messages_after
from chat.services import chat_message_send, chat_start
from tickets.attachments import attachments_check
from tickets.models import Channel, Ticket
from tickets.selectors import ticket_messages


class DeviceSession(dict):
    """chat_start remembers a visitor's chats in their browser session. A phone signed in with a token has
    none: its chats belong to the citizen's account, so this stand-in keeps nothing and has no key."""

    session_key = ""


def chat_get_for_citizen(*, user, number: str) -> Ticket:
    ticket = request_get_for_citizen(user=user, number=number)
    if ticket.channel != Channel.CHAT:
        raise exceptions.NotFound
    return ticket


class ChatStartApi(CreateApiView):
    @extend_schema(
        tags=["Чат"],
        operation_id="chat_start",
        summary="Начать чат",
        description="Первым отвечает помощник, при необходимости он передаёт чат специалисту. Если у гражданина "
        "уже есть незавершённый чат, сообщение добавляется в него.",
        request=ChatStartInput,
        responses={201: RequestDetailOutput},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = ChatStartInput(data=request.data)
        data.is_valid(raise_exception=True)
        ticket = chat_start(
            session=DeviceSession(),
            citizen=request.user,
            body=data.validated_data["body"],
            topic=topic_from_code(data.validated_data.get("topic", "")),
            language=request.LANGUAGE_CODE,
            client_message_id=data.validated_data.get("client_message_id", ""),
        )
        ticket.refresh_from_db()  # the assistant may have answered and moved it on commit
        return Response(request_detail_data(request, ticket), status=status.HTTP_201_CREATED)


class ChatMessagesApi(ApiView):
    parser_classes = [JSONParser, MultiPartParser]
    idempotent_create = True

    @extend_schema(
        tags=["Чат"],
        operation_id="chat_messages_list",
        summary="Новые сообщения чата",
        description="Сообщения с id больше after, по возрастанию id: опрос без пропусков.",
        parameters=[MessagesAfterQuery],
        responses={200: MessageListOutput},
    )
    def get(self, request: Request, number: str) -> Response:
        ticket = chat_get_for_citizen(user=request.user, number=number)
        query = MessagesAfterQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        messages = messages_after(ticket_id=ticket.pk, after=query.validated_data["after"], include_internal=False)
        context = {"request": request, "ticket_number": ticket.number}
        return Response(MessageListOutput({"results": messages}, context=context).data)

    @extend_schema(
        tags=["Чат"],
        operation_id="chat_message_create",
        summary="Написать в чат",
        description="Повтор с тем же client_message_id (после обрыва связи) не создаёт копию: ответ 200 с "
        "сохранённым сообщением. Файлы (сканы, снимки экрана) — multipart/form-data в повторяющемся поле "
        "attachments, с теми же проверками и пределами, что в чате на портале; текст тогда может быть пустым.",
        request={"multipart/form-data": ChatMessageInput, "application/json": ChatMessageInput},
        responses={201: MessageOutput, 200: MessageOutput},
    )
    @idempotent
    def post(self, request: Request, number: str) -> Response:
        ticket = chat_get_for_citizen(user=request.user, number=number)
        data = ChatMessageInput(data=request.data)
        data.is_valid(raise_exception=True)
        # the one attachment service, as the widget's uploads (chat.uploads): AttachmentRejected → 400
        attachments = attachments_check(data.validated_data.get("attachments", []))
        message, created = chat_message_send(
            ticket=ticket,
            author=request.user,
            as_staff=False,
            body=data.validated_data.get("body", ""),
            client_message_id=data.validated_data.get("client_message_id", ""),
            attachments=attachments,
        )
        message = ticket_messages(ticket, include_internal=False).get(pk=message.pk)  # with its files
        output = MessageOutput(message, context={"request": request, "ticket_number": ticket.number})
        return Response(output.data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
