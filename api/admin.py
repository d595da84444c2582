from django.contrib import admin

from api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Signed-in devices: ops can see them and revoke one by deleting it; the keys themselves are never stored."""

    list_display = ["key_prefix", "user", "device_name", "created_at", "last_used_at", "expires_at"]
    list_select_related = ["user"]
    search_fields = ["user__email", "key_prefix", "device_name"]
    readonly_fields = ["user", "key_prefix", "device_name", "created_at", "last_used_at", "expires_at"]
    fields = readonly_fields

    def has_add_permission(self, request) -> bool:
        return False  # tokens are issued only by signing in
