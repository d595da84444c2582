"""A citizen's requests: open one (with scans and signatures), list them, read one, write in it, download files."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from api.idempotency import idempotent
from api.pagination import page_least_recently_updated, page_newest_first
from api.selectors import request_feed_after
from api.serializers import (
    FeedOutput,
    FeedQuery,
    MessageCreateInput,
    MessageOutput,
    RequestCreateInput,
    RequestDetailOutput,
    RequestListQuery,
    RequestPageOutput,
    TopicOutput,
)
from api.views.base import MAX_ID, ApiView, CreateApiView
from tickets.attachments import attachments_check
from tickets.downloads import public_attachment_download
from tickets.input_checks import suspicious_entries
from tickets.models import Channel, Ticket, TicketMessage, Topic
from tickets.permissions import ticket_get_for_citizen
from tickets.selectors import ticket_events, ticket_list_for_citizen, ticket_messages, topic_choices
from tickets.services import CITIZEN_VISIBLE_EVENT_KINDS, message_post, ticket_intake

_NUMBER = re.compile(r"^SD-\d{4}-\d{1,12}$")


def request_get_for_citizen(*, user, number: str) -> Ticket:
    """The citizen's own request; someone else's and a missing one both give the same 404."""
    if not _NUMBER.match(number):  # never send arbitrary bytes to the database as a number
        raise exceptions.NotFound
    return ticket_get_for_citizen(user=user, number=number)


def topic_from_code(code: str) -> Topic | None:
    if not code:
        return None
    topic = Topic.objects.filter(code=code, is_active=True).first()
    if topic is None:
        raise exceptions.ValidationError({"topic": [_("Нет такой темы: выберите из списка /api/v1/topics/.")]})
    return topic


def request_detail_data(request: Request, ticket: Ticket) -> dict:
    """The request as its owner sees it: public messages only (internal notes never), citizen-visible history."""
    context = {
        "request": request,
        "ticket_number": ticket.number,
        "messages": list(ticket_messages(ticket, include_internal=False)),
        "history": list(ticket_events(ticket, kinds=CITIZEN_VISIBLE_EVENT_KINDS)),
    }
    return RequestDetailOutput(ticket, context=context).data


_MULTIPART_OR_JSON = {"multipart/form-data": RequestCreateInput, "application/json": RequestCreateInput}


class RequestListCreateApi(CreateApiView):
    @extend_schema(
        tags=["Обращения"],
        operation_id="requests_list",
        summary="Мои обращения",
        description="Новые первыми, страницами по курсору (next_cursor). Фильтр по статусу. С updated_after — "
        "лента изменений для приложения без постоянной связи: обращения, изменённые с этого момента, давно "
        "изменённые первыми, тоже страницами по курсору.",
        parameters=[RequestListQuery],
        responses={200: RequestPageOutput},
    )
    def get(self, request: Request) -> Response:
        query = RequestListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        tickets = ticket_list_for_citizen(request.user)
        if values.get("status"):
            tickets = tickets.filter(status=values["status"])
        if values.get("updated_after") is not None:  # the change feed: oldest change first
            tickets = tickets.filter(updated_at__gte=values["updated_after"])
            rows, next_cursor = page_least_recently_updated(tickets, cursor=values.get("cursor"), limit=values["limit"])
        else:
            rows, next_cursor = page_newest_first(tickets, cursor=values.get("cursor"), limit=values["limit"])
        return Response(RequestPageOutput({"results": rows, "next_cursor": next_cursor}).data)

    @extend_schema(
        tags=["Обращения"],
        operation_id="request_create",
        summary="Открыть обращение",
        description="JSON без файлов или multipart/form-data с файлами в повторяющемся поле attachments "
        "(сканы документов, фотографии подписи). Файлы проверяются по содержимому. Если в тексте есть "
        "номера или даты, похожие на ошибочные (СНИЛС, ИНН, телефон), ответ 400 с подсказкой; "
        "entries_confirmed=true отправляет текст как есть.",
        request=_MULTIPART_OR_JSON,
        responses={201: RequestDetailOutput},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = RequestCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        topic = topic_from_code(values.get("topic", ""))
        found = suspicious_entries(f"{values['subject']}\n{values['body']}")
        if found and not values["entries_confirmed"]:
            hints = [_("Проверьте «%(text)s»: %(hint)s.") % {"text": entry.text, "hint": entry.hint} for entry in found]
            raise exceptions.ValidationError({"body": hints}, code="entries_suspicious")
        # files come as repeated multipart parts «attachments»; AttachmentRejected → 400 with its message
        attachments = attachments_check(values.get("attachments", []))
        ticket = ticket_intake(
            channel=Channel.MOBILE,
            citizen=request.user,
            subject=values["subject"],
            body=values["body"],
            topic=topic,
            language=request.LANGUAGE_CODE,
            attachments=attachments,
        )
        return Response(request_detail_data(request, ticket), status=status.HTTP_201_CREATED)


class RequestDetailApi(ApiView):
    @extend_schema(
        tags=["Обращения"],
        operation_id="request_retrieve",
        summary="Обращение: переписка и история",
        responses={200: RequestDetailOutput},
    )
    def get(self, request: Request, number: str) -> Response:
        ticket = request_get_for_citizen(user=request.user, number=number)
        return Response(request_detail_data(request, ticket))


class RequestEventsApi(ApiView):
    @extend_schema(
        tags=["Обращения"],
        operation_id="request_events_list",
        summary="Что нового в обращении",
        description="История, видимая гражданину, и сообщения после записи after, в порядке журнала: "
        "приложение хранит last_id и догоняет обращение после перерыва в связи. Внутренние заметки не "
        "показываются.",
        parameters=[FeedQuery],
        responses={200: FeedOutput},
    )
    def get(self, request: Request, number: str) -> Response:
        ticket = request_get_for_citizen(user=request.user, number=number)
        query = FeedQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = request_feed_after(ticket, after=query.validated_data["after"], limit=query.validated_data["limit"])
        context = {"request": request, "ticket_number": ticket.number}
        body = {"results": page.items, "last_id": page.last_id, "has_more": page.has_more, "status": ticket.status}
        return Response(FeedOutput(body, context=context).data)


class RequestMessageCreateApi(ApiView):
    parser_classes = [JSONParser, MultiPartParser]
    idempotent_create = True

    @extend_schema(
        tags=["Обращения"],
        operation_id="request_message_create",
        summary="Написать в обращение",
        description="Ответ или уточнение; можно с файлами (multipart). Сообщение в решённое обращение снова "
        "открывает его. Повтор с тем же client_message_id возвращает уже сохранённое сообщение (200).",
        request={"multipart/form-data": MessageCreateInput, "application/json": MessageCreateInput},
        responses={201: MessageOutput, 200: MessageOutput},
    )
    @idempotent
    def post(self, request: Request, number: str) -> Response:
        ticket = request_get_for_citizen(user=request.user, number=number)
        data = MessageCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        attachments = attachments_check(data.validated_data.get("attachments", []))
        message, created = message_post(
            ticket=ticket,
            author=request.user,
            body=data.validated_data.get("body", ""),
            author_kind=TicketMessage.AuthorKind.CITIZEN,
            channel=Channel.MOBILE,
            client_message_id=data.validated_data.get("client_message_id", ""),
            attachments=attachments,
        )
        message = ticket_messages(ticket, include_internal=False).get(pk=message.pk)
        output = MessageOutput(message, context={"request": request, "ticket_number": ticket.number})
        return Response(output.data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class RequestAttachmentApi(ApiView):
    @extend_schema(
        tags=["Обращения"],
        operation_id="request_attachment_download",
        summary="Скачать файл из переписки",
        responses={(200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    def get(self, request: Request, number: str, attachment_id: int):
        ticket = request_get_for_citizen(user=request.user, number=number)
        if attachment_id > MAX_ID:
            raise exceptions.NotFound
        return public_attachment_download(ticket, attachment_id)


class TopicListApi(ApiView):
    @extend_schema(
        tags=["Обращения"],
        operation_id="topics_list",
        summary="Темы обращений",
        responses={200: TopicOutput(many=True)},
    )
    def get(self, request: Request) -> Response:
        return Response(TopicOutput(topic_choices(), many=True).data)
