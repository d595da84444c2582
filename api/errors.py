"""One JSON shape for every error of the mobile API: {"code", "detail", "fields"?}, messages in Russian.

`code` is stable for programs, `detail` is a sentence to show the citizen, `fields` maps input fields to
their messages. Unexpected failures are logged and answered in the same shape, never with an HTML page.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response

from chat.services import MessageTooLong
from supportdesk.errors import DomainError, api_exception_handler
from tickets.errors import AttachmentRejected, EmptyMessage, TicketClosed

logger = logging.getLogger(__name__)

# Domain refusals that are about the input, not the state of the request: the client must change what it sends.
_INPUT_ERRORS: dict[type[DomainError], tuple[str, str]] = {
    AttachmentRejected: ("attachment_rejected", "attachments"),
    EmptyMessage: ("empty_message", "body"),
    MessageTooLong: ("message_too_long", "body"),
}


def _messages(detail) -> list[str]:
    """Flatten DRF's nested error details (lists, per-item dicts of ListField) into plain sentences."""
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _messages(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in _messages(value)]
    return [str(detail)]


def _body(code: str, detail: str, fields: dict | None = None) -> dict:
    body = {"code": code, "detail": detail}
    if fields:
        body["fields"] = fields
    return body


def _domain_response(exc: DomainError) -> Response:
    for error_class, (code, field) in _INPUT_ERRORS.items():
        if isinstance(exc, error_class):
            return Response(_body(code, str(exc), {field: [str(exc)]}), status=status.HTTP_400_BAD_REQUEST)
    code = "ticket_closed" if isinstance(exc, TicketClosed) else "conflict"
    return Response(_body(code, str(exc)), status=status.HTTP_409_CONFLICT)


def _validation_body(exc: exceptions.ValidationError) -> dict:
    detail = exc.detail
    if isinstance(detail, dict):
        fields = {name: _messages(value) for name, value in detail.items()}
        general = fields.pop("non_field_errors", [])
        summary = general[0] if general else _("Проверьте данные запроса.")
        return _body("validation_error", summary, fields)
    messages = _messages(detail)
    return _body("validation_error", messages[0] if messages else _("Проверьте данные запроса."))


def _code_of(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def api_error_handler(exc, context):
    """The exception handler of every view in this app (api.views.base.ApiView)."""
    if isinstance(exc, DomainError):
        return _domain_response(exc)
    if isinstance(exc, exceptions.Throttled):
        wait = exc.wait or 1
        response = api_exception_handler(exc, context)
        response.data = _body(
            "throttled", _("Слишком много запросов. Повторите через %(seconds)d с.") % {"seconds": wait}
        )
        response["Retry-After"] = str(wait)
        return response
    if isinstance(exc, SuspiciousOperation):  # too many fields or files, an oversized form: Django's 400
        return Response(
            _body("bad_request", _("Запрос слишком большой или из слишком многих частей: отправьте меньше за раз.")),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = api_exception_handler(exc, context)
    if response is None:  # a bug, not the client's fault: logged with its trace, answered without details
        logger.exception("api: unhandled error in %s", context["view"].__class__.__name__, exc_info=exc)
        return Response(
            _body("server_error", _("Внутренняя ошибка сервиса. Повторите запрос позже.")),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    if isinstance(exc, exceptions.ValidationError):
        response.data = _validation_body(exc)
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = _body(_code_of(exc), str(response.data["detail"]))
    return response
