"""The CTI webhook: the PBX posts call events here (contract in docs/cti.md). Thin: check, then one service."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from telephony.errors import CallOfAnotherPbx
from telephony.models import IVR_DIGITS_PATTERN, Call, CallEvent, PbxToken
from telephony.route_hints import route_hint_for_call, route_hint_for_caller
from telephony.services import HANGUP_CAUSES, CallEventData, call_event_apply, pbx_token_find, pbx_token_touch

# A PBX clock may drift, and a queued event may be resent after an outage; beyond these it is a broken clock.
MAX_EVENT_AGE = timedelta(days=7)
MAX_CLOCK_AHEAD = timedelta(minutes=5)
MAX_TOKEN_LENGTH = 200
MAX_CALL_SECONDS = 24 * 60 * 60


class PbxTokenAuthentication(BaseAuthentication):
    """«Authorization: Bearer <token>». Unknown token → 401; a revoked one → 403."""

    keyword = b"bearer"

    def authenticate(self, request):
        try:
            parts = get_authorization_header(request).split()
        except UnicodeEncodeError as error:  # characters no HTTP header carries (a test client can send them)
            raise exceptions.AuthenticationFailed(_("Токен АТС не распознан.")) from error
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2 or len(parts[1]) > MAX_TOKEN_LENGTH:
            raise exceptions.AuthenticationFailed(_("Заголовок Authorization: ожидается «Bearer <токен>»."))
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("Токен АТС не распознан.")) from error
        pbx = pbx_token_find(token)
        if pbx is None:
            raise exceptions.AuthenticationFailed(_("Токен АТС не распознан."))
        if not pbx.is_active:
            raise exceptions.PermissionDenied(_("Токен АТС отозван: выпустите новый в администрировании."))
        return AnonymousUser(), pbx

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="cti"'


class PbxTokenScheme(OpenApiAuthenticationExtension):
    """Describes the PBX token in the OpenAPI schema (/api/docs/)."""

    target_class = PbxTokenAuthentication
    name = "pbxToken"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Bearer")  # noqa: S106


class IsPbx(BasePermission):
    message = gettext_lazy("Нужен токен АТС: заголовок «Authorization: Bearer <токен>».")

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, PbxToken)


@extend_schema_field({"oneOf": [{"type": "string", "format": "date-time"}, {"type": "integer"}]})
class EventTimestampField(serializers.Field):
    """ISO 8601 (with an offset) or Unix seconds, as PBXes send them; stored as an aware datetime."""

    default_error_messages = {
        "invalid": gettext_lazy("Время события: ISO 8601 со смещением или секунды Unix."),
        "naive": gettext_lazy("Время события без часового пояса: добавьте смещение, например +03:00 или Z."),
        "range": gettext_lazy("Время события вне допустимого окна: не старше 7 дней и не позже текущего времени."),
    }

    def to_internal_value(self, data) -> datetime:
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, int | float):
            try:
                moment = datetime.fromtimestamp(data, tz=UTC)
            except (OverflowError, OSError, ValueError):
                self.fail("range")
        elif isinstance(data, str) and len(data) <= 64:
            try:
                moment = datetime.fromisoformat(data.replace("Z", "+00:00") if data.endswith("Z") else data)
            except ValueError:
                self.fail("invalid")
            if timezone.is_naive(moment):
                self.fail("naive")
        else:
            self.fail("invalid")
        now = timezone.now()
        if not now - MAX_EVENT_AGE <= moment <= now + MAX_CLOCK_AHEAD:
            self.fail("range")
        return moment

    def to_representation(self, value):
        return value.isoformat()


class CallEventSerializer(serializers.Serializer):
    """Generic CTI fields; `from` is a Python keyword, so it is declared in get_fields()."""

    event = serializers.ChoiceField(choices=CallEvent.Kind.choices)
    callId = serializers.CharField(max_length=250)
    to = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    direction = serializers.ChoiceField(choices=Call.Direction.choices, required=False, default=Call.Direction.IN)
    user = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    answeringNumber = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    cause = serializers.ChoiceField(choices=HANGUP_CAUSES, required=False, allow_blank=True, default="")
    digits = serializers.RegexField(IVR_DIGITS_PATTERN, required=False, allow_blank=True, default="",
                                    error_messages={"invalid": gettext_lazy("Выбор в меню: 1–8 знаков из 0–9, * и #.")})
    transcript = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="",
                                       trim_whitespace=True)
    recordingUrl = serializers.URLField(max_length=1000, required=False, allow_blank=True, default="")
    queue = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    duration = serializers.IntegerField(min_value=0, max_value=MAX_CALL_SECONDS, required=False, allow_null=True,
                                        default=None)
    timestamp = EventTimestampField(required=False)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
        return fields

    def validate_callId(self, value: str) -> str:
        value = value.strip()
        if not value or not value.isprintable():
            raise serializers.ValidationError(_("callId: непустая строка без управляющих символов."))
        return value

    def validate_recordingUrl(self, value: str) -> str:
        if value and not value.lower().startswith("https://"):
            raise serializers.ValidationError(_("Ссылка на запись: только https://."))
        return value

    def validate(self, attrs: dict) -> dict:
        if attrs["event"] == CallEvent.Kind.HANGUP and not attrs.get("cause"):
            raise serializers.ValidationError({"cause": _("Для события hangup укажите причину завершения (cause).")})
        return attrs

    def event_data(self, payload: dict) -> CallEventData:
        data = self.validated_data
        return CallEventData(
            event=data["event"],
            call_id=data["callId"],
            occurred_at=data.get("timestamp") or timezone.now(),
            direction=data["direction"],
            from_number=data["from"].strip(),
            to_number=data["to"].strip(),
            user=data["user"] or data["answeringNumber"].strip(),
            cause=data["cause"],
            digits=data["digits"],
            transcript=data["transcript"],
            recording_url=data["recordingUrl"],
            queue=data["queue"].strip(),
            duration=data["duration"],
            payload=payload,
        )


class RouteOutputSerializer(serializers.Serializer):
    """Whom to ring (telephony.route_hints): an operator who fits, and the queue of the call's level and topic."""

    user = serializers.CharField(allow_null=True, help_text="Кого вызывать: внутренний номер (SIP-логин) или "
                                 "эл. почта оператора; его же АТС присылает в user события answer")
    extension = serializers.CharField(allow_null=True)
    email = serializers.CharField(allow_null=True)
    queue = serializers.CharField(help_text="Очередь АТС по уровню и разделу тем: support-l1-registration, "
                                  "support-l1-triage, support-l3")
    tier = serializers.IntegerField()
    topic = serializers.CharField(allow_null=True)
    reason = serializers.ChoiceField(choices=["assignee", "fits", "nobody"])


class _PbxApi(APIView):
    authentication_classes = [PbxTokenAuthentication]
    permission_classes = [IsPbx]
    parser_classes = [JSONParser]


class CallEventApi(_PbxApi):
    """POST /api/v1/cti/events/: one call event of the PBX; a repeated event answers 200 and changes nothing."""

    class OutputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=["accepted", "merged", "duplicate"])
        callId = serializers.CharField()
        state = serializers.CharField()
        outcome = serializers.CharField()
        ticket = serializers.CharField(allow_null=True)
        route = RouteOutputSerializer(allow_null=True, help_text="Только в ответе на newCall входящего вызова")
        warnings = serializers.ListField(child=serializers.CharField())

    @extend_schema(
        request=CallEventSerializer,
        responses={
            200: OutputSerializer,
            400: OpenApiResponse(description="Поля события не прошли проверку"),
            401: OpenApiResponse(description="Нет токена или токен не распознан"),
            403: OpenApiResponse(description="Токен отозван, или звонок зарегистрирован другой АТС"),
        },
        summary="Событие звонка от АТС (Generic CTI)",
    )
    def post(self, request: Request) -> Response:
        if not isinstance(request.data, dict):
            raise exceptions.ValidationError({"non_field_errors": [_("Тело запроса — JSON-объект события.")]})
        serializer = CallEventSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pbx: PbxToken = request.auth
        data = serializer.event_data(_payload_kept(serializer.validated_data))
        try:
            result = call_event_apply(pbx=pbx, data=data)
        except CallOfAnotherPbx as error:
            raise exceptions.PermissionDenied(str(error)) from error
        pbx_token_touch(pbx)
        call = result.call
        route = None
        if data.event == CallEvent.Kind.NEW_CALL and call.direction == Call.Direction.IN and (
            call.state == Call.State.RINGING
        ):
            route = route_hint_for_call(call).as_payload()
        status = "duplicate" if result.duplicate else "merged" if result.merged else "accepted"
        return Response(
            {
                "status": status,
                "callId": call.call_id,
                "state": call.state,
                "outcome": call.outcome,
                "ticket": call.ticket.number if call.ticket_id else None,
                "route": route,
                "warnings": result.warnings,
            }
        )


class RouteQuerySerializer(serializers.Serializer):
    digits = serializers.RegexField(IVR_DIGITS_PATTERN, required=False, allow_blank=True, default="",
                                    error_messages={"invalid": gettext_lazy("Выбор в меню: 1–8 знаков из 0–9, * и #.")})

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.CharField(max_length=64, required=False, allow_blank=True, default="",
                                               help_text="Номер звонящего, как его видит АТС")
        return fields


class CallRouteApi(_PbxApi):
    """GET /api/v1/cti/route/?from=&digits=: for PBXs that ask whom to ring before the call rings anyone."""

    @extend_schema(
        parameters=[RouteQuerySerializer],
        responses={
            200: RouteOutputSerializer,
            400: OpenApiResponse(description="Параметры не прошли проверку"),
            401: OpenApiResponse(description="Нет токена или токен не распознан"),
            403: OpenApiResponse(description="Токен отозван"),
        },
        summary="Кого вызывать: оператор и очередь для звонка (до вызова)",
    )
    def get(self, request: Request) -> Response:
        query = RouteQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        hint = route_hint_for_caller(number=query.validated_data["from"].strip(), digits=query.validated_data["digits"])
        pbx_token_touch(request.auth)
        return Response(hint.as_payload())


def _payload_kept(data: dict) -> dict:
    """The event as received, for the call's history; the transcript lives on the call itself."""
    kept = {key: value for key, value in data.items() if key != "transcript" and value not in ("", None)}
    if "timestamp" in kept:
        kept["timestamp"] = kept["timestamp"].isoformat()
    return kept
