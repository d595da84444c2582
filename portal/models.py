"""The demo implementation's tables: a stand-in for the portal's own systems (portal.gateway.DemoGateway).

Production reads the real portal through portal.gateway.HttpGateway (docs/portal-gateway.md); these tables
let the assistant's scenarios (AU5) run end to end on a bare machine and in tests.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PortalAccount(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("действует")
        BLOCKED = "blocked", _("заблокирована")
        UNCONFIRMED = "unconfirmed", _("не подтверждена")
        DUPLICATE_PHONE = "duplicate_phone", _("телефон привязан к другой учётной записи")
        DATA_MISMATCH = "data_mismatch", _("данные не прошли проверку")

    phone = models.CharField(max_length=12, unique=True)  # +7XXXXXXXXXX
    email = models.EmailField(blank=True)
    snils = models.CharField(max_length=11, blank=True)
    full_name = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    block_reason = models.CharField(max_length=200, blank=True)
    mismatch_field = models.CharField(max_length=64, blank=True)  # which datum the check rejected

    class Meta:
        verbose_name = _("учётная запись портала")
        verbose_name_plural = _("учётные записи портала")
        ordering = ["phone"]

    def __str__(self) -> str:
        return self.phone


class PortalApplication(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("отправлено в ведомство")
        IN_REVIEW = "in_review", _("на рассмотрении")
        NEEDS_CORRECTION = "needs_correction", _("требуется исправление")
        DONE = "done", _("услуга оказана")

    number = models.CharField(max_length=20, unique=True)
    account = models.ForeignKey(PortalAccount, on_delete=models.CASCADE, related_name="applications")
    service = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_on = models.DateField()
    due_on = models.DateField()
    correction_note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("заявление на портале")
        verbose_name_plural = _("заявления на портале")
        ordering = ["-submitted_on", "number"]

    def __str__(self) -> str:
        return self.number


class ServiceIncident(models.Model):
    """A portal service that is down or degraded, with the expected recovery time (AU5)."""

    service = models.CharField(max_length=200)
    description = models.CharField(max_length=300)
    started_at = models.DateTimeField()
    expected_recovery_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("сбой сервиса портала")
        verbose_name_plural = _("сбои сервисов портала")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return self.service
