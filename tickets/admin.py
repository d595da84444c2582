from django.contrib import admin

from tickets.models import Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "parent", "complexity", "tier", "is_active", "position"]
    list_filter = ["complexity", "tier", "is_active", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}
