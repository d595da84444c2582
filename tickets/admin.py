from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tickets.models import SavedReply, SLAPolicy, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "parent", "complexity", "tier", "is_active", "position"]
    list_filter = ["complexity", "tier", "is_active", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(SLAPolicy)
class SLAPolicyAdmin(admin.ModelAdmin):
    """Targets apply to requests registered after the change; running clocks keep their deadlines."""

    list_display = [
        "name",
        "channel",
        "topic",
        "first_response_seconds",
        "typical_resolution_seconds",
        "complex_resolution_seconds",
        "hard_cap_seconds",
        "at_risk_ratio",
        "objective_percent",
        "is_active",
    ]
    list_filter = ["is_active", "channel"]
    list_select_related = ["topic", "topic__parent"]
    search_fields = ["name"]
    autocomplete_fields = ["topic"]
    fieldsets = [
        (None, {"fields": ["name", "is_active"]}),
        (
            _("Где действует"),
            {
                "fields": ["channel", "topic"],
                "description": _("Действует самая точная политика: канал и тема → тема → канал → любая."),
            },
        ),
        (
            _("Сроки"),
            {
                "fields": [
                    "first_response_seconds",
                    "typical_resolution_seconds",
                    "complex_resolution_seconds",
                    "hard_cap_seconds",
                    "at_risk_ratio",
                    "objective_percent",
                ],
                "description": _(
                    "Сроки в секундах от регистрации обращения, каждый не меньше 1 секунды и по порядку: "
                    "первый ответ ≤ решение типового ≤ решение сложного ≤ предельный срок."
                ),
            },
        ),
    ]


@admin.register(SavedReply)
class SavedReplyAdmin(admin.ModelAdmin):
    list_display = ["title", "topic", "language", "is_active"]
    list_filter = ["is_active", "language"]
    list_select_related = ["topic", "topic__parent"]
    search_fields = ["title", "body"]
    autocomplete_fields = ["topic"]
