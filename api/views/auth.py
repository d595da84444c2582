"""Sign-in for the mobile app: email and password give a bearer token; DELETE revokes it."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.contrib.auth import authenticate
from django.contrib.auth.models import update_last_login
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.serializers import SignInInput, TokenOutput
from api.services import token_issue, token_revoke
from api.throttling import AnonymousRateThrottle, CitizenRateThrottle, SignInRateThrottle
from api.views.base import ApiView


class InvalidCredentials(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Неверная почта или пароль. Проверьте раскладку клавиатуры и Caps Lock.")
    default_code = "invalid_credentials"


class LockedOut(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = _("Слишком много неудачных попыток входа. Вход временно заблокирован, попробуйте позже.")
    default_code = "locked_out"

    def __init__(self, wait: int) -> None:
        super().__init__()
        self.wait = wait  # DRF's handler turns it into Retry-After


class NotACitizen(exceptions.PermissionDenied):
    default_detail = _("Мобильное API доступно только гражданам. Сотрудники работают в рабочем месте оператора.")
    default_code = "not_a_citizen"


class TokenApi(ApiView):
    public_methods = frozenset({"POST"})

    def get_throttles(self):
        if self.request.method == "POST":
            return [SignInRateThrottle(), AnonymousRateThrottle()]
        return [CitizenRateThrottle()]

    @extend_schema(
        tags=["Вход"],
        operation_id="auth_token_create",
        summary="Войти: получить ключ доступа",
        description="Почта и пароль гражданина с портала. После нескольких неудачных попыток вход с этого адреса "
        "блокируется (429 с Retry-After), как и на сайте.",
        request=SignInInput,
        responses={201: TokenOutput},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = SignInInput(data=request.data)
        data.is_valid(raise_exception=True)
        email = data.validated_data["email"].lower()  # accounts store emails lower-cased
        # django-axes watches every authenticate() call: failures count against this email and address, and a
        # locked pair is refused before the password is checked. The DRF request carries axes' flags, so the
        # site's HTML lockout page (AxesMiddleware) never replaces this JSON answer.
        user = authenticate(request, username=email, password=data.validated_data["password"])
        if getattr(request, "axes_locked_out", False):
            cool_off = get_cool_off(request)
            raise LockedOut(wait=int(cool_off.total_seconds()) if cool_off else 3600)
        if user is None:
            raise InvalidCredentials
        if not user.is_citizen:
            raise NotACitizen
        # the site resets the failure count on success through the user_logged_in signal; that also opens
        # a session, which a token sign-in has no use for, so the same reset is done here directly
        ip_address = getattr(request, "axes_ip_address", None)  # absent when axes is switched off
        if ip_address:
            AxesProxyHandler.reset_attempts(ip_address=ip_address, username=email)
        update_last_login(None, user)
        raw_key, token = token_issue(user=user, device_name=data.validated_data.get("device_name", ""))
        output = TokenOutput({"token": raw_key, "token_type": "Bearer", "expires_at": token.expires_at})
        return Response(output.data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=["Вход"],
        operation_id="auth_token_revoke",
        summary="Выйти: отозвать ключ этого устройства",
        request=None,
        responses={204: None},
    )
    def delete(self, request: Request) -> Response:
        token_revoke(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)
