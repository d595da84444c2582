"""Rate limits of the mobile API. Rates live in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] under these scopes."""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class _ScopedThrottle(SimpleRateThrottle):
    """Reads its rate when asked, not at import, so a changed setting (tests, reloads) takes effect."""

    scope = ""

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def _key(self, ident) -> str:
        return self.cache_format % {"scope": self.scope, "ident": ident}


class CitizenRateThrottle(_ScopedThrottle):
    """Every call of a signed-in citizen, counted per account whichever device or address it comes from."""

    scope = "api_citizen"

    def get_cache_key(self, request, view):
        return self._key(request.user.pk) if request.user.is_authenticated else None


class AnonymousRateThrottle(_ScopedThrottle):
    """Calls without a token (sign-in, knowledge base), counted per client address."""

    scope = "api_anonymous"

    def get_cache_key(self, request, view):
        return None if request.user.is_authenticated else self._key(self.get_ident(request))


class SignInRateThrottle(_ScopedThrottle):
    """Password attempts per address; django-axes also locks the account+address pair after repeated failures."""

    scope = "api_sign_in"

    def get_cache_key(self, request, view):
        return self._key(self.get_ident(request))


class CreateRateThrottle(_ScopedThrottle):
    """New requests and chats per citizen: the queue is shared, so one account cannot flood it."""

    scope = "api_create"

    def get_cache_key(self, request, view):
        if request.method != "POST" or not request.user.is_authenticated:
            return None
        return self._key(request.user.pk)
