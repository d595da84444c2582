"""Bearer tokens of the mobile API (api.models.ApiToken)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api.services import token_authenticate


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>`; no header means anonymous, a bad token is refused with 401."""

    keyword = "Bearer"

    def authenticate(self, request):
        try:
            header = authentication.get_authorization_header(request).split()
        except UnicodeEncodeError as error:  # characters no HTTP header carries (a test client can send them)
            raise exceptions.AuthenticationFailed(_("Ключ доступа недействителен или истёк. Войдите снова.")) from error
        if not header or header[0].decode("latin-1").lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Неверный заголовок Authorization: ожидается «Bearer <ключ>»."))
        try:
            raw_key = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("Ключ доступа недействителен или истёк. Войдите снова.")) from error
        token = token_authenticate(raw_key=raw_key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Ключ доступа недействителен или истёк. Войдите снова."))
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'
