"""Ops back office for the demo portal's tables; outages posted here show on /status/ and in the chat."""

from django.contrib import admin

from portal.models import PortalAccount, PortalApplication, ServiceIncident


@admin.register(ServiceIncident)
class ServiceIncidentAdmin(admin.ModelAdmin):
    list_display = ("service", "description", "started_at", "expected_recovery_at", "resolved_at")
    list_filter = ("resolved_at",)
    ordering = ("-started_at",)


@admin.register(PortalAccount)
class PortalAccountAdmin(admin.ModelAdmin):
    list_display = ("phone", "status", "block_reason", "mismatch_field")
    list_filter = ("status",)


@admin.register(PortalApplication)
class PortalApplicationAdmin(admin.ModelAdmin):
    list_display = ("number", "service", "status", "submitted_on", "due_on")
    list_filter = ("status",)
    list_select_related = ("account",)
