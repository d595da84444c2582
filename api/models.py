"""Sign-in tokens of the mobile API and the stored answers that make creates safe to repeat."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A citizen's sign-in on one device. Only the SHA-256 of the token is kept: a database leak signs no one in."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # the first characters of the token, to tell a user's devices apart in the admin without revealing the token
    key_prefix = models.CharField(_("начало ключа"), max_length=12, editable=False)
    device_name = models.CharField(_("устройство"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("действует до"), db_index=True)
    last_used_at = models.DateTimeField(_("последнее использование"), null=True, blank=True)

    class Meta:
        verbose_name = _("ключ доступа API")
        verbose_name_plural = _("ключи доступа API")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.key_prefix}… ({self.device_name or self.user_id})"


class IdempotencyRecord(models.Model):
    """The answer to a create sent with an Idempotency-Key, replayed when the same request comes again.

    A row without response_status is a request still being handled (or one that died mid-way, taken
    over once its lease runs out).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # method, path and body digest: the same key with another request is refused, never replayed
    request_fingerprint = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)
    # when the request now holding the key started; a holder silent past its lease has died and is replaced
    claimed_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("ключ идемпотентности")
        verbose_name_plural = _("ключи идемпотентности")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="api_idempotency_user_key")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key}"
