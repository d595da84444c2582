"""What every view of the mobile API shares: bearer tokens, citizens only, rate limits, one error shape."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from api.authentication import BearerTokenAuthentication
from api.errors import api_error_handler
from api.permissions import IsCitizen
from api.schema import ApiAutoSchema
from api.throttling import AnonymousRateThrottle, CitizenRateThrottle, CreateRateThrottle

# The largest id a PostgreSQL integer column holds: larger ids in a URL are simply not found.
MAX_ID = 2**31 - 1


class BodyTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = _("Запрос слишком большой. Файлы отправляйте частями multipart/form-data, текст — короче.")
    default_code = "request_too_large"


def json_body_check(request) -> None:
    """DRF reads JSON from the stream, past Django's DATA_UPLOAD_MAX_MEMORY_SIZE check: apply it here.

    Multipart bodies are exempt: their files go to disk and tickets.attachments limits them.
    """
    if request.content_type.startswith("multipart/"):
        return
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        raise BodyTooLarge


class ApiView(APIView):
    authentication_classes = [BearerTokenAuthentication]
    throttle_classes = [CitizenRateThrottle, AnonymousRateThrottle]
    parser_classes = [JSONParser]
    schema = ApiAutoSchema()
    # methods anyone may call without a token (knowledge base, sign-in)
    public_methods: frozenset[str] = frozenset()
    # POST creates something and honours Idempotency-Key (api.idempotency)
    idempotent_create = False

    def requires_sign_in(self, method: str) -> bool:
        return method.upper() not in self.public_methods

    def get_permissions(self):
        return [AllowAny()] if not self.requires_sign_in(self.request.method) else [IsCitizen()]

    def get_exception_handler(self):
        return api_error_handler

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        json_body_check(request)


class CreateApiView(ApiView):
    """A view whose POST opens something new (a request, a chat): also limited per hour, JSON or multipart."""

    throttle_classes = [*ApiView.throttle_classes, CreateRateThrottle]
    parser_classes = [JSONParser, MultiPartParser]
    idempotent_create = True


@extend_schema(exclude=True)
class UnknownPathApi(ApiView):
    """Any other path under the app's prefixes: the same JSON 404 as a missing object, not Django's HTML page."""

    public_methods = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

    def initial(self, request, *args, **kwargs):
        raise exceptions.NotFound
