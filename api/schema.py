"""OpenAPI description of the mobile API (drf-spectacular): the bearer scheme, error answers, common headers."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from api.idempotency import HEADER as IDEMPOTENCY_HEADER


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Машиночитаемый код: validation_error, not_found, throttled, …")
    detail = serializers.CharField(help_text="Сообщение для гражданина, на языке интерфейса (русский по умолчанию)")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Ошибки по полям запроса",
    )


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Bearer")  # noqa: S106


class ApiAutoSchema(AutoSchema):
    """Adds the error answers every operation can give, so clients (and schema checks) know their shape."""

    def _error_codes(self) -> list[str]:
        codes = ["400", "401", "429"]  # 401: a bad or expired token is refused everywhere, also where none is needed
        view = self.view
        if view.requires_sign_in(self.method):
            codes.append("403")
        if "{" in self.path:
            codes.append("404")
        if self.method == "POST":
            codes += ["409", "413", "415"]
            if getattr(view, "idempotent_create", False):
                codes.append("422")
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorSerializer, code, direction=direction)
        return responses

    def get_override_parameters(self):
        parameters = [
            OpenApiParameter(
                "Retry-After",
                OpenApiTypes.INT,
                OpenApiParameter.HEADER,
                response=[429],
                description="Через сколько секунд можно повторить запрос",
            )
        ]
        if self.method == "POST" and getattr(self.view, "idempotent_create", False):
            parameters.append(
                OpenApiParameter(
                    IDEMPOTENCY_HEADER,
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    required=False,
                    description="Ключ повтора (UUID): тот же ключ с тем же запросом вернёт первый ответ, "
                    "а не создаст дубликат. Хранится сутки.",
                )
            )
        return [*super().get_override_parameters(), *parameters]
