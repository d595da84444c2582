"""Shapes of the mobile API: inputs validated here, outputs built from model rows (no logic)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from chat.services import MESSAGE_MAX_LENGTH as CHAT_MESSAGE_MAX_LENGTH
from knowledgebase.article_text import body_blocks, highlight_fragments
from tickets.forms import MESSAGE_MAX_LENGTH
from tickets.models import Ticket, TicketMessage
from tickets.views import event_description

CLIENT_MESSAGE_ID_MAX_LENGTH = 64  # TicketMessage.client_message_id
PAGE_SIZE_MAX = 50


# --- inputs ---


class SignInInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=256, trim_whitespace=False)
    device_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text=_("Например, «iPhone Анны»: видно в списке входов")
    )


def _attachments_field():
    return serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),  # empty files get attachments_check's named message
        required=False,
        help_text=_("Сканы, фотографии, подписи: до 5 файлов по 10 МБ (JPG, PNG, PDF, DOCX, ODT, текст)."),
    )


class _TopicCodeField(serializers.SlugField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("help_text", _("Код темы из /api/v1/topics/; без темы её определит помощник."))
        super().__init__(**kwargs)


class RequestCreateInput(serializers.Serializer):
    subject = serializers.CharField(max_length=200, error_messages={"blank": _("Напишите кратко, в чём проблема.")})
    body = serializers.CharField(
        max_length=MESSAGE_MAX_LENGTH,
        error_messages={"blank": _("Опишите проблему: без описания мы не сможем помочь.")},
    )
    topic = _TopicCodeField()
    entries_confirmed = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Номера и даты в тексте проверены гражданином: отправить, даже если они выглядят ошибочными."),
    )
    attachments = _attachments_field()


class MessageCreateInput(serializers.Serializer):
    body = serializers.CharField(max_length=MESSAGE_MAX_LENGTH, required=False, allow_blank=True)
    client_message_id = serializers.CharField(
        max_length=CLIENT_MESSAGE_ID_MAX_LENGTH,
        required=False,
        allow_blank=True,
        help_text=_("Идентификатор сообщения на устройстве: повторная отправка не создаст копию."),
    )
    attachments = _attachments_field()


class ChatStartInput(serializers.Serializer):
    body = serializers.CharField(max_length=CHAT_MESSAGE_MAX_LENGTH)
    topic = _TopicCodeField()
    client_message_id = serializers.CharField(max_length=CLIENT_MESSAGE_ID_MAX_LENGTH, required=False, allow_blank=True)


class ChatMessageInput(serializers.Serializer):
    body = serializers.CharField(
        max_length=CHAT_MESSAGE_MAX_LENGTH,
        required=False,
        allow_blank=True,
        help_text=_("Текст сообщения; с файлами может быть пустым"),
    )
    client_message_id = serializers.CharField(max_length=CLIENT_MESSAGE_ID_MAX_LENGTH, required=False, allow_blank=True)
    attachments = _attachments_field()


class CursorQuery(serializers.Serializer):
    cursor = serializers.CharField(
        required=False, max_length=64, help_text=_("Значение next_cursor из предыдущей страницы")
    )
    limit = serializers.IntegerField(required=False, min_value=1, max_value=PAGE_SIZE_MAX, default=20)


class RequestListQuery(CursorQuery):
    status = serializers.ChoiceField(choices=Ticket.Status.choices, required=False)
    updated_after = serializers.DateTimeField(
        required=False,
        help_text=_(
            "Только обращения, изменённые в этот момент или позже (ISO 8601), давно изменённые первыми: "
            "лента изменений. Передайте наибольший updated_at из полученных; строки с ним придут снова."
        ),
    )


class FeedQuery(serializers.Serializer):
    after = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=2**63 - 1,
        default=0,
        help_text=_("last_id из предыдущего ответа: вернутся только более новые записи"),
    )
    limit = serializers.IntegerField(required=False, min_value=1, max_value=PAGE_SIZE_MAX, default=PAGE_SIZE_MAX)


class ArticleListQuery(CursorQuery):
    category = serializers.SlugField(required=False, max_length=64)


class SearchQuery(serializers.Serializer):
    q = serializers.CharField(max_length=200, help_text=_("Что ищет гражданин, обычными словами"))
    limit = serializers.IntegerField(required=False, min_value=1, max_value=PAGE_SIZE_MAX, default=20)


class MessagesAfterQuery(serializers.Serializer):
    after = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=2**63 - 1,
        default=0,
        help_text=_("id последнего полученного сообщения: вернутся только более новые"),
    )


# --- outputs ---


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()
    token_type = serializers.CharField()
    expires_at = serializers.DateTimeField()


class TopicOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    parent_code = serializers.SerializerMethodField()

    def get_parent_code(self, topic) -> str | None:
        return topic.parent.code if topic.parent_id else None


class TopicBriefOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class RequestBriefOutput(serializers.Serializer):
    number = serializers.CharField()
    subject = serializers.CharField()
    channel = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    topic = TopicBriefOutput(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True, help_text=_("Ожидаемый срок ответа"))


class AttachmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, attachment) -> str:
        path = reverse("api:request-attachment", args=[self.context["ticket_number"], attachment.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class MessageOutput(serializers.Serializer):
    id = serializers.IntegerField()
    author_kind = serializers.ChoiceField(choices=TicketMessage.AuthorKind.choices)
    author_kind_display = serializers.CharField(source="get_author_kind_display")
    body = serializers.CharField()
    client_message_id = serializers.CharField()
    created_at = serializers.DateTimeField()
    attachments = AttachmentOutput(many=True)


class HistoryOutput(serializers.Serializer):
    kind = serializers.CharField()
    description = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_description(self, event) -> str:
        return event_description(event)


class RequestDetailOutput(RequestBriefOutput):
    can_reply = serializers.SerializerMethodField()
    messages = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    def get_can_reply(self, ticket) -> bool:
        return ticket.status not in (Ticket.Status.CLOSED, Ticket.Status.CANCELLED)

    @extend_schema_field(MessageOutput(many=True))
    def get_messages(self, ticket):
        return MessageOutput(self.context["messages"], many=True, context=self.context).data

    @extend_schema_field(HistoryOutput(many=True))
    def get_history(self, ticket):
        return HistoryOutput(self.context["history"], many=True).data


class FeedItemOutput(serializers.Serializer):
    id = serializers.IntegerField(source="event.pk", help_text=_("Курсор ленты: передайте как after"))
    kind = serializers.CharField(source="event.kind", help_text=_("message — сообщение; иначе — событие истории"))
    description = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(source="event.created_at")
    message = serializers.SerializerMethodField()

    def get_description(self, item) -> str:
        return event_description(item.event)

    @extend_schema_field(MessageOutput(allow_null=True))
    def get_message(self, item):
        return MessageOutput(item.message, context=self.context).data if item.message is not None else None


class FeedOutput(serializers.Serializer):
    results = FeedItemOutput(many=True)
    last_id = serializers.IntegerField(help_text=_("Наибольший id в ответе (или переданный after): следующий after"))
    has_more = serializers.BooleanField(help_text=_("true — есть ещё записи: запросите сразу с after=last_id"))
    status = serializers.CharField(help_text=_("Статус обращения сейчас"))


class RequestPageOutput(serializers.Serializer):
    results = RequestBriefOutput(many=True)
    next_cursor = serializers.CharField(allow_null=True, help_text=_("null — это последняя страница"))


class MessageListOutput(serializers.Serializer):
    results = MessageOutput(many=True)


class CategoryBriefOutput(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class ArticleBriefOutput(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    updated_at = serializers.DateTimeField()


class CategoryOutput(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    articles = ArticleBriefOutput(many=True, source="visible_articles")


class ArticleBlockOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["heading", "steps", "bullets", "paragraph"])
    lines = serializers.ListField(child=serializers.CharField())


class ArticleOutput(ArticleBriefOutput):
    category = CategoryBriefOutput()
    topic = TopicBriefOutput(allow_null=True)
    body = serializers.CharField(help_text=_("Простой текст; его разбор на блоки — в blocks"))
    blocks = serializers.SerializerMethodField()
    regulation_as_of = serializers.DateField(allow_null=True)

    @extend_schema_field(ArticleBlockOutput(many=True))
    def get_blocks(self, article):
        return ArticleBlockOutput(body_blocks(article.body), many=True).data


class ArticlePageOutput(serializers.Serializer):
    results = ArticleOutput(many=True)
    next_cursor = serializers.CharField(allow_null=True)


class HeadlineFragmentOutput(serializers.Serializer):
    text = serializers.CharField()
    is_match = serializers.BooleanField()


class SearchHitOutput(ArticleBriefOutput):
    category = CategoryBriefOutput()
    headline = serializers.SerializerMethodField()

    @extend_schema_field(HeadlineFragmentOutput(many=True))
    def get_headline(self, article):
        return HeadlineFragmentOutput(highlight_fragments(article.headline), many=True).data


class SearchOutput(serializers.Serializer):
    results = SearchHitOutput(many=True)
    is_partial = serializers.BooleanField(help_text=_("true — статьи содержат не все слова запроса"))
    corrected = serializers.DictField(child=serializers.CharField(), help_text=_("исправленные опечатки"))
